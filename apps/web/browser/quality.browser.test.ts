import type { Page } from 'playwright-core';
import type { Contact, Pipeline } from '@/lib/records';
import type { Page as ApiPage } from '@/lib/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityProblems as audit, apiCall, desktopViewport, newPerson, openBrowser, phoneViewport, signUp, type OpenBrowser } from './harness';

// What makes the app a product rather than an admin panel, checked on every
// main screen: an automated accessibility audit (axe-core, WCAG 2.1 A and AA,
// contrast included) in the light and the dark theme, a layout that fits a
// 375 px phone without sideways scrolling, the theme choice kept across
// reloads, keyboard focus order from the skip link, and readable loading,
// empty and error states when the API is slow, empty or failing.

/** How far the page scrolls sideways beyond the window: 0 when the layout fits. */
async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Waits until the page has settled: no loading indicator left in the main area. */
async function settled(page: Page): Promise<void> {
  await page.locator('main').waitFor();
  const busy = 'main [role="status"][aria-live]:not([id^="DndLiveRegion"]), main [aria-busy="true"], main .spinner';
  try {
    await page.waitForFunction((selector) => !document.querySelector(selector), busy, { timeout: 15_000 });
  } catch (error) {
    const still = await page.evaluate((selector) => [...document.querySelectorAll(selector)].map((el) => el.outerHTML.slice(0, 300)), busy);
    throw new Error(`${page.url()} is still loading: ${still.join(' | ')}`, { cause: error });
  }
}

const person = newPerson('Quality');
const seeded: { contactId?: string; companyId?: string; dealId?: string } = {};

/** The screens a user spends the day in, with the heading each shows once loaded. */
function screens(): { path: string; heading: string | RegExp }[] {
  return [
    { path: '/my-work', heading: 'My work' },
    { path: '/contacts', heading: 'Contacts' },
    { path: '/companies', heading: 'Companies' },
    { path: '/deals', heading: 'Deals' },
    { path: '/pipeline', heading: /pipeline/i },
    { path: `/contacts/${seeded.contactId ?? ''}`, heading: 'Grace Hopper' },
    { path: `/companies/${seeded.companyId ?? ''}`, heading: 'Initech' },
    { path: `/deals/${seeded.dealId ?? ''}`, heading: 'Initech rollout' },
    { path: '/settings/profile', heading: 'Profile' },
    { path: '/settings/members', heading: 'Members' },
    { path: '/settings/invitations', heading: 'Invitations' },
    { path: '/settings/api-keys', heading: 'API keys' },
    { path: '/settings/custom-fields', heading: 'Custom fields' },
    { path: '/settings/pipelines', heading: /pipelines/i },
  ];
}

async function open(page: Page, path: string, heading: string | RegExp): Promise<void> {
  await page.goto(path);
  await page.getByRole('heading', { name: heading }).first().waitFor();
  await settled(page);
}

async function chooseTheme(page: Page, theme: 'light' | 'dark' | 'system'): Promise<void> {
  const select = page.getByLabel('Theme', { exact: true }).first();
  if (!(await select.isVisible())) await page.getByRole('button', { name: 'Menu' }).click();
  await select.selectOption(theme);
  if (await page.getByRole('button', { name: 'Menu', expanded: true }).isVisible()) await page.getByRole('button', { name: 'Menu' }).click();
}

describe('accessibility, phone layout and themes on every main screen', () => {
  let chromium: OpenBrowser;
  let page: Page;
  let errors: Error[];

  beforeAll(async () => {
    chromium = await openBrowser();
    ({ page, errors } = await chromium.newPage());
    await signUp(page, person);
    const company = await apiCall<{ id: string }>(page, 'POST', '/api/v1/companies', { name: 'Initech', domain: 'initech.example' });
    const contact = await apiCall<Contact>(page, 'POST', '/api/v1/contacts', { firstName: 'Grace', lastName: 'Hopper', emails: ['grace@initech.example'], companyId: company.id, title: 'CTO' });
    const { data: pipelines } = await apiCall<Pick<ApiPage<Pipeline>, 'data'>>(page, 'GET', '/api/v1/pipelines');
    const pipeline = pipelines[0];
    if (!pipeline) throw new Error('a new workspace has a pipeline');
    const deal = await apiCall<{ id: string }>(page, 'POST', '/api/v1/deals', {
      name: 'Initech rollout',
      pipelineId: pipeline.id,
      stageId: pipeline.stages[0]?.id,
      companyId: company.id,
      amount: '48000',
      contactIds: [contact.id],
    });
    await apiCall(page, 'POST', '/api/v1/activities', { type: 'note', body: 'Wants **SSO** before signing.', contactIds: [contact.id] });
    Object.assign(seeded, { contactId: contact.id, companyId: company.id, dealId: deal.id });
  });
  afterAll(async () => {
    await chromium.close();
  });

  it('passes the WCAG 2.1 AA audit on every main screen in the light theme', async () => {
    await page.setViewportSize(desktopViewport);
    await open(page, '/my-work', 'My work');
    await chooseTheme(page, 'light');
    const found: string[] = [];
    for (const screen of screens()) {
      await open(page, screen.path, screen.heading);
      found.push(...(await audit(page)).map((line) => `${screen.path}: ${line}`));
    }
    expect(found).toEqual([]);
  });

  it('passes it in the dark theme too (contrast is checked again)', async () => {
    await open(page, '/my-work', 'My work');
    await chooseTheme(page, 'dark');
    const found: string[] = [];
    for (const screen of screens()) {
      await open(page, screen.path, screen.heading);
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      found.push(...(await audit(page)).map((line) => `${screen.path}: ${line}`));
    }
    expect(found).toEqual([]);
  });

  it('passes it with the search palette, a form dialog and the table menus open', async () => {
    await chooseTheme(page, 'light');
    const found: string[] = [];
    const check = async (what: string) => found.push(...(await audit(page)).map((line) => `${what}: ${line}`));

    await open(page, '/contacts', 'Contacts');
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Search' });
    await palette.getByRole('combobox', { name: 'Search' }).fill('Hopper');
    await palette.getByRole('option', { name: /Grace Hopper/ }).first().waitFor();
    await check('search palette');
    await page.keyboard.press('Escape');
    await palette.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'New contact', exact: true }).first().click();
    const form = page.getByRole('dialog', { name: 'New contact' });
    await form.getByRole('button', { name: 'Create contact' }).click();
    // The empty form's inline errors are part of what is audited.
    await form.getByRole('alert').first().waitFor();
    await check('new contact dialog with errors');
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });

    for (const [menu, name] of [
      ['Filter', /^Filter/],
      ['Columns', /^Columns/],
      ['Views', /^Saved view/],
    ] as const) {
      const button = page.getByRole('button', { name }).first();
      await button.click();
      await expect.poll(() => button.getAttribute('aria-expanded'), { message: `${menu} opens` }).toBe('true');
      await check(`${menu} menu`);
      await page.keyboard.press('Escape');
    }
    expect(found).toEqual([]);
  });

  it('passes it on the sign-in and sign-up pages', async () => {
    const visitor = await chromium.newPage();
    const found: string[] = [];
    for (const [path, heading] of [
      ['/login', 'Sign in'],
      ['/signup', /create/i],
    ] as const) {
      await visitor.page.goto(path);
      await visitor.page.getByRole('heading', { name: heading }).first().waitFor();
      found.push(...(await audit(visitor.page)).map((line) => `${path}: ${line}`));
    }
    await visitor.context.close();
    expect(found).toEqual([]);
  });

  it('fits every main screen into a 375 px phone without sideways scrolling', async () => {
    await page.setViewportSize(phoneViewport);
    const overflowing: string[] = [];
    for (const screen of screens()) {
      await open(page, screen.path, screen.heading);
      const overflow = await sidewaysOverflow(page);
      if (overflow > 1) overflowing.push(`${screen.path} scrolls ${overflow}px sideways`);
      // The page's own heading is on screen, not pushed off by a sidebar.
      const box = await page.getByRole('heading', { name: screen.heading }).first().boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= phoneViewport.width + 1, `${screen.path}: heading on screen`).toBe(true);
    }
    expect(overflowing).toEqual([]);
  });

  it('hides the sidebar behind the Menu button at phone width, and the menu is accessible', async () => {
    await open(page, '/contacts', 'Contacts');
    const nav = page.getByRole('navigation', { name: 'Main' });
    const contactsLink = nav.getByRole('link', { name: 'Companies', exact: true });
    expect(await contactsLink.isVisible()).toBe(false);
    const menu = page.getByRole('button', { name: 'Menu' });
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await contactsLink.waitFor({ state: 'visible' });
    expect(await audit(page)).toEqual([]);
    await contactsLink.click();
    await page.waitForURL('**/companies');
    // Following a link closes the menu again.
    await page.getByRole('heading', { name: 'Companies', level: 1 }).waitFor();
    await expect.poll(() => contactsLink.isVisible()).toBe(false);
    await page.setViewportSize(desktopViewport);
  });

  it('keeps the chosen theme across reloads, painting it before the app starts', async () => {
    await open(page, '/contacts', 'Contacts');
    await chooseTheme(page, 'dark');
    const darkBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    // The theme is on the page before any script of the app has run: no white flash.
    await page.reload({ waitUntil: 'commit' });
    await page.waitForFunction(() => document.body !== null);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
    expect(await page.getByLabel('Theme', { exact: true }).inputValue()).toBe('dark');

    await chooseTheme(page, 'light');
    const lightBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(lightBackground).not.toBe(darkBackground);
    await page.reload();
    await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
  });

  it("follows the system's dark preference when the theme is left to the system", async () => {
    const visitor = await chromium.browser.newContext({ baseURL: page.url(), colorScheme: 'dark', viewport: desktopViewport });
    const other = await visitor.newPage();
    await other.goto(new URL('/login', page.url()).toString());
    await other.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await other.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await visitor.close();
  });

  it('moves keyboard focus from the skip link to the page, then through the sidebar in reading order', async () => {
    await open(page, '/contacts', 'Contacts');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await skip.isVisible(), 'the skip link shows itself when focused').toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    // From the top again: the sidebar's controls come in the order they are read.
    await page.reload();
    await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
    const order: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(() => (document.activeElement?.textContent ?? '').trim() || document.activeElement?.getAttribute('aria-label') || document.activeElement?.id || ''));
    }
    const links = ['My work', 'Contacts', 'Companies', 'Deals', 'Pipeline', 'Settings'];
    const positions = links.map((label) => order.indexOf(label));
    expect(positions.every((p) => p >= 0), `tab order reached ${order.join(' | ')}`).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('threw no uncaught error in the page', () => {
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});

describe('loading, empty and error states', () => {
  let chromium: OpenBrowser;
  let page: Page;
  let errors: Error[];

  beforeAll(async () => {
    chromium = await openBrowser();
    ({ page, errors } = await chromium.newPage());
    await signUp(page, newPerson('States'));
  });
  afterAll(async () => {
    await chromium.close();
  });

  it('shows an empty list as an invitation to create the first record', async () => {
    for (const [path, heading, create] of [
      ['/contacts', 'Contacts', 'New contact'],
      ['/companies', 'Companies', 'New company'],
      ['/deals', 'Deals', 'New deal'],
    ] as const) {
      await open(page, path, heading);
      const main = page.locator('main');
      await main.getByText(/no .* yet/i).first().waitFor();
      expect(await main.getByRole('button', { name: create, exact: true }).count()).toBeGreaterThan(0);
    }
  });

  it('shows a loading indicator while the API is slow, then the rows', async () => {
    await apiCall(page, 'POST', '/api/v1/contacts', { firstName: 'Slow', lastName: 'Answer' });
    let release: () => void = () => undefined;
    const held = new Promise<void>((done) => {
      release = done;
    });
    await page.route('**/api/v1/contacts?**', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/contacts');
    await page.locator('main [aria-busy="true"]').first().waitFor();
    release();
    await page.getByRole('grid').getByText('Answer').first().waitFor();
    await page.unroute('**/api/v1/contacts?**');
  });

  it('shows a failing API as a readable message with a way to try again, never raw JSON', async () => {
    let failing = true;
    await page.route('**/api/v1/contacts?**', async (route) => {
      if (!failing) return route.continue();
      return route.fulfill({
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'internal', message: 'Something went wrong on our side.', stack: 'Error: boom\n    at handler (server.ts:1:1)' } }),
      });
    });
    await page.goto('/contacts');
    const alert = page.locator('main').getByRole('alert').first();
    await alert.waitFor();
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(/[{}]|stack|server\.ts|Error: boom/);
    failing = false;
    await page.getByRole('button', { name: 'Try again' }).first().click();
    await page.getByRole('grid').getByText('Answer').first().waitFor();
    await page.unroute('**/api/v1/contacts?**');
  });

  it('shows a record that does not exist as "not found", with a way back', async () => {
    for (const path of ['/contacts/00000000-0000-4000-8000-000000000000', '/companies/not-an-id', '/deals/00000000-0000-4000-8000-000000000000']) {
      await page.goto(path);
      await page.locator('main').getByText(/doesn.t exist|not found/i).first().waitFor();
      expect(await page.locator('main').getByRole('link').count(), `${path}: a link back`).toBeGreaterThan(0);
    }
  });

  it('threw no uncaught error in the page', () => {
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});
