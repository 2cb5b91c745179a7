import type { Locator, Page } from 'playwright-core';
import type { SavedView } from '@/components/views/saved-views';
import type { Company, Contact, CustomFieldDefinition, Deal, Pipeline } from '@/lib/records';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityProblems, apiCall, apiStatus, expectReadablePage, gridRow, hasPage, joinByInvitation, newPerson, openBrowser, screenshot, signUpByApi, type OpenBrowser } from './harness';

// The record tables of contacts, companies and deals, as a person works them:
// sort by a header, filter on any field (a custom one too), search, choose
// columns, save views (private and shared), edit cells in place (and meet a
// stale write or a refused value), select rows and change or delete them in
// bulk, drive the grid from the keyboard, and scroll a list far longer than
// the DOM holds. Records are seeded through the API; the table is what is tested.

type TableObject = 'contacts' | 'companies' | 'deals';

const firstNames = ['Quinn', 'Ada', 'Mira', 'Basil', 'Zora', 'Hugo', 'Lena', 'Cyrus', 'Nia', 'Felix', 'Tess', 'Omar', 'Iris', 'Dante', 'Vera', 'Kofi', 'Elsa', 'Ravi'];
const titles = ['Engineer', 'Designer', 'Sales Manager', 'Account Executive'];
/** 36 contacts: two of each first name, told apart by a numbered last name; a title for all, a tier for two in three. */
const seeds = Array.from({ length: 36 }, (_, i) => {
  const first = firstNames[i % firstNames.length] ?? 'X';
  const last = `Seed${String(i).padStart(2, '0')}`;
  const tier = i % 3 === 0 ? 'Gold' : i % 3 === 1 ? 'Silver' : null;
  return { first, last, name: `${first} ${last}`, email: `${first.toLowerCase()}.${i}@tables.example`, title: titles[i % 4] ?? '', tier };
});
/** How the table sorts by the Name column: first name, then (for equal ones) whatever the API breaks ties with, so compare first names. */
const byFirst = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A condition the page reaches by itself, given the time a busy machine may need (expect.poll waits 1 s by default). */
const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000 });

function grid(page: Page): Locator {
  return page.getByRole('grid');
}

/** The names in the primary column of the rows in the DOM, top to bottom. */
async function shownNames(page: Page): Promise<string[]> {
  return grid(page)
    .locator('[role="row"][aria-rowindex]:not([aria-rowindex="1"])')
    .evaluateAll((rows) =>
      rows
        .map((row) => ({ at: Number(row.getAttribute('aria-rowindex')), name: row.querySelectorAll('[role="gridcell"]')[1]?.textContent ?? '' }))
        .sort((a, b) => a.at - b.at)
        .map((r) => r.name),
    );
}

/** The cell of `column` (by its header's name) in the row showing `rowText`. */
async function cell(page: Page, rowText: string, column: string): Promise<Locator> {
  const index = await grid(page).getByRole('columnheader', { name: column, exact: true }).getAttribute('aria-colindex');
  return gridRow(page, rowText).locator(`[role="gridcell"][aria-colindex="${index}"]`);
}

/** "36 contacts" beside the heading: the rows loaded, with a "+" while more pages wait. */
async function expectCount(page: Page, text: string): Promise<void> {
  await page.getByText(text, { exact: true }).waitFor();
}

/** Opens a list page with the table as the app first shows it: sort and columns this browser remembered are forgotten. */
async function openTable(page: Page, object: TableObject): Promise<void> {
  await page.goto(`/${object}`);
  await page.evaluate((key) => localStorage.removeItem(key), `nexus.records.${object}.v1`);
  await page.reload();
  await page.getByRole('heading', { level: 1 }).waitFor();
}

async function clickHeader(page: Page, column: string, expected: 'ascending' | 'descending' | 'none'): Promise<void> {
  const header = grid(page).getByRole('columnheader', { name: column, exact: true });
  await header.getByRole('button').click();
  await eventually(() => header.getAttribute('aria-sort')).toBe(expected);
  await eventually(() => grid(page).getAttribute('aria-busy')).toBe('false');
}

/** Adds a condition "`field` is/contains `value`" in the filter builder, typing or choosing the value as the field asks. */
async function addFilter(page: Page, field: string, value: string): Promise<void> {
  await page.getByRole('button', { name: /^Filter/ }).click();
  const panel = page.getByRole('dialog', { name: 'Filter' });
  // The builder starts with the conditions already applied, or with one empty condition when there are none.
  const applied = await page.getByRole('button', { name: /^Remove filter / }).count();
  const index = applied + 1;
  if (applied > 0) await panel.getByRole('button', { name: '+ Add condition' }).click();
  await panel.getByRole('combobox', { name: `Field of condition ${index}` }).selectOption({ label: field });
  const valueBox = panel.getByLabel(`Value of condition ${index}`, { exact: true });
  if ((await valueBox.evaluate((el) => el.tagName)) === 'SELECT') await valueBox.selectOption({ label: value });
  else await valueBox.fill(value);
  await panel.getByRole('button', { name: 'Apply' }).click();
  await panel.waitFor({ state: 'detached' });
}

/** Ticks or unticks a column in the column chooser, then closes it with a click elsewhere. */
async function toggleColumn(page: Page, column: RegExp): Promise<void> {
  await page.getByRole('button', { name: 'Columns', exact: true }).click();
  const panel = page.getByRole('dialog', { name: 'Columns' });
  await panel.getByRole('checkbox', { name: column }).click();
  await page.getByRole('heading', { level: 1 }).click();
  await panel.waitFor({ state: 'detached' });
}

async function headers(page: Page): Promise<string[]> {
  return grid(page)
    .getByRole('columnheader')
    .evaluateAll((cells) => cells.map((c) => c.querySelector('button > span, span')?.textContent ?? '').filter(Boolean));
}

function viewsButton(page: Page): Locator {
  return page.getByRole('button', { name: /^Saved view:/ });
}

/** Saves what the table shows as a view, private or shared, through the Views menu. */
async function saveView(page: Page, name: string, shared: boolean): Promise<void> {
  await viewsButton(page).click();
  await page.getByRole('menu', { name: 'Saved views' }).getByRole('menuitem', { name: /^Save (as new )?view…$/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Save view' });
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  if (shared) await dialog.getByRole('radio', { name: /Everyone in the workspace/ }).check();
  await dialog.getByRole('button', { name: 'Save view' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByText(`Saved the view “${name}”.`).waitFor();
}

async function searchFor(page: Page, text: string, count: string): Promise<void> {
  await page.getByRole('searchbox', { name: /^Search / }).fill(text);
  await expectCount(page, count);
}

/** Double-clicks a cell and returns its editor (named "<column> of <record>"). */
async function editCell(page: Page, rowText: string, column: string): Promise<Locator> {
  await (await cell(page, rowText, column)).dblclick();
  const editor = grid(page).getByLabel(`${column} of ${rowText}`, { exact: true });
  await editor.waitFor();
  return editor;
}

/** The message under an open cell editor (its role="alert"). */
function editorMessage(page: Page): Locator {
  return grid(page).getByRole('alert');
}

describe('the contacts table, with companies and deals alike', () => {
  const person = newPerson('Tables');
  const member = newPerson('Viewer');
  let chromium: OpenBrowser;
  let page: Page;
  let errors: Error[];
  const contactId = new Map<string, string>();
  const contact = (name: string) => apiCall<Contact>(page, 'GET', `/api/v1/contacts/${contactId.get(name)}`);

  beforeAll(async () => {
    chromium = await openBrowser();
    ({ page, errors } = await chromium.newPage());
    await signUpByApi(page, person);
  });
  afterAll(async () => {
    await chromium.close();
  });

  it('lists 36 contacts seeded through the API, a custom Tier field set on two in three', async () => {
    const field = await apiCall<CustomFieldDefinition>(page, 'POST', '/api/v1/custom-fields', { object: 'contacts', key: 'tier', label: 'Tier', type: 'select', options: ['Gold', 'Silver', 'Bronze'] });
    expect(field.key).toBe('tier');
    const records = seeds.map((s) => ({ firstName: s.first, lastName: s.last, emails: [s.email], title: s.title, ...(s.tier ? { customFields: { tier: s.tier } } : {}) }));
    const { data } = await apiCall<{ data: Contact[] }>(page, 'POST', '/api/v1/contacts/batch/create', { records });
    data.forEach((c, i) => contactId.set(seeds[i]?.name ?? '', c.id));
    expect(contactId.size).toBe(36);

    await openTable(page, 'contacts');
    await expectCount(page, '36 contacts');
    const shown = await shownNames(page);
    expect(shown.length).toBeGreaterThan(10);
    expect(seeds.map((s) => s.name)).toEqual(expect.arrayContaining(shown));
    for (const column of ['Name', 'Emails', 'Title', 'Lifecycle stage']) expect(await headers(page)).toContain(column);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'tables-contacts');
  });

  it('sorts by the Name header, ascending then descending, and says so in aria-sort', async () => {
    await openTable(page, 'contacts');
    await expectCount(page, '36 contacts');
    const sorted = seeds.map((s) => s.first).sort(byFirst);
    const firstOf = async () => (await shownNames(page)).slice(0, 12).map((n) => n.split(' ')[0]);
    await clickHeader(page, 'Name', 'ascending');
    await eventually(firstOf).toEqual(sorted.slice(0, 12));
    await clickHeader(page, 'Name', 'descending');
    await eventually(firstOf).toEqual([...sorted].reverse().slice(0, 12));
    // A third click drops the sort.
    await clickHeader(page, 'Name', 'none');
  });

  it('filters on a built-in field and on the custom field, and clearing brings every row back', async () => {
    await openTable(page, 'contacts');
    await addFilter(page, 'Title', 'Engineer');
    await expectCount(page, '9 contacts');
    expect((await shownNames(page)).sort()).toEqual(seeds.filter((s) => s.title === 'Engineer').map((s) => s.name).sort());
    await addFilter(page, 'Tier', 'Gold');
    await expectCount(page, '3 contacts');
    expect((await shownNames(page)).sort()).toEqual(seeds.filter((s) => s.title === 'Engineer' && s.tier === 'Gold').map((s) => s.name).sort());
    const chips = page.getByRole('list', { name: 'Active filters' });
    expect(await chips.getByRole('listitem').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('Title contains Engineer'), expect.stringContaining('Tier is Gold')]));
    await screenshot(page, 'tables-filtered');

    await chips.getByRole('button', { name: 'Remove filter Title contains Engineer' }).click();
    await expectCount(page, '12 contacts');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expectCount(page, '36 contacts');
    expect(await chips.count()).toBe(0);
  });

  it('searches within the list: "/" focuses the box and each keystroke narrows the rows', async () => {
    await openTable(page, 'contacts');
    await expectCount(page, '36 contacts');
    await page.keyboard.press('/');
    const box = page.getByRole('searchbox', { name: 'Search contacts' });
    await eventually(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('Seed1');
    await expectCount(page, '10 contacts');
    expect((await shownNames(page)).every((n) => / Seed1\d$/.test(n))).toBe(true);
    await page.keyboard.type('7');
    await expectCount(page, '1 contact');
    expect(await shownNames(page)).toEqual([seeds[17]?.name]);

    // Characters that mean something to SQL LIKE, to a URL or to HTML are just text to search for.
    await box.fill(`%_\\'"<b>&?filter=`);
    await page.getByRole('heading', { name: 'No contacts match' }).waitFor();
    await box.fill('nobody-by-this-name');
    await page.getByRole('heading', { name: 'No contacts match' }).waitFor();
    await expectReadablePage(page);
    await page.getByRole('button', { name: 'Clear search and filters' }).click();
    await expectCount(page, '36 contacts');
    expect(await box.inputValue()).toBe('');
  });

  it('hides a column and shows the custom one; the choice survives a reload until reset', async () => {
    await openTable(page, 'contacts');
    await toggleColumn(page, /^Phones$/);
    await toggleColumn(page, /^Tier/);
    const expectColumns = async () => {
      await eventually(() => headers(page)).toContain('Tier');
      expect(await headers(page)).not.toContain('Phones');
    };
    await expectColumns();
    const sample = (await shownNames(page)).slice(0, 6).map((name) => seeds.find((s) => s.name === name));
    expect(sample.some((s) => s?.tier)).toBe(true);
    for (const seed of sample) await eventually(async () => (await cell(page, seed?.name ?? '', 'Tier')).innerText()).toBe(seed?.tier ?? '');

    // The table remembers columns (and sort) in this browser; filters are not remembered.
    await page.reload();
    await expectCount(page, '36 contacts');
    await expectColumns();

    await page.getByRole('button', { name: 'Columns', exact: true }).click();
    await page.getByRole('dialog', { name: 'Columns' }).getByRole('button', { name: 'Reset to default' }).click();
    await eventually(() => headers(page)).toContain('Phones');
    expect(await headers(page)).not.toContain('Tier');
  });

  it('explains a remembered sort on a custom field deleted since, and resets it', async () => {
    const score = await apiCall<CustomFieldDefinition>(page, 'POST', '/api/v1/custom-fields', { object: 'contacts', key: 'score', label: 'Score', type: 'number' });
    await openTable(page, 'contacts');
    await toggleColumn(page, /^Score/);
    await clickHeader(page, 'Score', 'ascending');
    // An admin deletes the field; this browser still remembers sorting by it.
    expect((await page.request.delete(`/api/v1/custom-fields/${score.id}`, { headers: { 'x-nexus-client': 'web' } })).status()).toBe(204);
    await page.reload();
    await page.getByRole('alert').filter({ hasText: 'Cannot sort contacts by the custom field "score": no such field (it may have been deleted)' }).waitFor();
    await expectReadablePage(page);
    await page.getByRole('button', { name: 'Reset search, filters and sort' }).click();
    await expectCount(page, '36 contacts');
    expect(await headers(page)).not.toContain('Score');
  });

  it('saves filter, sort and columns as a private view, and applies it again after a reload', async () => {
    await openTable(page, 'contacts');
    await addFilter(page, 'Tier', 'Gold');
    await clickHeader(page, 'Name', 'ascending');
    await clickHeader(page, 'Name', 'descending');
    await toggleColumn(page, /^Tier/);
    await saveView(page, 'Gold, Z to A', false);
    expect(new URL(page.url()).searchParams.get('view')).toBeTruthy();

    const { data: views } = await apiCall<{ data: SavedView[] }>(page, 'GET', '/api/v1/views?object=contacts');
    const saved = views.find((v) => v.name === 'Gold, Z to A');
    expect(saved).toMatchObject({ shared: false, filter: { 'customFields.tier': { eq: 'Gold' } }, sort: '-firstName' });
    expect(saved?.columns).toContain('customFields.tier');

    // A fresh table: no filter, no sort, default columns.
    await openTable(page, 'contacts');
    await expectCount(page, '36 contacts');
    expect(await headers(page)).not.toContain('Tier');
    await viewsButton(page).click();
    await page.getByRole('menuitemradio', { name: /Gold, Z to A.*Private/ }).click();
    const gold = seeds.filter((s) => s.tier === 'Gold');
    await expectCount(page, `${gold.length} contacts`);
    expect(await grid(page).getByRole('columnheader', { name: 'Name', exact: true }).getAttribute('aria-sort')).toBe('descending');
    expect(await headers(page)).toContain('Tier');
    const firsts = (await shownNames(page)).map((n) => n.split(' ')[0] ?? '');
    expect(firsts).toEqual(gold.map((s) => s.first).sort(byFirst).reverse());
    await eventually(() => viewsButton(page).innerText()).toContain('Gold, Z to A');

    // The view is in the address: a reload opens it again.
    await page.reload();
    await expectCount(page, `${gold.length} contacts`);
    await page.getByRole('list', { name: 'Active filters' }).getByText('Tier is Gold').waitFor();

    // The view's sort and columns stay the view's: the plain table comes back as the user left it.
    await page.goto('/contacts');
    await expectCount(page, '36 contacts');
    expect(await headers(page)).not.toContain('Tier');
    expect(await grid(page).getByRole('columnheader', { name: 'Name', exact: true }).getAttribute('aria-sort')).not.toBe('descending');
  });

  it('shows a shared view to another member of the workspace, and keeps a private one from them', async () => {
    await openTable(page, 'contacts');
    await addFilter(page, 'Tier', 'Silver');
    await saveView(page, 'Silver team', true);

    const second = await chromium.newPage();
    await joinByInvitation(page, second.page, member, 'member');
    await second.page.goto('/contacts');
    await expectCount(second.page, '36 contacts');
    await viewsButton(second.page).click();
    const menu = second.page.getByRole('menu', { name: 'Saved views' });
    await menu.getByRole('menuitemradio', { name: new RegExp(`Silver team.*Shared · ${person.name}`) }).waitFor();
    expect(await menu.getByRole('menuitemradio', { name: /Gold, Z to A/ }).count()).toBe(0);
    // The owner's name may not fit the badge; pointing at it tells it in full.
    await menu.getByTitle(`Shared by ${person.name}`).waitFor();
    await screenshot(second.page, 'tables-shared-view');
    await menu.getByRole('menuitemradio', { name: /Silver team/ }).click();
    await expectCount(second.page, `${seeds.filter((s) => s.tier === 'Silver').length} contacts`);
    await second.page.getByRole('list', { name: 'Active filters' }).getByText('Tier is Silver').waitFor();
    // Theirs to apply, not to change: a member sees no rename or delete for someone else's view.
    await viewsButton(second.page).click();
    await menu.getByRole('menuitemradio', { name: /Silver team/, checked: true }).waitFor();
    expect(await menu.getByRole('menuitem', { name: /Silver team/ }).count()).toBe(0);
    await second.page.keyboard.press('Escape');

    const { data } = await apiCall<{ data: SavedView[] }>(second.page, 'GET', '/api/v1/views?object=contacts');
    expect(data.map((v) => v.name)).toEqual(['Silver team']);
    expect(second.errors.map((e) => e.message)).toEqual([]);
    await second.context.close();
  });

  it('edits a cell in place and the API holds the new value', async () => {
    const target = seeds[5];
    if (!target) throw new Error('no seed 5');
    await openTable(page, 'contacts');
    await searchFor(page, target.last, '1 contact');
    const editor = await editCell(page, target.name, 'Title');
    expect(await editor.inputValue()).toBe(target.title);
    await editor.fill('Chief Tinkerer');
    await editor.press('Enter');
    await editor.waitFor({ state: 'detached' });
    expect(await (await cell(page, target.name, 'Title')).innerText()).toBe('Chief Tinkerer');
    expect((await contact(target.name)).title).toBe('Chief Tinkerer');
  });

  it('after a change made elsewhere, says so, keeps their value and saves nothing half-way', async () => {
    const target = seeds[6];
    if (!target) throw new Error('no seed 6');
    await openTable(page, 'contacts');
    await searchFor(page, target.last, '1 contact');
    const theirs = await apiCall<Contact>(page, 'PATCH', `/api/v1/contacts/${contactId.get(target.name)}`, { title: 'Changed elsewhere' });
    // The page still shows what it loaded.
    expect(await (await cell(page, target.name, 'Title')).innerText()).toBe(target.title);

    const editor = await editCell(page, target.name, 'Title');
    await editor.fill('Mine');
    await editor.press('Enter');
    const message = editorMessage(page);
    await eventually(() => message.innerText()).toMatch(/Someone else changed this contact meanwhile.*It now reads “Changed elsewhere”/s);
    const after = await contact(target.name);
    expect([after.title, after.version]).toEqual(['Changed elsewhere', theirs.version]);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'tables-stale-edit');

    await editor.press('Escape');
    await editor.waitFor({ state: 'detached' });
    expect(await (await cell(page, target.name, 'Title')).innerText()).toBe('Changed elsewhere');
    expect((await contact(target.name)).version).toBe(theirs.version);

    // Told about the other change, the user may also keep their own value: Enter again writes it over theirs.
    await apiCall<Contact>(page, 'PATCH', `/api/v1/contacts/${contactId.get(target.name)}`, { title: 'Changed again' });
    const again = await editCell(page, target.name, 'Title');
    await again.fill('Mine');
    await again.press('Enter');
    await eventually(() => editorMessage(page).innerText()).toMatch(/It now reads “Changed again”/);
    await again.press('Enter');
    await again.waitFor({ state: 'detached' });
    expect(await (await cell(page, target.name, 'Title')).innerText()).toBe('Mine');
    expect((await contact(target.name)).title).toBe('Mine');
  });

  it("refuses an invalid email with the page's message, and one only the server knows with the server's", async () => {
    const target = seeds[7];
    if (!target) throw new Error('no seed 7');
    await openTable(page, 'contacts');
    await searchFor(page, target.last, '1 contact');
    const editor = await editCell(page, target.name, 'Emails');
    await editor.fill('not-an-email');
    await editor.press('Enter');
    await eventually(() => editorMessage(page).innerText()).toBe('“not-an-email” is not an email address');
    expect(await editor.getAttribute('aria-invalid')).toBe('true');

    // Looks like an email to the page; the server knows a one-letter top-level domain is not one.
    await editor.fill('ada@example.c');
    await editor.press('Enter');
    await eventually(() => editorMessage(page).innerText()).toMatch(/valid email address/i);
    expect(await editor.inputValue()).toBe('ada@example.c');
    expect((await contact(target.name)).emails).toEqual([target.email]);

    await editor.press('Escape');
    await editor.waitFor({ state: 'detached' });
    expect(await (await cell(page, target.name, 'Emails')).innerText()).toBe(target.email);
    await expectReadablePage(page);
  });

  it('moves the active cell with the arrow keys; Space selects, Enter edits a cell and opens a name', async () => {
    await openTable(page, 'contacts');
    await clickHeader(page, 'Name', 'ascending');
    const active = () =>
      grid(page).evaluate((g) => {
        const el = document.getElementById(g.getAttribute('aria-activedescendant') ?? '');
        return { row: Number(el?.closest('[role="row"]')?.getAttribute('aria-rowindex')), col: Number(el?.getAttribute('aria-colindex')), focused: document.activeElement === g };
      });
    await page.keyboard.press('/');
    await page.keyboard.press('ArrowDown');
    await eventually(active).toEqual({ row: 2, col: 2, focused: true });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await eventually(active).toEqual({ row: 4, col: 3, focused: true });

    const third = (await shownNames(page))[2] ?? '';
    await page.keyboard.press(' ');
    await eventually(() => gridRow(page, third).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('region', { name: 'Selected rows' }).getByText('1 contact selected').waitFor();
    await page.keyboard.press('Escape');
    await eventually(() => gridRow(page, third).getAttribute('aria-selected')).toBe('false');

    const titleCol = Number(await grid(page).getByRole('columnheader', { name: 'Title', exact: true }).getAttribute('aria-colindex'));
    for (let col = 3; col < titleCol; col++) await page.keyboard.press('ArrowRight');
    await eventually(active).toEqual({ row: 4, col: titleCol, focused: true });
    await page.keyboard.press('Enter');
    const editor = grid(page).getByLabel(`Title of ${third}`, { exact: true });
    await eventually(() => editor.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Escape');
    await editor.waitFor({ state: 'detached' });
    await eventually(active).toEqual({ row: 4, col: titleCol, focused: true });

    if (!hasPage('/contacts/_')) return; // The record page: apps/web/src/app/(app)/contacts/[id]/page.tsx.
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await eventually(active).toEqual({ row: 4, col: 2, focused: true });
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/contacts/${contactId.get(third)}`);
    await page.getByRole('heading', { name: third }).waitFor();
  });

  it('selects a range with shift-click, edits a field on all of it, then deletes two rows after asking', async () => {
    await openTable(page, 'contacts');
    await clickHeader(page, 'Name', 'ascending');
    const [a, b, c, d, e] = await shownNames(page);
    if (!a || !b || !c || !d || !e) throw new Error('fewer than five rows shown');
    await grid(page).getByRole('checkbox', { name: `Select ${a}` }).click();
    await grid(page).getByRole('checkbox', { name: `Select ${d}` }).click({ modifiers: ['Shift'] });
    const bar = page.getByRole('region', { name: 'Selected rows' });
    await bar.getByText('4 contacts selected').waitFor();
    for (const name of [a, b, c, d]) expect(await gridRow(page, name).getAttribute('aria-selected')).toBe('true');
    expect(await gridRow(page, e).getAttribute('aria-selected')).toBe('false');

    await bar.getByRole('button', { name: 'Edit field…' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit 4 contacts' });
    await edit.getByLabel('Field', { exact: true }).selectOption({ label: 'Lifecycle stage' });
    await edit.getByLabel('New value', { exact: true }).selectOption({ label: 'Customer' });
    await edit.getByRole('button', { name: 'Update 4 contacts' }).click();
    await edit.getByText('4 updated.').waitFor();
    await edit.getByRole('button', { name: 'Done' }).click();
    for (const name of [a, b, c, d]) {
      expect(await (await cell(page, name, 'Lifecycle stage')).innerText()).toBe('Customer');
      expect((await contact(name)).lifecycleStage).toBe('customer');
    }
    expect((await contact(e)).lifecycleStage).toBeNull();

    await grid(page).getByRole('checkbox', { name: `Select ${a}` }).click();
    await grid(page).getByRole('checkbox', { name: `Select ${b}` }).click();
    await bar.getByRole('button', { name: 'Delete…' }).click();
    const remove = page.getByRole('dialog', { name: 'Delete 2 contacts?' });
    await remove.getByText('will move to the trash').waitFor();
    await remove.getByRole('button', { name: 'Delete 2 contacts' }).click();
    await remove.getByText('2 deleted.').waitFor();
    await remove.getByRole('button', { name: 'Done' }).click();
    await expectCount(page, '34 contacts');
    expect(await shownNames(page)).not.toContain(a);
    expect(await shownNames(page)).not.toContain(b);
    for (const name of [a, b]) expect(await apiStatus(page, `/api/v1/contacts/${contactId.get(name)}`)).toBe(404);
    expect(await apiStatus(page, `/api/v1/contacts/${contactId.get(c)}`)).toBe(200);
  });

  it('lists, sorts and edits companies the same way, with the server\'s message for a bad domain', async () => {
    const names = ['Umbrella', 'Acme', 'Initech', 'Globex', 'Hooli'];
    const { data } = await apiCall<{ data: Company[] }>(page, 'POST', '/api/v1/companies/batch/create', { records: names.map((name) => ({ name, domain: `${name.toLowerCase()}.example` })) });
    await openTable(page, 'companies');
    await expectCount(page, '5 companies');
    await clickHeader(page, 'Name', 'ascending');
    await eventually(() => shownNames(page)).toEqual([...names].sort(byFirst));
    await clickHeader(page, 'Name', 'descending');
    await eventually(() => shownNames(page)).toEqual([...names].sort(byFirst).reverse());

    const industry = await editCell(page, 'Initech', 'Industry');
    await industry.fill('Software');
    await industry.press('Enter');
    await industry.waitFor({ state: 'detached' });
    expect(await (await cell(page, 'Initech', 'Industry')).innerText()).toBe('Software');
    const initech = data.find((c) => c.name === 'Initech');
    expect((await apiCall<Company>(page, 'GET', `/api/v1/companies/${initech?.id}`)).industry).toBe('Software');

    const domain = await editCell(page, 'Initech', 'Domain');
    await domain.fill('not a domain');
    await domain.press('Enter');
    await eventually(() => editorMessage(page).innerText()).toMatch(/domain name such as example\.com/);
    await domain.press('Escape');
    expect((await apiCall<Company>(page, 'GET', `/api/v1/companies/${initech?.id}`)).domain).toBe('initech.example');
  });

  it('lists, sorts by amount and edits the amount of deals, refusing one that is not a number', async () => {
    const { data: pipelines } = await apiCall<{ data: Pipeline[] }>(page, 'GET', '/api/v1/pipelines');
    const pipeline = pipelines.find((p) => p.isDefault) ?? pipelines[0];
    const deals = [
      { name: 'Mid deal', amount: '5000' },
      { name: 'Big deal', amount: '90000' },
      { name: 'Small deal', amount: '120' },
    ];
    const { data } = await apiCall<{ data: Deal[] }>(page, 'POST', '/api/v1/deals/batch/create', { records: deals.map((d) => ({ ...d, pipelineId: pipeline?.id, stageId: pipeline?.stages[0]?.id })) });
    await openTable(page, 'deals');
    await expectCount(page, '3 deals');
    await clickHeader(page, 'Amount', 'ascending');
    await eventually(() => shownNames(page)).toEqual(['Small deal', 'Mid deal', 'Big deal']);
    await clickHeader(page, 'Amount', 'descending');
    await eventually(() => shownNames(page)).toEqual(['Big deal', 'Mid deal', 'Small deal']);

    const amount = await editCell(page, 'Small deal', 'Amount');
    await amount.fill('lots');
    await amount.press('Enter');
    await eventually(() => editorMessage(page).innerText()).toBe('Enter an amount such as 12500 or 12500.50');
    await amount.fill('25000');
    await amount.press('Enter');
    await amount.waitFor({ state: 'detached' });
    const small = data.find((d) => d.name === 'Small deal');
    expect(Number((await apiCall<Deal>(page, 'GET', `/api/v1/deals/${small?.id}`)).amount)).toBe(25000);
    expect(await (await cell(page, 'Small deal', 'Amount')).innerText()).toMatch(/25,000/);
  });

  it('threw no uncaught error in the page along the way', () => {
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});

describe('an empty workspace, then one of 300 contacts', () => {
  const person = newPerson('Virtual');
  let chromium: OpenBrowser;
  let page: Page;
  let errors: Error[];

  beforeAll(async () => {
    chromium = await openBrowser();
    ({ page, errors } = await chromium.newPage());
    await signUpByApi(page, person);
  });
  afterAll(async () => {
    await chromium.close();
  });

  it('says plainly that each list is empty and offers to add the first record', async () => {
    for (const [object, singular] of [
      ['contacts', 'contact'],
      ['companies', 'company'],
      ['deals', 'deal'],
    ] as const) {
      await openTable(page, object);
      await page.getByRole('heading', { name: `No ${object} yet` }).waitFor();
      expect(await page.getByRole('button', { name: `New ${singular}`, exact: true }).count()).toBe(2);
      expect(await grid(page).count()).toBe(0);
      await expectReadablePage(page);
    }
    await screenshot(page, 'tables-empty');
  });

  it('keeps far fewer rows in the DOM than 300, and scrolling to the bottom loads and shows the last', async () => {
    const records = Array.from({ length: 300 }, (_, i) => ({ firstName: `Row ${String(i + 1).padStart(3, '0')}`, lastName: 'Virtual' }));
    const { data } = await apiCall<{ data: Contact[] }>(page, 'POST', '/api/v1/contacts/batch/create', { records });
    expect(data).toHaveLength(300);

    await openTable(page, 'contacts');
    await expectCount(page, '40+ contacts');
    await clickHeader(page, 'Name', 'ascending');
    const rowsInDom = () => grid(page).getByRole('row').count();
    expect(await rowsInDom()).toBeLessThan(60);
    await gridRow(page, 'Row 001 Virtual').waitFor();

    // Scroll as a hand does, with the wheel over the grid, until the last row is on screen.
    const box = await grid(page).boundingBox();
    if (!box) throw new Error('the grid is not on screen');
    await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 300));
    await expect
      .poll(
        async () => {
          await page.mouse.wheel(0, 3000);
          return gridRow(page, 'Row 300 Virtual').isVisible();
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    await expectCount(page, '300 contacts');
    expect(await grid(page).getAttribute('aria-rowcount')).toBe('301');
    expect(await rowsInDom()).toBeLessThan(60);
    expect(await gridRow(page, 'Row 001 Virtual').count()).toBe(0);
    const names = await shownNames(page);
    expect(names[names.length - 1]).toBe('Row 300 Virtual');
    await screenshot(page, 'tables-scrolled');
  });

  it('threw no uncaught error in the page along the way', () => {
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});
