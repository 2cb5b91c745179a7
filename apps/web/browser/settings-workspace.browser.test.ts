import type { Locator, Page } from 'playwright-core';
import type { Contact, CustomFieldDefinition, Pipeline } from '@/lib/records';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiCall,
  baseUrl,
  fieldError,
  gridRow,
  newPerson,
  openBrowser,
  screenshot,
  signUpByApi,
  type OpenBrowser,
} from './harness';
import { callsDuring, contactsShowing, copyOnce, createContact, listRow, newVisitor, openSettings, type ApiKeyAnswer, type ListAnswer } from './settings-support';

// How a workspace is set up, through its settings: API keys (shown once),
// custom fields, pipelines and stages. Each journey is a `describe` with people
// of its own; records that are not what a step tests are made through the API.

describe('API keys', () => {
  let chromium: OpenBrowser;
  let page: Page;
  let errors: Error[];
  const owner = newPerson('Keys');
  const made: { key?: string } = {};

  /** What the API answers to a script that sends the key. */
  async function callWithKey(key: string): Promise<number> {
    const res = await fetch(new URL('/api/v1/contacts?limit=1', baseUrl()), { headers: { authorization: `Bearer ${key}`, accept: 'application/json' } });
    return res.status;
  }

  beforeAll(async () => {
    chromium = await openBrowser();
    ({ page, errors } = await newVisitor(chromium));
    await signUpByApi(page, owner);
    await page.goto('/my-work');
  });
  afterAll(async () => {
    await chromium.close();
  });

  it('creates a key and shows it once, ready to copy', async () => {
    await openSettings(page, 'API keys');
    await page.getByText('No API keys yet').waitFor();
    await page.getByRole('button', { name: 'Create API key' }).click();
    const form = page.getByRole('dialog', { name: 'Create an API key' });
    await form.getByRole('button', { name: 'Create key' }).click();
    expect(await fieldError(form, 'Name')).toBe('Enter a name for the key');

    await form.getByLabel('Name', { exact: true }).fill('Nightly export');
    expect(await form.getByRole('checkbox', { name: /^Read\b/ }).isChecked()).toBe(true);
    await form.getByRole('checkbox', { name: /^Write\b/ }).check();
    await form.getByRole('button', { name: 'Create key' }).click();

    const shown = page.getByRole('dialog', { name: 'Your new API key' });
    await shown.getByText('you won’t see it again', { exact: false }).waitFor();
    made.key = await copyOnce(shown, 'API key “Nightly export”');
    expect(made.key).toMatch(/^nx_/);
    await screenshot(page, 'settings-api-key');
    await shown.getByRole('button', { name: 'I have copied it' }).click();
    await shown.waitFor({ state: 'detached' });

    const row = listRow(page, 'API keys', 'Nightly export');
    await row.waitFor();
    const keys = await apiCall<ListAnswer<ApiKeyAnswer>>(page, 'GET', '/api/v1/api-keys');
    expect(keys.data.map((k) => ({ name: k.name, scopes: k.scopes }))).toEqual([{ name: 'Nightly export', scopes: ['read', 'write'] }]);
    expect(made.key.startsWith(keys.data[0]?.prefix ?? '-')).toBe(true);
  });

  it('shows only the name and prefix after leaving and coming back, never the key', async () => {
    await openSettings(page, 'Profile');
    await openSettings(page, 'API keys');
    const row = listRow(page, 'API keys', 'Nightly export');
    const { data } = await apiCall<ListAnswer<ApiKeyAnswer>>(page, 'GET', '/api/v1/api-keys');
    await row.getByText(`${data[0]?.prefix ?? '-'}…`).waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await page.content()).not.toContain(made.key ?? 'no key was shown');
  });

  it('works against the API as `Authorization: Bearer <key>`, and the list then says when it was last used', async () => {
    expect(await callWithKey(made.key ?? '')).toBe(200);
    await expect.poll(async () => (await apiCall<ListAnswer<ApiKeyAnswer>>(page, 'GET', '/api/v1/api-keys')).data[0]?.lastUsedAt ?? null).not.toBeNull();
    await page.reload();
    await listRow(page, 'API keys', 'Nightly export').getByText('last used', { exact: false }).waitFor();
  });

  it('stops working once revoked: the API answers 401', async () => {
    await page.goto('/settings/api-keys');
    await page.getByRole('button', { name: 'Revoke the key Nightly export' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke “Nightly export”?' });
    await confirm.getByRole('button', { name: 'Revoke key' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByText('No API keys yet').waitFor();
    expect(await callWithKey(made.key ?? '')).toBe(401);
  });

  it('threw no uncaught error in the page', () => {
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------

describe('custom fields', () => {
  let chromium: OpenBrowser;
  let page: Page;
  let errors: Error[];
  const owner = newPerson('Fields');
  const field = { label: 'Contract tier', key: 'contractTier', options: ['Gold', 'Silver', 'Bronze'] };
  let contact: Contact;

  async function fieldsOnContacts(): Promise<CustomFieldDefinition[]> {
    return (await apiCall<ListAnswer<CustomFieldDefinition>>(page, 'GET', '/api/v1/custom-fields')).data.filter((f) => f.object === 'contacts');
  }

  async function openAddField(): Promise<Locator> {
    await page.getByRole('button', { name: 'Add field', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a custom field' });
    await dialog.waitFor();
    return dialog;
  }

  beforeAll(async () => {
    chromium = await openBrowser();
    ({ page, errors } = await chromium.newPage());
    await signUpByApi(page, owner);
    contact = await createContact(page, 'Grace', 'Hopper');
    await page.goto('/my-work');
  });
  afterAll(async () => {
    await chromium.close();
  });

  it('adds a single-choice field with options to contacts', async () => {
    await openSettings(page, 'Custom fields');
    expect(await page.getByRole('tab', { name: /^Contacts/ }).getAttribute('aria-selected')).toBe('true');
    const dialog = await openAddField();
    await dialog.getByLabel('Label', { exact: true }).fill(field.label);
    // The key follows the label until it is edited by hand.
    expect(await dialog.getByLabel('Key', { exact: true }).inputValue()).toBe(field.key);
    await dialog.getByLabel('Type', { exact: true }).selectOption({ label: 'Single choice' });
    await dialog.getByRole('button', { name: 'Add field' }).click();
    expect(await fieldError(dialog, 'Options')).toBe('Enter at least one option, one per line');
    await dialog.getByLabel('Options', { exact: true }).fill(field.options.join('\n'));
    await dialog.getByRole('button', { name: 'Add field' }).click();
    await dialog.waitFor({ state: 'detached' });

    const row = listRow(page, 'Custom fields on contacts', field.label);
    await row.getByText(`customFields.${field.key}`, { exact: false }).waitFor();
    expect(await row.getByLabel('Options').innerText()).toMatch(/Gold\s*Silver\s*Bronze/);
    expect((await fieldsOnContacts()).map((f) => ({ key: f.key, label: f.label, type: f.type, options: f.options }))).toEqual([
      { key: field.key, label: field.label, type: 'select', options: field.options },
    ]);
    await screenshot(page, 'settings-custom-fields');
  });

  it("appears on a contact's record page, where a value can be chosen", async () => {
    await page.goto(`/contacts/${contact.id}`);
    const section = page.getByRole('region', { name: 'Custom fields' });
    await section.getByRole('button', { name: `Edit ${field.label}` }).click();
    // Choosing saves at once.
    await section.getByLabel(field.label, { exact: true }).selectOption('Gold');
    await section.getByRole('button', { name: `Edit ${field.label}` }).filter({ hasText: 'Gold' }).waitFor();
    await expect.poll(async () => (await apiCall<Contact>(page, 'GET', `/api/v1/contacts/${contact.id}`)).customFields[field.key]).toBe('Gold');
  });

  it("is offered in the contacts table's column chooser", async () => {
    await contactsShowing(page, 'Hopper');
    await page.getByRole('button', { name: 'Columns' }).click();
    const chooser = page.getByRole('dialog', { name: 'Columns' });
    // Ticked, the column moves from the hidden list to the shown one.
    await chooser.getByRole('list', { name: 'Hidden columns' }).getByRole('checkbox', { name: field.label }).click();
    expect(await chooser.getByRole('list', { name: 'Shown columns' }).getByRole('checkbox', { name: field.label }).isChecked()).toBe(true);
    await page.getByRole('grid').getByRole('columnheader', { name: field.label }).waitFor();
    await gridRow(page, 'Hopper').getByText('Gold').waitFor();
  });

  it('refuses an empty, a malformed and a duplicate key next to the field, without asking the server', async () => {
    await page.goto('/settings/custom-fields');
    const dialog = await openAddField();
    const calls = await callsDuring(page, 'POST', '/api/v1/custom-fields', async () => {
      await dialog.getByLabel('Label', { exact: true }).fill('Tier again');
      await dialog.getByLabel('Key', { exact: true }).fill('');
      await dialog.getByRole('button', { name: 'Add field' }).click();
      expect(await fieldError(dialog, 'Key')).toBe('Enter a key');
      await dialog.getByLabel('Key', { exact: true }).fill('Tier Again');
      await dialog.getByRole('button', { name: 'Add field' }).click();
      expect(await fieldError(dialog, 'Key')).toMatch(/^Start with a lower-case letter/);
      await dialog.getByLabel('Key', { exact: true }).fill(field.key);
      await dialog.getByRole('button', { name: 'Add field' }).click();
      expect(await fieldError(dialog, 'Key')).toBe('Contacts already have a field with this key');
    });
    expect(calls).toBe(0);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it("shows the server's message for a key someone else took meanwhile", async () => {
    await page.goto('/settings/custom-fields');
    const dialog = await openAddField();
    // Another admin adds the same key while this dialog is open.
    await apiCall(page, 'POST', '/api/v1/custom-fields', { object: 'contacts', key: 'region', label: 'Region', type: 'text' });
    await dialog.getByLabel('Label', { exact: true }).fill('Region');
    await dialog.getByRole('button', { name: 'Add field' }).click();
    expect(await fieldError(dialog, 'Key')).toMatch(/already exists/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    // The page read the list again and shows the other admin's field.
    await listRow(page, 'Custom fields on contacts', 'Region').waitFor();
  });

  it('deletes the field, which leaves the settings and the record page', async () => {
    await page.goto('/settings/custom-fields');
    await page.getByRole('button', { name: `Delete the field ${field.label}` }).click();
    const confirm = page.getByRole('dialog', { name: `Delete “${field.label}”?` });
    await confirm.getByRole('button', { name: 'Delete field' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await listRow(page, 'Custom fields on contacts', field.label).count()).toBe(0);
    expect((await fieldsOnContacts()).map((f) => f.key)).toEqual(['region']);

    await page.goto(`/contacts/${contact.id}`);
    const section = page.getByRole('region', { name: 'Custom fields' });
    await section.getByRole('button', { name: /^Edit Region\b/ }).waitFor();
    expect(await section.getByText(field.label).count()).toBe(0);
  });

  it('threw no uncaught error in the page', () => {
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------

describe('pipelines and stages', () => {
  let chromium: OpenBrowser;
  let page: Page;
  let errors: Error[];
  const owner = newPerson('Stages');
  const made: { pipelineId?: string; dealId?: string } = {};

  async function pipelineNamed(name: string): Promise<Pipeline | undefined> {
    return (await apiCall<ListAnswer<Pipeline>>(page, 'GET', '/api/v1/pipelines')).data.find((p) => p.name === name);
  }

  async function ensurePipeline(): Promise<Pipeline> {
    made.pipelineId ??= (
      await apiCall<Pipeline>(page, 'POST', '/api/v1/pipelines', {
        name: 'Renewals',
        stages: [
          { name: 'Open', probability: 50, type: 'open' },
          { name: 'Won', probability: 100, type: 'won' },
          { name: 'Lost', probability: 0, type: 'lost' },
        ],
      })
    ).id;
    const pipeline = await pipelineNamed('Renewals');
    if (!pipeline) throw new Error('Renewals is not there');
    return pipeline;
  }

  /** A deal in the first stage of Renewals. */
  async function ensureDeal(pipeline: Pipeline): Promise<void> {
    made.dealId ??= (await apiCall<{ id: string }>(page, 'POST', '/api/v1/deals', { name: 'Renewal 2027', pipelineId: pipeline.id, stageId: pipeline.stages[0]?.id })).id;
  }

  /** Picks a pipeline in the settings' pipeline list and waits for its editor. */
  async function pickPipeline(name: string): Promise<Locator> {
    await page.goto('/settings/pipelines');
    await page.getByRole('navigation', { name: 'Pipelines' }).getByRole('button', { name: new RegExp(`^${name}\\b`) }).click();
    const editor = page.getByRole('form', { name: `Edit ${name}` });
    await editor.waitFor();
    return editor;
  }

  function stageName(editor: Locator, position: number): Locator {
    return editor.getByLabel(`Name of stage ${position}`, { exact: true });
  }

  beforeAll(async () => {
    chromium = await openBrowser();
    ({ page, errors } = await chromium.newPage());
    await signUpByApi(page, owner);
    await page.goto('/my-work');
  });
  afterAll(async () => {
    await chromium.close();
  });

  it('creates a pipeline from a template', async () => {
    await openSettings(page, 'Pipelines');
    await page.getByRole('button', { name: 'New pipeline' }).click();
    const dialog = page.getByRole('dialog', { name: 'New pipeline' });
    await dialog.getByRole('button', { name: 'Create pipeline' }).click();
    expect(await fieldError(dialog, 'Name')).toBe('Enter a name for the pipeline');
    await dialog.getByLabel('Name', { exact: true }).fill('Renewals');
    await dialog.getByRole('radio', { name: /^Just open, won and lost/ }).check();
    await dialog.getByRole('button', { name: 'Create pipeline' }).click();
    await dialog.waitFor({ state: 'detached' });

    const editor = page.getByRole('form', { name: 'Edit Renewals' });
    await editor.waitFor();
    expect([await stageName(editor, 1).inputValue(), await stageName(editor, 2).inputValue(), await stageName(editor, 3).inputValue()]).toEqual(['Open', 'Won', 'Lost']);
    const created = await pipelineNamed('Renewals');
    expect(created?.stages.map((s) => s.name)).toEqual(['Open', 'Won', 'Lost']);
    made.pipelineId = created?.id;
  });

  it('checks stage names and probabilities before saving', async () => {
    await ensurePipeline();
    const editor = await pickPipeline('Renewals');
    const calls = await callsDuring(page, 'PATCH', `/api/v1/pipelines/${made.pipelineId ?? ''}`, async () => {
      await stageName(editor, 1).fill('Won');
      await editor.getByLabel('Probability of Won (%)').first().fill('150');
      await editor.getByRole('button', { name: 'Save pipeline' }).click();
      expect(await fieldError(editor, 'Name of stage 2')).toBe('Another stage is already called “Won”');
      expect(await editor.getByRole('alert').filter({ hasText: 'Enter a whole number from 0 to 100' }).count()).toBe(1);
    });
    expect(calls).toBe(0);
    await editor.getByRole('button', { name: 'Discard changes' }).click();
    expect(await stageName(editor, 1).inputValue()).toBe('Open');
  });

  it('adds, renames and reorders stages and sets their probability, then saves', async () => {
    await ensurePipeline();
    const editor = await pickPipeline('Renewals');
    await stageName(editor, 1).fill('Contacted');
    await editor.getByLabel('Probability of Contacted (%)').fill('20');
    await editor.getByRole('button', { name: 'Add stage' }).click();
    // A new stage goes before the closing stages, and takes the focus.
    await expect.poll(() => stageName(editor, 2).evaluate((el) => el === document.activeElement)).toBe(true);
    await stageName(editor, 2).fill('Negotiating');
    await editor.getByLabel('Probability of Negotiating (%)').fill('80');
    await editor.getByRole('button', { name: 'Move Negotiating up' }).click();
    expect(await stageName(editor, 1).inputValue()).toBe('Negotiating');
    await editor.getByText('Unsaved changes').waitFor();
    await editor.getByRole('button', { name: 'Save pipeline' }).click();
    await page.getByText('“Renewals” is saved').waitFor();

    const saved = await pipelineNamed('Renewals');
    expect(saved?.stages.map((s) => [s.name, s.probability, s.type])).toEqual([
      ['Negotiating', 80, 'open'],
      ['Contacted', 20, 'open'],
      ['Won', 100, 'won'],
      ['Lost', 0, 'lost'],
    ]);
    await screenshot(page, 'settings-pipelines');
  });

  it('shows the stages on the board in that order, with their probability', async () => {
    const pipeline = await ensurePipeline();
    await page.goto(`/pipeline?pipeline=${pipeline.id}`);
    const columns = page.getByTestId('pipeline-column');
    await columns.first().waitFor();
    const headings = await columns.getByRole('heading', { level: 2 }).allInnerTexts();
    expect(headings).toEqual(pipeline.stages.map((s) => s.name));
    for (const stage of pipeline.stages) {
      await page.getByRole('region', { name: stage.name, exact: true }).getByText(`${stage.probability} %`).waitFor();
    }
  });

  it("refuses to delete a pipeline that holds deals, with the server's message", async () => {
    await ensureDeal(await ensurePipeline());
    await pickPipeline('Renewals');
    await page.getByRole('button', { name: 'Delete pipeline' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete “Renewals”?' });
    await confirm.getByRole('button', { name: 'Delete pipeline' }).click();
    await confirm.getByRole('alert').filter({ hasText: 'Move or delete the deals in this pipeline first' }).waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByRole('navigation', { name: 'Pipelines' }).getByRole('button', { name: /^Renewals\b/ }).waitFor();
    expect(await pipelineNamed('Renewals')).toBeDefined();
  });

  it("names the stage that still holds deals when a save would remove it, with the server's message", async () => {
    const pipeline = await ensurePipeline();
    await ensureDeal(pipeline);
    const holding = pipeline.stages[0]?.name ?? '';
    const editor = await pickPipeline('Renewals');
    await editor.getByRole('button', { name: `Remove ${holding}` }).click();
    await editor.getByRole('button', { name: 'Save pipeline' }).click();
    const refusal = editor.getByRole('alert').filter({ hasText: 'Move the deals out of a stage before removing it' });
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain(`“${holding}” has 1 deal`);
    await editor.getByRole('button', { name: 'Discard changes' }).click();
    expect(await stageName(editor, 1).inputValue()).toBe(holding);
    expect((await pipelineNamed('Renewals'))?.stages.map((s) => s.name)).toEqual(pipeline.stages.map((s) => s.name));
  });

  it('deletes a pipeline without deals', async () => {
    await apiCall(page, 'POST', '/api/v1/pipelines', { name: 'Partnerships', stages: [{ name: 'Talking', probability: 30, type: 'open' }] });
    await pickPipeline('Partnerships');
    await page.getByRole('button', { name: 'Delete pipeline' }).click();
    await page.getByRole('dialog', { name: 'Delete “Partnerships”?' }).getByRole('button', { name: 'Delete pipeline' }).click();
    await page.getByText('“Partnerships” is deleted').waitFor();
    expect(await page.getByRole('navigation', { name: 'Pipelines' }).getByRole('button', { name: /^Partnerships\b/ }).count()).toBe(0);
    expect(await pipelineNamed('Partnerships')).toBeUndefined();
  });

  it('threw no uncaught error in the page', () => {
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});
