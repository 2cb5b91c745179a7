import type { Locator, Page } from 'playwright-core';
import type { Activity, Contact, Deal, Pipeline, Stage } from '@/lib/records';
import type { Page as ApiPage } from '@/lib/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, drag, stageColumn, expectReadablePage, hasPage, logOut, newPerson, openBrowser, screenshot, signIn, signUp, type OpenBrowser } from './harness';

// The main flow, as a new customer lives it: sign up, create a company, a
// contact in it and a deal, drag the deal to the next stage, add a note and a
// task, find the contact with Ctrl-K, then log out and back in and find it all
// still there. Each step is its own `it`, run in order on one signed-in page.
//
// A step whose page is not built yet is skipped by `it.skipIf(!hasPage(...))`
// (the comment names the page) and starts running the day that page lands.
// Steps never depend on an earlier step having run: a record that an earlier,
// skipped step would have created through the UI is created through the API.

/** What the API answers, in the web app's own types: a change of shape there fails type-checking here. */
type Created = Pick<Contact, 'id'>;
type ListAnswer<T> = Pick<ApiPage<T>, 'data'>;

// Each run signs up a new workspace on a fresh server, so plain names are unique where it matters.
const person = newPerson('Flow');
const names = {
  company: 'Globex Corporation',
  firstName: 'Ada',
  lastName: 'Lovelace',
  deal: 'Globex pilot',
  note: 'Met at the expo; wants a pilot in May.',
  task: 'Send the pilot proposal',
};
const contactName = `${names.firstName} ${names.lastName}`;

/** What the steps made, by id, so later steps and the final check can find it. */
const made: { companyId?: string; contactId?: string; dealId?: string; movedToStage?: Stage } = {};

async function findOne<T>(page: Page, object: string, filter: Record<string, unknown>): Promise<T | undefined> {
  const answer = await apiCall<ListAnswer<T>>(page, 'GET', `/api/v1/${object}?limit=2&filter=${encodeURIComponent(JSON.stringify(filter))}`);
  expect(answer.data.length, `at most one ${object} matches ${JSON.stringify(filter)}`).toBeLessThan(2);
  return answer.data[0];
}

async function ensureCompany(page: Page): Promise<string> {
  made.companyId ??= (await apiCall<Created>(page, 'POST', '/api/v1/companies', { name: names.company })).id;
  return made.companyId;
}

async function ensureContact(page: Page): Promise<string> {
  const companyId = await ensureCompany(page);
  made.contactId ??= (await apiCall<Created>(page, 'POST', '/api/v1/contacts', { firstName: names.firstName, lastName: names.lastName, companyId })).id;
  return made.contactId;
}

async function defaultPipeline(page: Page): Promise<Pipeline> {
  const { data } = await apiCall<ListAnswer<Pipeline>>(page, 'GET', '/api/v1/pipelines');
  const pipeline = data.find((p) => p.isDefault) ?? data[0];
  if (!pipeline) throw new Error('the new workspace has no pipeline');
  return pipeline;
}

async function ensureDeal(page: Page): Promise<string> {
  const companyId = await ensureCompany(page);
  const pipeline = await defaultPipeline(page);
  made.dealId ??= (await apiCall<Created>(page, 'POST', '/api/v1/deals', { name: names.deal, pipelineId: pipeline.id, stageId: pipeline.stages[0]?.id, companyId, amount: '12000' })).id;
  return made.dealId;
}

/** Follows a link of the sidebar (behind the Menu button at phone width). */
async function goTo(page: Page, label: string): Promise<void> {
  const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true });
  if (!(await link.isVisible())) await page.getByRole('button', { name: 'Menu' }).click();
  await link.click();
}

/** Opens the "New …" dialog of a list page (the header's button; an empty list repeats it). */
async function openNewForm(page: Page, what: string): Promise<Locator> {
  await page.getByRole('button', { name: `New ${what}`, exact: true }).first().click();
  const dialog = page.getByRole('dialog', { name: `New ${what}` });
  await dialog.waitFor();
  return dialog;
}

/** Types into a form's company type-ahead and picks the match. */
async function pickCompany(form: Locator, company: string): Promise<void> {
  await form.getByRole('combobox', { name: 'Company' }).fill(company);
  await form.page().getByRole('listbox', { name: 'Company choices' }).getByRole('option', { name: company, exact: true }).click();
}

/** A row of the list page's grid showing `text`. */
function gridRow(page: Page, text: string): Locator {
  return page.getByRole('grid').getByRole('row').filter({ hasText: text }).first();
}

describe('the main flow of a new customer', () => {
  let chromium: OpenBrowser;
  let page: Page;
  let errors: Error[];

  beforeAll(async () => {
    chromium = await openBrowser();
    ({ page, errors } = await chromium.newPage());
  });
  afterAll(async () => {
    await chromium.close();
  });

  it('signs up and lands on My work inside the app shell', async () => {
    await signUp(page, person);
    await page.getByRole('navigation', { name: 'Main' }).getByText(person.name, { exact: true }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const label of ['My work', 'Contacts', 'Companies', 'Deals', 'Pipeline', 'Settings']) {
      expect(await nav.getByRole('link', { name: label, exact: true }).count(), `sidebar link ${label}`).toBe(1);
    }
    expect(await nav.getByRole('link', { name: 'My work', exact: true }).getAttribute('aria-current')).toBe('page');
    expect(await page.getByLabel('Workspace', { exact: true }).locator('option:checked').innerText()).toBe(person.workspace);
    await screenshot(page, 'my-work');
  });

  it('opens search with Ctrl-K and closes it with Escape', async () => {
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Search' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  // Needs the companies list and its "New company" form: apps/web/src/app/(app)/companies/page.tsx.
  it.skipIf(!hasPage('/companies'))('creates a company', async () => {
    await goTo(page, 'Companies');
    await page.waitForURL('**/companies');
    const form = await openNewForm(page, 'company');
    await form.getByLabel('Name', { exact: true }).fill(names.company);
    await form.getByRole('button', { name: 'Create company' }).click();
    await form.waitFor({ state: 'detached' });
    await gridRow(page, names.company).waitFor();
    const company = await findOne<Created>(page, 'companies', { name: names.company });
    expect(company, 'the company was saved').toBeDefined();
    made.companyId = company?.id;
    await screenshot(page, 'companies');
  });

  // Needs the contacts list and its "New contact" form: apps/web/src/app/(app)/contacts/page.tsx.
  it.skipIf(!hasPage('/contacts'))('creates a contact in that company', async () => {
    const companyId = await ensureCompany(page);
    await goTo(page, 'Contacts');
    await page.waitForURL('**/contacts');
    const form = await openNewForm(page, 'contact');
    await form.getByLabel('First name', { exact: true }).fill(names.firstName);
    await form.getByLabel('Last name', { exact: true }).fill(names.lastName);
    await pickCompany(form, names.company);
    await form.getByRole('button', { name: 'Create contact' }).click();
    await form.waitFor({ state: 'detached' });
    await gridRow(page, names.lastName).waitFor();
    const contact = await findOne<Contact>(page, 'contacts', { lastName: names.lastName });
    expect(contact?.companyId ?? contact?.companyIds[0]).toBe(companyId);
    made.contactId = contact?.id;
    await screenshot(page, 'contacts');
  });

  // Needs the deals list and its "New deal" form: apps/web/src/app/(app)/deals/page.tsx.
  it.skipIf(!hasPage('/deals'))('creates a deal for that company', async () => {
    const companyId = await ensureCompany(page);
    await goTo(page, 'Deals');
    await page.waitForURL('**/deals');
    const form = await openNewForm(page, 'deal');
    await form.getByLabel('Name', { exact: true }).fill(names.deal);
    await form.getByLabel('Amount', { exact: true }).fill('12000');
    await pickCompany(form, names.company);
    await form.getByRole('button', { name: 'Create deal' }).click();
    await form.waitFor({ state: 'detached' });
    await gridRow(page, names.deal).waitFor();
    const deal = await findOne<Deal>(page, 'deals', { name: names.deal });
    expect(deal?.companyId).toBe(companyId);
    made.dealId = deal?.id;
    await screenshot(page, 'deals');
  });

  // Needs the board: apps/web/src/app/(app)/pipeline/page.tsx.
  it.skipIf(!hasPage('/pipeline'))('drags the deal to the next stage of the pipeline', async () => {
    const dealId = await ensureDeal(page);
    const pipeline = await defaultPipeline(page);
    const deal = await apiCall<Deal>(page, 'GET', `/api/v1/deals/${dealId}`);
    const index = pipeline.stages.findIndex((s) => s.id === deal.stageId);
    const from = pipeline.stages[index];
    const to = pipeline.stages[index + 1];
    if (!from || !to) throw new Error('the deal is not in an open stage with a next one');

    await goTo(page, 'Pipeline');
    await page.waitForURL('**/pipeline');
    // The card's drag handle: the whole card drags too, but its name is a link.
    const handle = stageColumn(page, from.name).getByRole('button', { name: `Drag deal ${names.deal}` });
    await handle.waitFor();
    await drag(page, handle, stageColumn(page, to.name));
    await stageColumn(page, to.name).getByText(names.deal).waitFor();
    await expect.poll(async () => (await apiCall<Deal>(page, 'GET', `/api/v1/deals/${dealId}`)).stageId).toBe(to.id);
    made.movedToStage = to;

    await page.reload();
    await stageColumn(page, to.name).getByText(names.deal).waitFor();
    await screenshot(page, 'pipeline');
  });

  // Needs the contact's record page with its timeline: apps/web/src/app/(app)/contacts/[id]/page.tsx.
  it.skipIf(!hasPage('/contacts/_'))("adds a note and a task on the contact's page", async () => {
    const contactId = await ensureContact(page);
    await page.goto(`/contacts/${contactId}`);
    await page.getByRole('heading', { name: contactName }).waitFor();

    const composer = page.getByRole('region', { name: 'Add activity' });
    await composer.getByRole('tab', { name: 'Note' }).click();
    await composer.getByRole('textbox', { name: /^note/i }).fill(names.note);
    await composer.getByRole('button', { name: 'Add note' }).click();
    await page.getByText(names.note).first().waitFor();

    await composer.getByRole('tab', { name: 'Task' }).click();
    await composer.getByRole('textbox', { name: /^task/i }).fill(names.task);
    await composer.getByRole('button', { name: 'Add task' }).click();
    await page.getByText(names.task).first().waitFor();

    const { data } = await apiCall<ListAnswer<Activity>>(page, 'GET', `/api/v1/contacts/${contactId}/timeline`);
    expect(data.some((a) => a.type === 'note' && (a.body ?? '').includes(names.note))).toBe(true);
    expect(data.some((a) => a.type === 'task' && a.subject === names.task)).toBe(true);
    await screenshot(page, 'contact');
  });

  // Needs a record page to open from the results: apps/web/src/app/(app)/contacts/[id]/page.tsx.
  it.skipIf(!hasPage('/contacts/_'))('finds the contact with Ctrl-K, typing its name', async () => {
    const contactId = await ensureContact(page);
    await goTo(page, 'My work');
    await page.waitForURL('**/my-work');
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Search' });
    const box = dialog.getByRole('combobox', { name: 'Search' });
    await box.waitFor();
    // Typed key by key, as a person types: each keystroke asks again.
    await box.pressSequentially(names.lastName, { delay: 40 });
    const hit = dialog.getByRole('option', { name: new RegExp(contactName) });
    await hit.first().waitFor();
    await screenshot(page, 'search');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/contacts/${contactId}`);
    await page.getByRole('heading', { name: contactName }).waitFor();
  });

  it('logs out and back in, and everything is still there', async () => {
    await logOut(page);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    // Signed out means signed out: the app sends a direct visit back to sign in.
    await page.goto('/my-work');
    await page.waitForURL((url) => url.pathname === '/login');

    await signIn(page, person);
    await page.waitForURL('**/my-work');
    await page.getByRole('navigation', { name: 'Main' }).getByText(person.name, { exact: true }).waitFor();
    expect(await page.getByLabel('Workspace', { exact: true }).locator('option:checked').innerText()).toBe(person.workspace);

    if (made.companyId && hasPage('/companies')) {
      await goTo(page, 'Companies');
      await gridRow(page, names.company).waitFor();
    }
    if (made.contactId && hasPage('/contacts/_')) {
      await page.goto(`/contacts/${made.contactId}`);
      await page.getByRole('heading', { name: contactName }).waitFor();
      await page.getByText(names.company).first().waitFor();
      await page.getByText(names.note).first().waitFor();
      await page.getByText(names.task).first().waitFor();
    }
    if (made.movedToStage && hasPage('/pipeline')) {
      await goTo(page, 'Pipeline');
      await stageColumn(page, made.movedToStage.name).getByText(names.deal).waitFor();
    }
    await expectReadablePage(page);
  });

  it('threw no uncaught error in the page along the way', () => {
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});
