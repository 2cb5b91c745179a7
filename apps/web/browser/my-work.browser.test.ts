import type { Locator, Page } from 'playwright-core';
import type { Activity, Deal, Pipeline } from '@/lib/records';
import type { Page as ApiPage } from '@/lib/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, expectReadablePage, joinByInvitation, newPerson, openBrowser, screenshot, signUp, signUpByApi, type OpenBrowser } from './harness';

// My work, the page a person starts the day on: their open tasks grouped by
// when they are due (overdue, today, upcoming) and their open deals. Tasks and
// deals are seeded through the API, some of them the person's and some not
// (a colleague's, a finished one, a won or lost deal), and the page must show
// exactly the person's open work.

type ListAnswer<T> = Pick<ApiPage<T>, 'data'>;

/** Noon of the day `days` from today, in this machine's time zone (the browser's too): safely inside that calendar day. */
function noonIn(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  date.setHours(12, 0, 0, 0);
  return date.toISOString();
}

function tasksSection(page: Page): Locator {
  return page.getByRole('region', { name: /^My tasks/ });
}

function dealsSection(page: Page): Locator {
  return page.getByRole('region', { name: /^My open deals/ });
}

/** A group of tasks under its heading ("Overdue 2"): a region named by the heading. */
function dueGroup(page: Page, label: 'Overdue' | 'Today' | 'Upcoming' | 'No date'): Locator {
  return tasksSection(page).getByRole('region', { name: new RegExp(`^${label}\\b`) });
}

/** The subjects shown in a group, in order. */
async function subjectsIn(group: Locator): Promise<string[]> {
  const labels = await group.getByRole('checkbox').evaluateAll((boxes) => boxes.map((box) => (box as HTMLInputElement).labels?.[0]?.textContent ?? ''));
  return labels.map((label) => label.replace(/^(Mark as done: |Done: )/, ''));
}

/** The text of each element as written (a screen reader's words, not the CSS-uppercased rendering), spaces collapsed. */
async function texts(locator: Locator): Promise<string[]> {
  const all = await locator.evaluateAll((els) => els.map((el) => el.textContent ?? ''));
  return all.map((text) => text.replace(/\s+/g, ' ').trim());
}

async function openMyWork(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My work', exact: true }).click();
  await page.waitForURL('**/my-work');
  await page.getByRole('heading', { name: 'My work', level: 1 }).waitFor();
  await page.waitForFunction(() => !document.querySelector('main [role="status"][aria-label^="Loading"]'));
}

describe('My work of a person who has only just signed up', () => {
  let chromium: OpenBrowser;

  beforeAll(async () => {
    chromium = await openBrowser();
  });
  afterAll(async () => {
    await chromium.close();
  });

  it('says nothing is due and there are no open deals', async () => {
    const { page, errors } = await chromium.newPage();
    await signUp(page, newPerson('Fresh'));
    await tasksSection(page).getByRole('heading', { name: 'Nothing due — nice' }).waitFor();
    await dealsSection(page).getByRole('heading', { name: 'No open deals' }).waitFor();
    expect(await page.getByRole('checkbox').count()).toBe(0);
    await expectReadablePage(page);
    await screenshot(page, 'my-work-empty');
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});

describe('My work of a person with tasks and deals, among a colleague’s', () => {
  let chromium: OpenBrowser;
  let page: Page;
  let errors: Error[];
  const person = newPerson('Worker');
  const colleague = newPerson('Colleague');
  const tasks = {
    overdue: 'Send the overdue invoice',
    today: 'Call Ada back',
    upcoming: 'Prepare the quarterly review',
    colleagues: 'Colleague’s own follow-up',
    done: 'Already finished task',
  };
  const deals = { open: 'Acme expansion', won: 'Won already', lost: 'Lost cause', colleagues: 'Colleague’s big deal' };
  const ids: Record<string, string> = {};

  async function task(id: string | undefined): Promise<Activity> {
    return apiCall<Activity>(page, 'GET', `/api/v1/activities/${id ?? ''}`);
  }

  beforeAll(async () => {
    chromium = await openBrowser();
    ({ page, errors } = await chromium.newPage());
    const me = await signUpByApi(page, person);
    const other = await chromium.newPage();
    const { userId: colleagueId } = await joinByInvitation(page, other.page, colleague, 'member');

    const seedTask = async (key: keyof typeof tasks, fields: Record<string, unknown>) => {
      ids[key] = (await apiCall<Activity>(page, 'POST', '/api/v1/activities', { type: 'task', subject: tasks[key], ...fields })).id;
    };
    await seedTask('overdue', { dueAt: noonIn(-1), assigneeId: me.userId });
    await seedTask('today', { dueAt: noonIn(0), assigneeId: me.userId });
    await seedTask('upcoming', { dueAt: noonIn(7), assigneeId: me.userId });
    await seedTask('colleagues', { dueAt: noonIn(0), assigneeId: colleagueId });
    await seedTask('done', { dueAt: noonIn(-2), assigneeId: me.userId, status: 'done' });

    const { data } = await apiCall<ListAnswer<Pipeline>>(page, 'GET', '/api/v1/pipelines');
    const pipeline = data.find((p) => p.isDefault) ?? data[0];
    const stage = (type: 'open' | 'won' | 'lost') => pipeline?.stages.find((s) => s.type === type)?.id;
    const seedDeal = (name: string, stageId: string | undefined, extra: Record<string, unknown> = {}) =>
      apiCall<Deal>(page, 'POST', '/api/v1/deals', { name, pipelineId: pipeline?.id, stageId, amount: '5000', ...extra });
    await seedDeal(deals.open, stage('open'));
    await seedDeal(deals.won, stage('won'));
    await seedDeal(deals.lost, stage('lost'));
    await seedDeal(deals.colleagues, stage('open'), { ownerId: colleagueId });

    await page.goto('/contacts');
    await openMyWork(page);
  });
  afterAll(async () => {
    await chromium.close();
  });

  it('groups my open tasks under Overdue, Today and Upcoming, and shows nobody else’s', async () => {
    expect(await subjectsIn(dueGroup(page, 'Overdue'))).toEqual([tasks.overdue]);
    expect(await subjectsIn(dueGroup(page, 'Today'))).toEqual([tasks.today]);
    expect(await subjectsIn(dueGroup(page, 'Upcoming'))).toEqual([tasks.upcoming]);
    expect(await dueGroup(page, 'No date').count()).toBe(0);
    // Headings in the order a day is planned.
    expect(await texts(tasksSection(page).getByRole('heading', { level: 3 }))).toEqual(['Overdue 1', 'Today 1', 'Upcoming 1']);
    expect(await page.getByText(tasks.colleagues).count()).toBe(0);
    expect(await page.getByText(tasks.done).count()).toBe(0);
    expect(await tasksSection(page).getByRole('heading', { level: 2 }).innerText()).toMatch(/^My tasks\s*3$/);
    await screenshot(page, 'my-work');
  });

  it('lists only my open deals: not won, not lost, not a colleague’s', async () => {
    const links = await dealsSection(page).getByRole('link').allInnerTexts();
    expect(links).toEqual([deals.open]);
    expect(await dealsSection(page).getByRole('heading', { level: 2 }).innerText()).toMatch(/^My open deals\s*1$/);
    await dealsSection(page).getByRole('link', { name: deals.open }).click();
    await page.waitForURL('**/deals/*');
    await page.getByRole('heading', { name: deals.open, level: 1 }).waitFor();
    await openMyWork(page);
  });

  it('completes a task with its checkbox, which the API then holds as done, and undoes it by unticking', async () => {
    await tasksSection(page).getByRole('checkbox', { name: `Mark as done: ${tasks.today}` }).check();
    const done = tasksSection(page).getByRole('checkbox', { name: `Done: ${tasks.today}` });
    await done.waitFor();
    expect(await done.isChecked()).toBe(true);
    await expect.poll(async () => (await task(ids.today)).status).toBe('done');
    expect((await task(ids.today)).completedAt).not.toBeNull();
    await expect.poll(() => tasksSection(page).getByRole('heading', { level: 2 }).innerText()).toMatch(/^My tasks\s*2$/);

    // Unticking is the undo.
    await expect.poll(() => done.isEnabled()).toBe(true);
    await done.uncheck();
    await tasksSection(page).getByRole('checkbox', { name: `Mark as done: ${tasks.today}` }).waitFor();
    await expect.poll(async () => (await task(ids.today)).status).toBe('open');
    await expect.poll(() => tasksSection(page).getByRole('heading', { level: 2 }).innerText()).toMatch(/^My tasks\s*3$/);
  });

  it('drops a completed task from the list once the page is read again', async () => {
    await tasksSection(page).getByRole('checkbox', { name: `Mark as done: ${tasks.overdue}` }).check();
    await expect.poll(async () => (await task(ids.overdue)).status).toBe('done');
    await page.reload();
    await page.getByRole('heading', { name: 'My work', level: 1 }).waitFor();
    await dueGroup(page, 'Today').waitFor();
    expect(await dueGroup(page, 'Overdue').count()).toBe(0);
    expect(await page.getByText(tasks.overdue).count()).toBe(0);
    expect(await subjectsIn(dueGroup(page, 'Today'))).toEqual([tasks.today]);
    expect(await subjectsIn(dueGroup(page, 'Upcoming'))).toEqual([tasks.upcoming]);
  });

  it('threw no uncaught error in the page', () => {
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});
