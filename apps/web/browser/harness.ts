/**
 * The browser suite's harness (`npm run test:browser`, vitest.browser.config.ts).
 *
 * Once per run (the default export, vitest's globalSetup): build the web app
 * into apps/web/.next-browser, start the real server on a free port with a
 * fresh database, hand its URL and the built routes to the test files, and
 * stop it afterwards. Each test file then opens Debian's chromium with
 * `openBrowser()` and drives the app as a person would.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
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
