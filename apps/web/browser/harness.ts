/**
 * The browser suite's harness (`npm run test:browser`, vitest.browser.config.ts).
 *
 * Once per run (the default export, vitest's globalSetup): build the web app
 * into apps/web/.next-browser, start the real server on a free port with a
 * fresh database, hand its URL and the built routes to the test files, and
 * stop it afterwards. Each test file then opens Debian's chromium with
 * `openBrowser()` and drives the app as a person would.
 */
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import type { TestProject } from 'vitest/node';
import { builtRoutes, desktopViewport, launchChromium, prepareWebBuild, startServer } from './web-server';

export { desktopViewport, phoneViewport, screenshot } from './web-server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Origin of the server under test, `http://127.0.0.1:<port>`. */
    browserBaseUrl: string;
    /** Routes the web build holds (`/login`, `/contacts`, `/contacts/_`). */
    browserRoutes: string[];
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const say = (line: string) => process.stdout.write(`[browser] ${line}\n`);
  const webOut = await prepareWebBuild(say);
  const server = await startServer({ webOut });
  say(`server ready at ${server.url} (data in ${server.dataDir})`);
  project.provide('browserBaseUrl', server.url);
  project.provide('browserRoutes', await builtRoutes(webOut));
  return async () => {
    await server.stop();
    say('server stopped, its data folder removed');
  };
}

export function baseUrl(): string {
  return inject('browserBaseUrl');
}

/**
 * Whether the web build has a page at `route`. Steps of a flow whose page is
 * still being built are skipped with `it.skipIf(!hasPage('/deals'))`, so they
 * run by themselves the day the page lands.
 */
export function hasPage(route: string): boolean {
  return inject('browserRoutes').includes(route);
}

export interface OpenBrowser {
  browser: Browser;
  /** A fresh signed-out visitor (own cookies) at desktop size; uncaught page errors are collected in `errors`. */
  newPage: () => Promise<{ context: BrowserContext; page: Page; errors: Error[] }>;
  close: () => Promise<void>;
}

export async function openBrowser(): Promise<OpenBrowser> {
  const browser = await launchChromium();
  return {
    browser,
    newPage: async () => {
      const context = await browser.newContext({ baseURL: baseUrl(), viewport: desktopViewport });
      const page = await context.newPage();
      const errors: Error[] = [];
      page.on('pageerror', (error) => errors.push(error));
      return { context, page, errors };
    },
    close: () => browser.close(),
  };
}

/** A unique person for one test, so tests never collide on the shared server. */
export function newPerson(label: string): { name: string; email: string; password: string; workspace: string } {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return { name: `${label} Tester`, email: `${label.toLowerCase()}-${id}@example.com`, password: 'correct-horse-battery', workspace: `${label} Workspace ${id}` };
}

/** Fills in the sign-up form and lands on My work. */
export async function signUp(page: Page, person: ReturnType<typeof newPerson>): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel('Your name', { exact: true }).fill(person.name);
  await page.getByLabel('Work email', { exact: true }).fill(person.email);
  await page.getByLabel('Password', { exact: true }).fill(person.password);
  await page.getByLabel('Workspace name', { exact: true }).fill(person.workspace);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('**/my-work');
  await page.getByRole('heading', { name: 'My work' }).waitFor();
}

export async function signIn(page: Page, person: { email: string; password: string }): Promise<void> {
  await page.getByLabel('Email', { exact: true }).fill(person.email);
  await page.getByLabel('Password', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function logOut(page: Page): Promise<void> {
  const logOutButton = page.getByRole('button', { name: 'Log out' });
  // At phone width the sidebar (and its Log out button) sits behind the Menu button.
  if (!(await logOutButton.isVisible())) await page.getByRole('button', { name: 'Menu' }).click();
  await logOutButton.click();
  // A deliberate log out starts the next sign-in afresh: no `?next=` back to this person's page.
  await page.waitForURL((url) => url.pathname === '/login' && !url.searchParams.has('next'));
}

/** A JSON call as the signed-in browser makes it (session cookie and the web client's header). */
export async function apiCall<T>(page: Page, method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T> {
  const res = await page.request.fetch(path, {
    method,
    headers: { 'x-nexus-client': 'web', accept: 'application/json' },
    ...(body === undefined ? {} : { data: body }),
  });
  if (!res.ok()) throw new Error(`${method} ${path} answered ${res.status()}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** The page shows something a person can read: not a blank page, no raw error dump. */
export async function expectReadablePage(page: Page): Promise<void> {
  const text = (await page.locator('body').innerText()).trim();
  expect(text.length).toBeGreaterThan(20);
  expect(text).not.toMatch(/\[object Object\]|Unhandled Runtime Error|Application error|at \S+ \(.*:\d+:\d+\)/);
}

/**
 * Signs `person` up through the API in this page's browser context (it keeps
 * the session cookie), for tests where the sign-up form is not what is tested.
 */
export async function signUpByApi(page: Page, person: ReturnType<typeof newPerson>): Promise<{ userId: string; workspaceId: string }> {
  const session = await apiCall<{ user: { id: string }; workspace: { id: string } }>(page, 'POST', '/api/v1/auth/signup', {
    name: person.name,
    email: person.email,
    password: person.password,
    workspaceName: person.workspace,
  });
  return { userId: session.user.id, workspaceId: session.workspace.id };
}

/**
 * `person` joins the workspace of whoever is signed in on `ownerPage` with
 * `role`: invited through the API there, accepted through the API in
 * `memberPage`'s own browser context, which is then signed in as them.
 */
export async function joinByInvitation(
  ownerPage: Page,
  memberPage: Page,
  person: ReturnType<typeof newPerson>,
  role: 'admin' | 'member' | 'read_only',
): Promise<{ userId: string }> {
  const { token } = await apiCall<{ token: string }>(ownerPage, 'POST', '/api/v1/invitations', { email: person.email, role });
  const session = await apiCall<{ user: { id: string } }>(memberPage, 'POST', '/api/v1/invitations/accept', { token, name: person.name, password: person.password });
  return { userId: session.user.id };
}

/**
 * The inline message of a field in `scope`, found as a screen reader finds it:
 * through the input's aria-describedby (the id ending in `-error`), once the
 * input is marked invalid.
 */
export async function fieldError(scope: Page | Locator, label: string): Promise<string> {
  const input = scope.getByLabel(label, { exact: true });
  await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true');
  const ids = (await input.getAttribute('aria-describedby')) ?? '';
  const errorId = ids.split(' ').find((id) => id.endsWith('-error'));
  expect(errorId, `${label} names its error message`).toBeTruthy();
  return scope.locator(`[id="${errorId}"]`).innerText();
}

/** The HTTP status the API answers a signed-in GET of `path` with (404 for a deleted record). */
export async function apiStatus(page: Page, path: string): Promise<number> {
  const res = await page.request.get(path, { headers: { 'x-nexus-client': 'web', accept: 'application/json' } });
  return res.status();
}

/**
 * What axe-core finds against WCAG 2.1 A and AA (contrast included) on the
 * page as it stands, one readable line per problem with the elements and what
 * to fix; `[]` when there is none.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    const source = (createRequire(import.meta.url)('axe-core') as { source: string }).source;
    await page.addScriptTag({ content: source });
  }
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return result.violations as { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] }[];
  });
  return violations.map(
    (v) =>
      `${v.id} (${v.impact ?? 'n/a'}): ${v.help} — ${v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` [${n.failureSummary.replace(/\s+/g, ' ')}]` : ''}`).join('; ')}`,
  );
}

/** The first row of the page's grid (a record table) that shows `text`. */
export function gridRow(page: Page, text: string): Locator {
  return page.getByRole('grid').getByRole('row').filter({ hasText: text }).first();
}

/** The column of the pipeline board that holds a stage's cards (a section named by its heading). */
export function stageColumn(page: Page, stage: string): Locator {
  return page.getByRole('region', { name: stage, exact: true });
}

/** Drags with the mouse in small steps, as a hand does: dnd-kit starts a drag only after the pointer has moved a little. */
export async function drag(page: Page, from: Locator, to: Locator): Promise<void> {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('the card or the column is not on screen');
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2 + 10, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + Math.min(b.height / 2, 120), { steps: 20 });
  await page.mouse.up();
}
