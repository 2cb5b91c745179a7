import type { Locator, Page } from 'playwright-core';
import type { Deal, Pipeline, Stage } from '@/lib/records';
import type { Page as ApiPage } from '@/lib/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, drag, stageColumn, apiStatus, expectReadablePage, fieldError, newPerson, openBrowser, screenshot, signUpByApi, type OpenBrowser } from './harness';

// The pipeline board, as a sales team works it: a column per stage with its
// count, total and weighted total; a deal added straight into a column;
// deals moved by keyboard, by menu and by mouse; and a move the server
// refuses (the deal changed elsewhere, the stage removed, the deal deleted)
// undone on screen with a message, the figures back to what they were.
// Expected figures are worked out here from the deals' amounts and the
// stages' probabilities as the API gives them, never read from the summary
// the board itself uses.

type ListAnswer<T> = Pick<ApiPage<T>, 'data'>;

const person = newPerson('Board');

/** The pipeline this workspace sells through; its odd probabilities make a wrong weighting show. */
const stagesToCreate: Pick<Stage, 'name' | 'probability' | 'type'>[] = [
  { name: 'Discovery', probability: 15, type: 'open' },
  { name: 'Evaluation', probability: 35, type: 'open' },
  { name: 'Legal review', probability: 60, type: 'open' },
  { name: 'Contract', probability: 80, type: 'open' },
  { name: 'Won', probability: 100, type: 'won' },
  { name: 'Lost', probability: 0, type: 'lost' },
];

/** The deals seeded into it: name, stage, amount (null: no amount yet). */
const seeds: { name: string; stage: string; amount: string | null }[] = [
  { name: 'Acme renewal', stage: 'Discovery', amount: '12000.40' },
  { name: 'Hooli upgrade', stage: 'Discovery', amount: '7300' },
  { name: 'Soylent trial', stage: 'Discovery', amount: null },
  { name: 'Umbrella rollout', stage: 'Evaluation', amount: '980.20' },
  { name: 'Stark licences', stage: 'Contract', amount: '40000' },
  { name: 'Wayne support', stage: 'Won', amount: '5000' },
  { name: 'Globex pilot', stage: 'Lost', amount: null },
];

interface Figures {
  count: string;
  total: string;
  weighted: string;
}

/** A decimal string as a whole number of cents (the seeds have at most two decimals). */
function cents(amount: string): bigint {
  const [whole = '0', fraction = ''] = amount.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
}

/** A deal's card in a column, by its name. */
function card(column: Locator, deal: string): Locator {
  return column.getByRole('article').filter({ has: column.page().getByRole('link', { name: deal, exact: true }) });
}

/** What a column's header shows: "3 deals", and its total and weighted total ("No value" when nothing is priced). */
async function shownFigures(page: Page, stage: string): Promise<Figures> {
  const column = stageColumn(page, stage);
  const count = ((await column.getByTestId('stage-count').textContent()) ?? '').trim();
  if ((await column.getByText('No value', { exact: true }).count()) > 0) return { count, total: 'No value', weighted: 'No value' };
  const total = await column.getByRole('definition').first().innerText();
  const weighted = await column.getByRole('definition').nth(1).innerText();
  return { count, total, weighted };
}

/** A toast (the app's polite live region) saying `text`. */
function toast(page: Page, text: string | RegExp): Locator {
  return page.locator('.toasts').getByText(text);
}

describe('the pipeline board', () => {
  let chromium: OpenBrowser;
  let page: Page;
  let errors: Error[];
  let pipeline: Pipeline;
  const dealIds = new Map<string, string>();

  const stage = (name: string): Stage => {
    const found = pipeline.stages.find((s) => s.name === name);
    if (!found) throw new Error(`no stage ${name}`);
    return found;
  };
  const dealId = (name: string): string => {
    const id = dealIds.get(name);
    if (!id) throw new Error(`no deal ${name}`);
    return id;
  };
  const dealNow = (name: string) => apiCall<Deal>(page, 'GET', `/api/v1/deals/${dealId(name)}`);

  /** A money amount as the browser formats it for this person's locale, e.g. "$2,895.06". */
  const money = (amountInCents: bigint) => page.evaluate((value) => new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' }).format(value), Number(amountInCents) / 100);

  /**
   * What a stage's header must say for `amounts` (one per deal; null for a
   * deal without an amount, which counts but adds nothing) at the stage's
   * probability from the pipeline API. A stage with no priced deal has "No value".
   */
  async function expectedFigures(stageName: string, amounts: readonly (string | null)[]): Promise<Figures> {
    const count = `${amounts.length} ${amounts.length === 1 ? 'deal' : 'deals'}`;
    if (amounts.every((a) => a === null)) return { count, total: 'No value', weighted: 'No value' };
    const total = amounts.reduce((sum, a) => sum + (a === null ? 0n : cents(a)), 0n);
    const weightedHundredths = total * BigInt(stage(stageName).probability);
    // The seeds are chosen so each weighted total is a whole number of cents: no rounding rule is being tested.
    expect(weightedHundredths % 100n, `${stageName}'s weighted total is exact`).toBe(0n);
    return { count, total: await money(total), weighted: await money(weightedHundredths / 100n) };
  }

  /** The figures a stage must show for the deals the API holds in it now. */
  async function figuresFromApi(stageName: string): Promise<Figures> {
    const filter = encodeURIComponent(JSON.stringify({ pipelineId: pipeline.id, stageId: stage(stageName).id }));
    const { data } = await apiCall<ListAnswer<Deal>>(page, 'GET', `/api/v1/deals?limit=200&filter=${filter}`);
    return expectedFigures(
      stageName,
      data.map((d) => d.amount),
    );
  }

  async function expectFigures(stageName: string, expected: Figures): Promise<void> {
    await expect.poll(() => shownFigures(page, stageName)).toEqual(expected);
  }

  async function openBoard(): Promise<void> {
    await page.goto(`/pipeline?pipeline=${pipeline.id}`);
    await page.getByRole('region', { name: 'Enterprise pipeline board' }).waitFor();
    // Loaded: every column has its count (no "…" left) and its cards (no "Loading deals in …" left).
    await expect.poll(() => page.getByTestId('stage-count').filter({ hasText: '…' }).count()).toBe(0);
    await expect.poll(() => page.getByRole('status', { name: /^Loading deals in/ }).count()).toBe(0);
  }

  beforeAll(async () => {
    chromium = await openBrowser();
    ({ page, errors } = await chromium.newPage());
    await signUpByApi(page, person);
    const created = await apiCall<Pipeline>(page, 'POST', '/api/v1/pipelines', { name: 'Enterprise', stages: stagesToCreate });
    // Probabilities as the pipeline API gives them back, not as this file asked for them.
    pipeline = await apiCall<Pipeline>(page, 'GET', `/api/v1/pipelines/${created.id}`);
    for (const seed of seeds) {
      const deal = await apiCall<Deal>(page, 'POST', '/api/v1/deals', { name: seed.name, pipelineId: pipeline.id, stageId: stage(seed.stage).id, currency: 'USD', ...(seed.amount ? { amount: seed.amount } : {}) });
      dealIds.set(seed.name, deal.id);
    }
  });
  afterAll(async () => {
    await chromium.close();
  });

  it("shows each stage's count, total and weighted total for the deals in it", async () => {
    await openBoard();
    for (const { name } of stagesToCreate) {
      const amounts = seeds.filter((s) => s.stage === name).map((s) => s.amount);
      await expectFigures(name, await expectedFigures(name, amounts));
    }
    // Spelled out once, so the arithmetic above is not the only witness.
    expect(await shownFigures(page, 'Discovery')).toEqual({ count: '3 deals', total: await money(1930040n), weighted: await money(289506n) });
    expect(await shownFigures(page, 'Lost')).toEqual({ count: '1 deal', total: 'No value', weighted: 'No value' });
    for (const seed of seeds) await card(stageColumn(page, seed.stage), seed.name).waitFor();
    await expectReadablePage(page);
    await screenshot(page, 'board');
  });

  it('adds a deal to a column with its "+" form, checking the name and amount first', async () => {
    await openBoard();
    const before = await shownFigures(page, 'Evaluation');
    await page.getByRole('button', { name: 'Add a deal to Evaluation' }).click();
    const form = page.getByRole('form', { name: 'New deal in Evaluation' });

    await form.getByRole('button', { name: 'Add deal' }).click();
    expect(await fieldError(form, 'Name')).toBe('Enter a name for the deal');
    await form.getByLabel('Name', { exact: true }).fill('Initech expansion');
    await form.getByLabel('Amount', { exact: true }).fill('12k');
    await form.getByRole('button', { name: 'Add deal' }).click();
    expect(await fieldError(form, 'Amount')).toBe('Enter a number, like 12500 or 12500.50');
    expect(await form.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).toBeNull();
    const named = encodeURIComponent(JSON.stringify({ name: 'Initech expansion' }));
    expect((await apiCall<ListAnswer<Deal>>(page, 'GET', `/api/v1/deals?filter=${named}`)).data).toEqual([]);
    expect(await shownFigures(page, 'Evaluation')).toEqual(before);

    await form.getByLabel('Amount', { exact: true }).fill('2,500');
    await form.getByRole('button', { name: 'Add deal' }).click();
    await form.waitFor({ state: 'detached' });
    await toast(page, '“Initech expansion” added to Evaluation').waitFor();
    await card(stageColumn(page, 'Evaluation'), 'Initech expansion').waitFor();
    await expectFigures('Evaluation', await expectedFigures('Evaluation', ['980.20', '2500']));

    const [created] = (await apiCall<ListAnswer<Deal>>(page, 'GET', `/api/v1/deals?filter=${named}`)).data;
    expect(created?.stageId).toBe(stage('Evaluation').id);
    expect(Number(created?.amount)).toBe(2500);
    if (created) dealIds.set(created.name, created.id);

    // The server's own figures, after a reload, agree with what the board worked out on the spot.
    await openBoard();
    await expectFigures('Evaluation', await expectedFigures('Evaluation', ['980.20', '2500']));
  });

  it('moves a deal with the keyboard: Space on its handle, an arrow key, Space', async () => {
    await openBoard();
    const handle = card(stageColumn(page, 'Discovery'), 'Hooli upgrade').getByRole('button', { name: 'Drag deal Hooli upgrade' });
    await handle.focus();
    await page.keyboard.press('Space');
    // What a screen reader hears, in dnd-kit's live region, tells that each key has taken effect.
    await page.getByText('Deal Hooli upgrade is over stage Discovery.').waitFor({ state: 'attached' });
    await page.keyboard.press('ArrowRight');
    await page.getByText('Deal Hooli upgrade is over stage Evaluation.').waitFor({ state: 'attached' });
    await page.keyboard.press('Space');

    await card(stageColumn(page, 'Evaluation'), 'Hooli upgrade').waitFor();
    expect(await card(stageColumn(page, 'Discovery'), 'Hooli upgrade').count()).toBe(0);
    await expect.poll(async () => (await dealNow('Hooli upgrade')).stageId).toBe(stage('Evaluation').id);
    await expectFigures('Discovery', await figuresFromApi('Discovery'));
    await expectFigures('Evaluation', await figuresFromApi('Evaluation'));
  });

  it('moves a deal with its "Move to…" menu', async () => {
    await openBoard();
    const column = stageColumn(page, 'Contract');
    await card(column, 'Stark licences').getByRole('button', { name: 'Move Stark licences to another stage' }).click();
    await page.getByRole('menu', { name: 'Move Stark licences to' }).getByRole('menuitem', { name: 'Won', exact: true }).click();

    await toast(page, '“Stark licences” moved to Won').waitFor();
    await card(stageColumn(page, 'Won'), 'Stark licences').waitFor();
    expect(await card(column, 'Stark licences').count()).toBe(0);
    expect((await dealNow('Stark licences')).stageId).toBe(stage('Won').id);
    await expectFigures('Contract', await figuresFromApi('Contract'));
    await expectFigures('Won', await figuresFromApi('Won'));
  });

  describe('a move the server refuses', () => {
    /**
     * Drags `deal` from one column to another and waits for `message`; then
     * the card must be back in its column and that column's figures as before.
     */
    async function dragAndExpectCardBack(deal: string, from: string, to: string, message: string | RegExp): Promise<void> {
      const before = await shownFigures(page, from);
      await drag(page, card(stageColumn(page, from), deal).getByRole('button', { name: `Drag deal ${deal}` }), stageColumn(page, to));
      await toast(page, message).waitFor();
      await card(stageColumn(page, from), deal).waitFor();
      // A refusal that removed a stage reloads the board's stages: the card is there once when that settles.
      await expect.poll(() => page.getByRole('link', { name: deal, exact: true }).count(), { message: 'the card is on the board once' }).toBe(1);
      await expectFigures(from, before);
    }

    it('puts the card back, with a message, when someone else changed the deal since the board loaded', async () => {
      await openBoard();
      const { version } = await dealNow('Acme renewal');
      // Another session edits the deal: the board's copy is now stale.
      await apiCall(page, 'PATCH', `/api/v1/deals/${dealId('Acme renewal')}`, { closeDate: '2031-06-30' });

      const target = await shownFigures(page, 'Evaluation');
      await dragAndExpectCardBack('Acme renewal', 'Discovery', 'Evaluation', /^“Acme renewal” was not moved: someone else changed it a moment ago/);
      await expectFigures('Evaluation', target);
      const now = await dealNow('Acme renewal');
      expect(now.stageId).toBe(stage('Discovery').id);
      expect(now.version).toBe(version + 1);
      // The card shows the latest version now, so the next try carries it.
      const closeDate = await page.evaluate(() => new Date('2031-06-30T00:00:00').toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' }));
      await card(stageColumn(page, 'Discovery'), 'Acme renewal').getByText(closeDate).waitFor();
      await screenshot(page, 'board-move-refused');

      await drag(page, card(stageColumn(page, 'Discovery'), 'Acme renewal').getByRole('button', { name: 'Drag deal Acme renewal' }), stageColumn(page, 'Evaluation'));
      await card(stageColumn(page, 'Evaluation'), 'Acme renewal').waitFor();
      await expect.poll(async () => (await dealNow('Acme renewal')).stageId).toBe(stage('Evaluation').id);
    });

    it('puts the card back, with a message in plain words, when the target stage was removed meanwhile', async () => {
      await openBoard();
      // An admin removes the (empty) Legal review stage after this board loaded.
      const kept = pipeline.stages.filter((s) => s.name !== 'Legal review').map(({ id, name, probability, type }) => ({ id, name, probability, type }));
      await apiCall(page, 'PATCH', `/api/v1/pipelines/${pipeline.id}`, { stages: kept });

      // Told in words for a salesperson (not the API's "stageId names a stage…"), and the board drops the column that is gone.
      await dragAndExpectCardBack('Umbrella rollout', 'Evaluation', 'Legal review', '“Umbrella rollout” was not moved: the stage Legal review no longer exists. The board now shows the pipeline’s current stages.');
      await stageColumn(page, 'Legal review').waitFor({ state: 'detached' });
      expect((await dealNow('Umbrella rollout')).stageId).toBe(stage('Evaluation').id);
      pipeline = await apiCall<Pipeline>(page, 'GET', `/api/v1/pipelines/${pipeline.id}`);
      for (const { name } of pipeline.stages) await expectFigures(name, await figuresFromApi(name));
    });

    it('takes the card off the board, with a message, when the deal was deleted meanwhile', async () => {
      await openBoard();
      const deleted = await page.request.delete(`/api/v1/deals/${dealId('Soylent trial')}`, { headers: { 'x-nexus-client': 'web' } });
      expect(deleted.status()).toBe(204);

      await drag(page, card(stageColumn(page, 'Discovery'), 'Soylent trial').getByRole('button', { name: 'Drag deal Soylent trial' }), stageColumn(page, 'Evaluation'));
      await toast(page, '“Soylent trial” was not moved: it no longer exists or is no longer visible to you.').waitFor();
      await expect.poll(() => page.getByRole('link', { name: 'Soylent trial', exact: true }).count()).toBe(0);
      expect(await apiStatus(page, `/api/v1/deals/${dealId('Soylent trial')}`)).toBe(404);
      await expectFigures('Discovery', await figuresFromApi('Discovery'));
      await expectFigures('Evaluation', await figuresFromApi('Evaluation'));
    });
  });

  it('threw no uncaught error in the page along the way', () => {
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});
