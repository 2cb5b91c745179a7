import type { Locator, Page } from 'playwright-core';
import type { Activity, Company, Contact, CustomFieldDefinition, Deal, Pipeline } from '@/lib/records';
import type { Page as ApiPage } from '@/lib/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, apiStatus, expectReadablePage, fieldError, joinByInvitation, newPerson, openBrowser, screenshot, signUpByApi, type OpenBrowser } from './harness';

// The record pages of contacts, companies and deals, as a salesperson uses
// them all day: every field (custom ones too) edited where it stands, a
// mistake told at the field and nothing half-saved, a change made elsewhere
// in the meantime never silently overwritten, related records linked from
// the page, the activity timeline with notes, tasks, calls, meetings and
// emails, and deleting a record. What the page shows is checked, then what
// the API holds. Records are seeded through the API: the pages are what is
// tested here, not the "New …" forms.

type ListAnswer<T> = Pick<ApiPage<T>, 'data'>;

const person = newPerson('Records');
const colleague = newPerson('Colleague');

/** The custom fields of contacts this workspace defines, by key. */
const customFields: Pick<CustomFieldDefinition, 'key' | 'label' | 'type' | 'options'>[] = [
  { key: 'nickname', label: 'Nickname', type: 'text', options: null },
  { key: 'tier', label: 'Tier', type: 'select', options: ['Gold', 'Silver', 'Bronze'] },
  { key: 'seats', label: 'Seats', type: 'number', options: null },
];

/** A field's in-place editor: its "Edit <label>" button opens the input labelled `label`. */
async function openField(page: Page, label: string): Promise<Locator> {
  await page.getByRole('button', { name: new RegExp(`^Edit ${label}:`) }).click();
  const input = page.getByLabel(label, { exact: true });
  await input.waitFor();
  return input;
}

/** Waits until the field shows `value` in its read view (the button that edits it). */
async function fieldShows(page: Page, label: string, value: string): Promise<void> {
  await page.getByRole('button', { name: `Edit ${label}: ${value}`, exact: true }).waitFor();
}

/** One entry of the timeline (not a list item of a note's own markdown), found by text it shows. */
function timelineEntry(page: Page, text: string): Locator {
  return page.getByRole('list', { name: 'Timeline' }).locator(':scope > li').filter({ hasText: text });
}

/** A section of the record page (Details, Company, Contacts, Deals…), named by its heading (which may carry a count). */
function section(page: Page, title: string): Locator {
  return page.getByRole('region', { name: new RegExp(`^${title}\\s*\\d*$`) });
}

/** The tab of the "Add activity" composer, selected, and its form. */
async function composerTab(page: Page, tab: 'Note' | 'Task' | 'Call' | 'Meeting' | 'Email'): Promise<Locator> {
  const composer = page.getByRole('region', { name: 'Add activity' });
  await composer.getByRole('tab', { name: tab }).click();
  const form = composer.getByRole('form', { name: `New ${tab.toLowerCase()}` });
  await form.waitFor();
  return form;
}

describe('the record pages of contacts, companies and deals', () => {
  let chromium: OpenBrowser;
  let page: Page;
  let errors: Error[];
  /** Messages of any alert(), confirm() or prompt() the page opened: injected script would show up here. */
  const dialogs: string[] = [];
  const ids = { globex: '', initech: '', ada: '', grace: '', deal: '', colleague: '' };

  const contact = (id: string) => apiCall<Contact>(page, 'GET', `/api/v1/contacts/${id}`);
  const deal = (id: string) => apiCall<Deal>(page, 'GET', `/api/v1/deals/${id}`);
  const timelineOf = async (object: string, id: string) => (await apiCall<ListAnswer<Activity>>(page, 'GET', `/api/v1/${object}/${id}/timeline?limit=50`)).data;

  async function openRecord(path: string, heading: string): Promise<void> {
    await page.goto(path);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  }

  beforeAll(async () => {
    chromium = await openBrowser();
    ({ page, errors } = await chromium.newPage());
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await signUpByApi(page, person);
    const other = await chromium.newPage();
    ids.colleague = (await joinByInvitation(page, other.page, colleague, 'member')).userId;
    await other.context.close();

    for (const field of customFields) {
      await apiCall(page, 'POST', '/api/v1/custom-fields', { object: 'contacts', key: field.key, label: field.label, type: field.type, ...(field.options ? { options: field.options } : {}) });
    }
    ids.globex = (await apiCall<Company>(page, 'POST', '/api/v1/companies', { name: 'Globex Corporation', domain: 'globex.com' })).id;
    ids.initech = (await apiCall<Company>(page, 'POST', '/api/v1/companies', { name: 'Initech', domain: 'initech.com' })).id;
    ids.ada = (await apiCall<Contact>(page, 'POST', '/api/v1/contacts', { firstName: 'Ada', lastName: 'Lovelace', emails: ['ada@globex.com'], companyId: ids.globex })).id;
    ids.grace = (await apiCall<Contact>(page, 'POST', '/api/v1/contacts', { firstName: 'Grace', lastName: 'Hopper', emails: ['grace@globex.com'], companyId: ids.globex })).id;
    const { data: pipelines } = await apiCall<ListAnswer<Pipeline>>(page, 'GET', '/api/v1/pipelines');
    const pipeline = pipelines.find((p) => p.isDefault);
    ids.deal = (
      await apiCall<Deal>(page, 'POST', '/api/v1/deals', { name: 'Globex pilot', amount: '12000', pipelineId: pipeline?.id, stageId: pipeline?.stages[0]?.id, companyId: ids.globex, contactIds: [ids.ada] })
    ).id;
  });
  afterAll(async () => {
    await chromium.close();
  });

  describe('fields edited in place', () => {
    it('saves a built-in field, a phone and three custom fields, and shows them after a reload', async () => {
      await openRecord(`/contacts/${ids.ada}`, 'Ada Lovelace');

      const title = await openField(page, 'Title');
      await title.fill('Chief Analyst');
      await title.press('Enter');
      await fieldShows(page, 'Title', 'Chief Analyst');

      await page.getByRole('button', { name: '+ Add phone' }).click();
      await page.getByLabel('New phone', { exact: true }).fill('+1 415 555 0100');
      await page.getByLabel('New phone', { exact: true }).press('Enter');
      // The server stores phones in E.164, and the page shows what it stored.
      await page.getByRole('link', { name: '+14155550100' }).waitFor();

      const nickname = await openField(page, 'Nickname');
      await nickname.fill('The Enchantress of Numbers');
      await nickname.press('Enter');
      await fieldShows(page, 'Nickname', 'The Enchantress of Numbers');

      // A select saves as soon as an option is chosen.
      await (await openField(page, 'Tier')).selectOption('Gold');
      await fieldShows(page, 'Tier', 'Gold');

      const seats = await openField(page, 'Seats');
      await seats.fill('42');
      await seats.press('Enter');
      await fieldShows(page, 'Seats', '42');

      const saved = await contact(ids.ada);
      expect(saved.title).toBe('Chief Analyst');
      expect(saved.phones).toEqual(['+14155550100']);
      expect(saved.customFields).toMatchObject({ nickname: 'The Enchantress of Numbers', tier: 'Gold', seats: 42 });

      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Ada Lovelace' }).waitFor();
      await fieldShows(page, 'Title', 'Chief Analyst');
      await fieldShows(page, 'Nickname', 'The Enchantress of Numbers');
      await fieldShows(page, 'Tier', 'Gold');
      await fieldShows(page, 'Seats', '42');
      await page.getByRole('link', { name: '+14155550100' }).waitFor();
      await screenshot(page, 'record-contact-fields');
    });

    it('refuses a malformed email and a non-number at the field, and saves nothing', async () => {
      await openRecord(`/contacts/${ids.ada}`, 'Ada Lovelace');
      const before = await contact(ids.ada);

      await page.getByRole('button', { name: '+ Add email' }).click();
      const email = page.getByLabel('New email', { exact: true });
      await email.fill('ada@@globex');
      await email.press('Enter');
      expect(await fieldError(page, 'New email')).toBe('Enter a valid email address, like name@company.com');
      // What was typed stays, to be corrected.
      expect(await email.inputValue()).toBe('ada@@globex');
      await email.press('Escape');
      await email.waitFor({ state: 'detached' });

      const seats = await openField(page, 'Seats');
      await seats.fill('forty');
      await seats.press('Enter');
      expect(await fieldError(page, 'Seats')).toBe('Enter a number, like 42 or 3.5');
      await seats.press('Escape');
      await seats.waitFor({ state: 'detached' });

      const after = await contact(ids.ada);
      expect(after.emails).toEqual(['ada@globex.com']);
      expect(after.customFields.seats).toEqual(before.customFields.seats);
      expect(after.version).toBe(before.version);
      await expectReadablePage(page);
    });

    it("shows the server's message for an address only the server can judge, and saves nothing", async () => {
      await openRecord(`/contacts/${ids.ada}`, 'Ada Lovelace');
      const before = await contact(ids.ada);
      // Well formed to the browser's check; the server knows a one-letter top-level domain does not exist.
      await page.getByRole('button', { name: '+ Add email' }).click();
      const email = page.getByLabel('New email', { exact: true });
      await email.fill('ada@globex.c');
      await email.press('Enter');
      const shown = await fieldError(page, 'New email');
      expect(await email.inputValue()).toBe('ada@globex.c');
      // The very words the server gives for that write, as a sentence.
      const refused = await page.request.patch(`/api/v1/contacts/${ids.ada}`, { headers: { 'x-nexus-client': 'web' }, data: { emails: [...before.emails, 'ada@globex.c'] } });
      expect(refused.status()).toBe(400);
      const { error } = (await refused.json()) as { error: { details: { path: string; message: string }[] } };
      const message = error.details.find((d) => d.path.startsWith('emails'))?.message ?? '';
      expect(message).not.toBe('');
      expect(shown).toBe(message.charAt(0).toUpperCase() + message.slice(1));

      const after = await contact(ids.ada);
      expect(after.emails).toEqual(['ada@globex.com']);
      expect(after.version).toBe(before.version);
      await screenshot(page, 'record-contact-server-error');
      await email.press('Escape');
    });

    it('keeps what the user typed when the record was changed elsewhere, and saves it on the next try', async () => {
      await openRecord(`/contacts/${ids.ada}`, 'Ada Lovelace');
      await page.getByRole('button', { name: /^Edit Title:/ }).waitFor();
      // Another session changes the contact after this page loaded it.
      await apiCall(page, 'PATCH', `/api/v1/contacts/${ids.ada}`, { title: 'Countess of Lovelace' });

      const title = await openField(page, 'Title');
      await title.fill('Head of Research');
      await title.press('Enter');
      expect(await fieldError(page, 'Title')).toMatch(/^This contact was changed elsewhere, so your change was not saved/);
      // Nothing of the stale write was stored; what the user typed is still in the field; the page now shows the latest version.
      expect((await contact(ids.ada)).title).toBe('Countess of Lovelace');
      expect(await title.inputValue()).toBe('Head of Research');
      await page.getByRole('list', { name: 'Key facts' }).getByText('Countess of Lovelace').waitFor();
      await screenshot(page, 'record-contact-conflict');

      // Saving again applies the user's value over the latest version.
      await title.press('Enter');
      await fieldShows(page, 'Title', 'Head of Research');
      expect((await contact(ids.ada)).title).toBe('Head of Research');
    });
  });

  describe('related records', () => {
    it("lists a company's contacts and deals", async () => {
      await openRecord(`/companies/${ids.globex}`, 'Globex Corporation');
      const contacts = section(page, 'Contacts');
      await contacts.getByRole('link', { name: 'Ada Lovelace' }).waitFor();
      await contacts.getByRole('link', { name: 'Grace Hopper' }).waitFor();
      await section(page, 'Deals').getByRole('link', { name: 'Globex pilot' }).waitFor();
      expect(await contacts.getByRole('listitem').count()).toBe(2);
      await screenshot(page, 'record-company');
    });

    it("lists a deal's contacts, and links one more with Add contact", async () => {
      await openRecord(`/deals/${ids.deal}`, 'Globex pilot');
      const contacts = section(page, 'Contacts');
      await contacts.getByRole('link', { name: 'Ada Lovelace' }).waitFor();

      await contacts.getByRole('button', { name: 'Add contact' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add a contact to this deal' });
      await dialog.getByLabel('Search contacts').fill('Grace');
      await dialog.getByRole('button', { name: /^Grace Hopper/ }).click();
      await dialog.waitFor({ state: 'detached' });
      await contacts.getByRole('link', { name: 'Grace Hopper' }).waitFor();
      expect((await deal(ids.deal)).contactIds.sort()).toEqual([ids.ada, ids.grace].sort());
      await screenshot(page, 'record-deal');
    });

    it("changes a contact's company", async () => {
      await openRecord(`/contacts/${ids.grace}`, 'Grace Hopper');
      const company = section(page, 'Company');
      await company.getByRole('link', { name: 'Globex Corporation' }).waitFor();

      await company.getByRole('button', { name: 'Change company' }).click();
      const dialog = page.getByRole('dialog', { name: 'Change company' });
      await dialog.getByLabel('Search companies').fill('Initech');
      await dialog.getByRole('button', { name: /^Initech/ }).click();
      await dialog.waitFor({ state: 'detached' });
      await company.getByRole('link', { name: 'Initech' }).waitFor();
      expect(await company.getByRole('link', { name: 'Globex Corporation' }).count()).toBe(0);
      const saved = await contact(ids.grace);
      expect(saved.companyId).toBe(ids.initech);
      expect(saved.companyIds).not.toContain(ids.globex);
    });
  });

  describe('the activity timeline', () => {
    it('renders a markdown note: bold, italic and a list', async () => {
      await openRecord(`/contacts/${ids.ada}`, 'Ada Lovelace');
      const form = await composerTab(page, 'Note');
      await form.getByLabel('Note text').fill('**Renewal** is _likely_ this quarter.\n\n- 40 seats\n- two-year term');
      await form.getByRole('button', { name: 'Add note' }).click();

      const entry = timelineEntry(page, 'two-year term');
      await entry.waitFor();
      expect(await entry.locator('strong').innerText()).toBe('Renewal');
      expect(await entry.locator('em').innerText()).toBe('likely');
      expect(await entry.getByRole('list').getByRole('listitem').allInnerTexts()).toEqual(['40 seats', 'two-year term']);
      // The composer is empty again, ready for the next note.
      expect(await form.getByLabel('Note text').inputValue()).toBe('');
    });

    it('shows raw HTML and script in a note as the text typed, never running it', async () => {
      const hostile = '<script>window.pwned = 1</script>\n\nSee <img src="x" onerror="window.pwned = 2"> and <b>this</b>.';
      await openRecord(`/contacts/${ids.ada}`, 'Ada Lovelace');
      const form = await composerTab(page, 'Note');
      await form.getByLabel('Note text').fill(hostile);
      await form.getByRole('button', { name: 'Add note' }).click();

      const entry = timelineEntry(page, 'window.pwned = 1');
      await entry.waitFor();
      expect(await entry.innerText()).toContain('<script>window.pwned = 1</script>');
      expect(await entry.innerText()).toContain('See <img src="x" onerror="window.pwned = 2"> and <b>this</b>.');
      expect(await entry.locator('script, img, b').count()).toBe(0);

      // Still text after a reload, when the note comes from the server.
      await page.reload();
      await timelineEntry(page, 'window.pwned = 1').waitFor();
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
      expect(dialogs).toEqual([]);
      const note = (await timelineOf('contacts', ids.ada)).find((a) => a.type === 'note' && (a.body ?? '').includes('window.pwned'));
      expect(note?.body).toBe(hostile);
    });

    it('creates a task with a due date and an assignee, then completes it with its checkbox', async () => {
      const subject = 'Send the renewal quote';
      await openRecord(`/contacts/${ids.ada}`, 'Ada Lovelace');
      const form = await composerTab(page, 'Task');
      await form.getByRole('button', { name: 'Add task' }).click();
      expect(await fieldError(form, 'Task title')).toBe('Say what needs doing');

      await form.getByLabel('Task title', { exact: true }).fill(subject);
      await form.getByLabel('Due', { exact: true }).fill('2031-03-14T10:30');
      await form.getByLabel('Assignee', { exact: true }).selectOption({ label: colleague.name });
      await form.getByRole('button', { name: 'Add task' }).click();

      const entry = timelineEntry(page, subject);
      await entry.getByText(`assigned to ${colleague.name}`).waitFor();
      await entry.getByText('Open', { exact: true }).waitFor();
      const task = (await timelineOf('contacts', ids.ada)).find((a) => a.type === 'task' && a.subject === subject);
      expect(task?.assigneeId).toBe(ids.colleague);
      expect(task?.status).toBe('open');
      // The due time was typed in the browser's own time zone.
      const typedDue = await page.evaluate(() => new Date('2031-03-14T10:30').toISOString());
      expect(task?.dueAt).toBe(typedDue);
      expect(await entry.locator(`time[datetime="${typedDue}"]`).count()).toBe(1);

      await entry.getByRole('checkbox', { name: `Complete task “${subject}”` }).check();
      await entry.getByText('Done', { exact: true }).waitFor();
      await expect.poll(async () => (await apiCall<Activity>(page, 'GET', `/api/v1/activities/${task?.id ?? ''}`)).status).toBe('done');
      await page.reload();
      expect(await timelineEntry(page, subject).getByRole('checkbox', { name: `Complete task “${subject}”` }).isChecked()).toBe(true);
    });

    it('logs a call, a meeting and an email from their tabs, newest first in the timeline', async () => {
      await openRecord(`/deals/${ids.deal}`, 'Globex pilot');
      const call = await composerTab(page, 'Call');
      await call.getByLabel('Call summary').fill('Discovery call with Ada');
      await call.getByLabel('Call notes').fill('Wants **SSO** before signing.');
      await call.getByRole('button', { name: 'Log call' }).click();
      await timelineEntry(page, 'Discovery call with Ada').waitFor();

      const meeting = await composerTab(page, 'Meeting');
      await meeting.getByRole('button', { name: 'Log meeting' }).click();
      expect(await fieldError(meeting, 'Meeting title')).toBe('Enter the meeting title');
      await meeting.getByLabel('Meeting title').fill('On-site workshop');
      await meeting.getByRole('button', { name: 'Log meeting' }).click();
      await timelineEntry(page, 'On-site workshop').waitFor();

      const email = await composerTab(page, 'Email');
      await email.getByLabel('Email subject').fill('Quote for the pilot');
      await email.getByLabel('Email body').fill('Attached is the quote we discussed.');
      await email.getByRole('button', { name: 'Log email' }).click();
      await timelineEntry(page, 'Quote for the pilot').waitFor();

      const shown = await page.getByRole('list', { name: 'Timeline' }).getByRole('heading', { level: 3 }).allInnerTexts();
      expect(shown).toEqual(['Quote for the pilot', 'On-site workshop', 'Discovery call with Ada']);
      await timelineEntry(page, 'Discovery call with Ada').locator('strong', { hasText: 'SSO' }).waitFor();

      const stored = await timelineOf('deals', ids.deal);
      expect(stored.map((a) => [a.type, a.subject])).toEqual([
        ['email', 'Quote for the pilot'],
        ['meeting', 'On-site workshop'],
        ['call', 'Discovery call with Ada'],
      ]);
      await page.reload();
      await page.getByRole('list', { name: 'Timeline' }).waitFor();
      expect(await page.getByRole('list', { name: 'Timeline' }).getByRole('heading', { level: 3 }).allInnerTexts()).toEqual(shown);
      await screenshot(page, 'record-deal-timeline');
    });
  });

  describe('deleting and missing records', () => {
    it('deletes a contact after confirming, goes back to the list, and the API no longer has it', async () => {
      const doomed = await apiCall<Contact>(page, 'POST', '/api/v1/contacts', { firstName: 'Temporary', lastName: 'Person', companyId: ids.initech });
      await openRecord(`/contacts/${doomed.id}`, 'Temporary Person');

      // Cancelling the dialog keeps the contact.
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete this contact?' });
      await dialog.getByText('Temporary Person').waitFor();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      expect(await apiStatus(page, `/api/v1/contacts/${doomed.id}`)).toBe(200);

      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      await dialog.getByRole('button', { name: 'Delete contact' }).click();
      await page.waitForURL((url) => url.pathname === '/contacts');
      await page.getByRole('status').getByText('Contact deleted').waitFor();
      await page.getByRole('grid').getByText('Ada Lovelace').waitFor();
      expect(await page.getByRole('grid').getByText('Temporary Person').count()).toBe(0);
      expect(await apiStatus(page, `/api/v1/contacts/${doomed.id}`)).toBe(404);

      // Its old address now says so, readably.
      await page.goto(`/contacts/${doomed.id}`);
      await page.getByRole('heading', { level: 1, name: 'This contact doesn’t exist or was deleted' }).waitFor();
    });

    it('shows a readable not-found page for an id that does not exist, with the way back', async () => {
      await page.goto('/deals/00000000-0000-4000-8000-000000000000');
      await page.getByRole('heading', { level: 1, name: 'This deal doesn’t exist or was deleted' }).waitFor();
      await expectReadablePage(page);
      await screenshot(page, 'record-not-found');

      await page.goto('/companies/not-a-record-id');
      await page.getByRole('heading', { level: 1, name: 'This company doesn’t exist or was deleted' }).waitFor();
      await expectReadablePage(page);
      await page.getByRole('link', { name: 'Back to companies' }).click();
      await page.waitForURL((url) => url.pathname === '/companies');
      await page.getByRole('grid').getByText('Globex Corporation').waitFor();
    });
  });

  it('threw no uncaught error in the page and opened no dialog along the way', () => {
    expect(errors.map((e) => e.message)).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});
