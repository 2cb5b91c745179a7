/**
 * What the settings browser tests share (settings-people and
 * settings-workspace): the API's answers they read and small helpers in the
 * words a user would use.
 */
import type { Locator, Page, Request } from 'playwright-core';
import type { Contact, Member } from '@/lib/records';
import type { Page as ApiPage } from '@/lib/types';
import { expect } from 'vitest';
import { apiCall, baseUrl, gridRow, type OpenBrowser } from './harness';

export type ListAnswer<T> = Pick<ApiPage<T>, 'data'>;

/** An invitation as the API lists it (the token only in the answer to the create call). */
export interface InvitationAnswer {
  id: string;
  email: string;
  role: Member['role'];
  acceptedAt: string | null;
  token?: string;
}

/** An API key as the API lists it. */
export interface ApiKeyAnswer {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  lastUsedAt: string | null;
}

export function sidebar(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Main' });
}

export function workspaceSelect(page: Page): Locator {
  return page.getByLabel('Workspace', { exact: true });
}

/** Opens a settings section the way a person does: Settings in the sidebar, then the section in the settings menu. */
export async function openSettings(page: Page, section: string): Promise<void> {
  await sidebar(page).getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: section, exact: true }).click();
  await page.getByRole('heading', { name: section, level: 2, exact: true }).waitFor();
}

/**
 * How many `method path` calls the page made while `action` ran: 0 proves a
 * check happened in the browser, before any round trip.
 */
export async function callsDuring(page: Page, method: string, path: string, action: () => Promise<void>): Promise<number> {
  let calls = 0;
  const count = (request: Request) => {
    if (request.method() === method && new URL(request.url()).pathname === path) calls += 1;
  };
  page.on('request', count);
  try {
    await action();
  } finally {
    page.off('request', count);
  }
  return calls;
}

/** A row of a settings list (members, invitations, keys, fields) that shows `text`. */
export function listRow(page: Page, list: string, text: string): Locator {
  return page.getByRole('list', { name: list, exact: true }).getByRole('listitem').filter({ hasText: text });
}

/** Shows the contacts list and waits until `expected` is in it. */
export async function contactsShowing(page: Page, expected: string): Promise<void> {
  await sidebar(page).getByRole('link', { name: 'Contacts', exact: true }).click();
  await page.waitForURL('**/contacts');
  await gridRow(page, expected).first().waitFor();
}

export async function createContact(page: Page, firstName: string, lastName: string): Promise<Contact> {
  return apiCall<Contact>(page, 'POST', '/api/v1/contacts', { firstName, lastName });
}

/** The value of a copy-once field (an invitation link, an API key), after its Copy button put it on the clipboard. */
export async function copyOnce(dialog: Locator, label: string): Promise<string> {
  const value = await dialog.getByLabel(label, { exact: true }).inputValue();
  await dialog.getByRole('button', { name: 'Copy', exact: true }).click();
  await dialog.getByText('Copied to the clipboard.').waitFor();
  expect(await dialog.page().evaluate(() => navigator.clipboard.readText())).toBe(value);
  return value;
}

/** A browser context of its own, allowed to use the clipboard as a person's browser would after a click. */
export async function newVisitor(chromium: OpenBrowser): Promise<{ page: Page; errors: Error[] }> {
  const { context, page, errors } = await chromium.newPage();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl() });
  return { page, errors };
}
