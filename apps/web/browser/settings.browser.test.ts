import type { Locator, Page, Request } from 'playwright-core';
import type { Contact, CustomFieldDefinition, Member, Pipeline } from '@/lib/records';
import type { Me, Page as ApiPage } from '@/lib/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessibilityProblems,
  apiCall,
  baseUrl,
  expectReadablePage,
  fieldError,
  joinByInvitation,
  logOut,
  newPerson,
  openBrowser,
  screenshot,
  signIn,
  signUp,
  signUpByApi,
  type OpenBrowser,
} from './harness';

// The settings of a workspace as its owner and its members use them: the
// profile (name, password), invitations and accepting them (as a new person and
// as someone with a workspace of their own, who then switches between the two),
// members and their roles, API keys, custom fields, pipelines and stages.
// Each journey is a `describe` with people of its own; records that are not
// what a step tests are made through the API.

type ListAnswer<T> = Pick<ApiPage<T>, 'data'>;

/** An invitation as the API lists it (the token only in the answer to the create call). */
interface InvitationAnswer {
  id: string;
  email: string;
  role: Member['role'];
  acceptedAt: string | null;
  token?: string;
}

/** An API key as the API lists it. */
interface ApiKeyAnswer {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  lastUsedAt: string | null;
}

// ---------------------------------------------------------------------------
// Small helpers, in the words a user would use.

function sidebar(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Main' });
}

function workspaceSelect(page: Page): Locator {
  return page.getByLabel('Workspace', { exact: true });
}

/** Opens a settings section the way a person does: Settings in the sidebar, then the section in the settings menu. */
async function openSettings(page: Page, section: string): Promise<void> {
  await sidebar(page).getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: section, exact: true }).click();
  await page.getByRole('heading', { name: section, level: 2, exact: true }).waitFor();
}

/**
 * How many `method path` calls the page made while `action` ran: 0 proves a
 * check happened in the browser, before any round trip.
 */
async function callsDuring(page: Page, method: string, path: string, action: () => Promise<void>): Promise<number> {
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
function listRow(page: Page, list: string, text: string): Locator {
  return page.getByRole('list', { name: list, exact: true }).getByRole('listitem').filter({ hasText: text });
}

/** A row of a list page's grid showing `text`. */
function gridRow(page: Page, text: string): Locator {
  return page.getByRole('grid').getByRole('row').filter({ hasText: text });
}

/** Shows the contacts list and waits until `expected` is in it. */
async function contactsShowing(page: Page, expected: string): Promise<void> {
  await sidebar(page).getByRole('link', { name: 'Contacts', exact: true }).click();
  await page.waitForURL('**/contacts');
  await gridRow(page, expected).first().waitFor();
}

async function createContact(page: Page, firstName: string, lastName: string): Promise<Contact> {
  return apiCall<Contact>(page, 'POST', '/api/v1/contacts', { firstName, lastName });
}

/** The value of a copy-once field (an invitation link, an API key), after its Copy button put it on the clipboard. */
async function copyOnce(dialog: Locator, label: string): Promise<string> {
  const value = await dialog.getByLabel(label, { exact: true }).inputValue();
  await dialog.getByRole('button', { name: 'Copy', exact: true }).click();
  await dialog.getByText('Copied to the clipboard.').waitFor();
  expect(await dialog.page().evaluate(() => navigator.clipboard.readText())).toBe(value);
  return value;
}

/** A browser context of its own, allowed to use the clipboard as a person's browser would after a click. */
async function newVisitor(chromium: OpenBrowser): Promise<{ page: Page; errors: Error[] }> {
  const { context, page, errors } = await chromium.newPage();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl() });
  return { page, errors };
}

// ---------------------------------------------------------------------------

describe('the profile: display name and password', () => {
  let chromium: OpenBrowser;
  let page: Page;
  let errors: Error[];
  const person = newPerson('Profile');
  const newPassword = 'a-brand-new-password';

  beforeAll(async () => {
    chromium = await openBrowser();
    ({ page, errors } = await chromium.newPage());
    await signUp(page, person);
  });
  afterAll(async () => {
    await chromium.close();
  });

  it('changes the display name, shown in the sidebar after saving and after a reload', async () => {
    await openSettings(page, 'Profile');
    const name = page.getByLabel('Name', { exact: true });
    expect(await name.inputValue()).toBe(person.name);

    await name.fill('   ');
    await page.getByRole('button', { name: 'Save name' }).click();
    expect(await fieldError(page, 'Name')).toBe('Enter your name');

    await name.fill('Ada Byron');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByText('Your name is saved.').waitFor();
    await sidebar(page).getByText('Ada Byron', { exact: true }).waitFor();
    expect((await apiCall<Me>(page, 'GET', '/api/v1/auth/me')).user.name).toBe('Ada Byron');

    await page.reload();
    await sidebar(page).getByText('Ada Byron', { exact: true }).waitFor();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Ada Byron');
    await screenshot(page, 'settings-profile');
  });

  it('says a wrong current password next to that field', async () => {
    await page.goto('/settings/profile');
    await page.getByLabel('Current password', { exact: true }).fill('not-my-password');
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Repeat the new password', { exact: true }).fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    expect(await fieldError(page, 'Current password')).toBe('The current password is incorrect');
    await expectReadablePage(page);
  });

  it('refuses a short new password, and a repeat that differs, before asking the server', async () => {
    await page.goto('/settings/profile');
    const calls = await callsDuring(page, 'POST', '/api/v1/auth/password', async () => {
      await page.getByLabel('Current password', { exact: true }).fill(person.password);
      await page.getByLabel('New password', { exact: true }).fill('short');
      await page.getByLabel('Repeat the new password', { exact: true }).fill('shorter');
      await page.getByRole('button', { name: 'Change password' }).click();
      expect(await fieldError(page, 'New password')).toBe('Use at least 10 characters');
      expect(await fieldError(page, 'Repeat the new password')).toBe('The two new passwords do not match');
    });
    expect(calls).toBe(0);
  });

  it('changes the password: the new one signs in, the old one is refused, other browsers are signed out', async () => {
    const elsewhere = await chromium.newPage();
    await apiCall(elsewhere.page, 'POST', '/api/v1/auth/login', { email: person.email, password: person.password });
    await elsewhere.page.goto('/my-work');
    await elsewhere.page.getByRole('heading', { name: 'My work', level: 1 }).waitFor();

    await page.goto('/settings/profile');
    await page.getByLabel('Current password', { exact: true }).fill(person.password);
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Repeat the new password', { exact: true }).fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your password is changed.', { exact: false }).waitFor();
    expect(await page.getByLabel('Current password', { exact: true }).inputValue()).toBe('');
    // As the message says: this browser stays signed in, the other one is signed out.
    await page.reload();
    await page.getByRole('heading', { name: 'Profile', level: 2 }).waitFor();
    await elsewhere.page.reload();
    await elsewhere.page.waitForURL((url) => url.pathname === '/login');

    await logOut(page);
    await signIn(page, person);
    const refusal = page.locator('.alert[role="alert"]');
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/incorrect/i);
    expect(new URL(page.url()).pathname).toBe('/login');

    await signIn(page, { email: person.email, password: newPassword });
    await page.waitForURL('**/my-work');
    await sidebar(page).getByText('Ada Byron', { exact: true }).waitFor();
  });

  it('threw no uncaught error in the page', () => {
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------

describe('invitations: a link shown once, duplicates and revoking', () => {
  let chromium: OpenBrowser;
  let page: Page;
  let errors: Error[];
  const owner = newPerson('Inviter');
  const invitee = newPerson('Invitee');
  const made: { token?: string } = {};

  beforeAll(async () => {
    chromium = await openBrowser();
    ({ page, errors } = await newVisitor(chromium));
    await signUpByApi(page, owner);
    await page.goto('/my-work');
  });
  afterAll(async () => {
    await chromium.close();
  });

  it('refuses a malformed email next to the field, without asking the server', async () => {
    await openSettings(page, 'Invitations');
    await page.getByText('No invitations yet').waitFor();
    const calls = await callsDuring(page, 'POST', '/api/v1/invitations', async () => {
      await page.getByRole('button', { name: 'Create invitation link' }).click();
      expect(await fieldError(page, 'Email')).toBe('Enter an email address');
      await page.getByLabel('Email', { exact: true }).fill('sam@@example');
      await page.getByRole('button', { name: 'Create invitation link' }).click();
      expect(await fieldError(page, 'Email')).toMatch(/valid email address/);
    });
    expect(calls).toBe(0);
  });

  it('invites an email with a role and shows the link once, ready to copy', async () => {
    await page.goto('/settings/invitations');
    await page.getByLabel('Email', { exact: true }).fill(invitee.email);
    await page.getByLabel('Role', { exact: true }).selectOption({ label: 'Admin' });
    await page.getByRole('button', { name: 'Create invitation link' }).click();

    const dialog = page.getByRole('dialog', { name: 'Invitation created' });
    await dialog.waitFor();
    await dialog.getByText('This is the only time the link is shown.', { exact: false }).waitFor();
    const link = new URL(await copyOnce(dialog, 'Invitation link'));
    expect(link.origin).toBe(new URL(baseUrl()).origin);
    expect(link.pathname).toBe('/invite');
    made.token = link.searchParams.get('token') ?? undefined;
    expect(made.token).toBeTruthy();
    await screenshot(page, 'settings-invitation-link');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });

    const row = listRow(page, 'Invitations', invitee.email);
    await row.getByText('Pending', { exact: true }).waitFor();
    await row.getByText('Admin', { exact: true }).waitFor();
    const listed = await apiCall<ListAnswer<InvitationAnswer>>(page, 'GET', '/api/v1/invitations');
    expect(listed.data.filter((i) => i.email === invitee.email).map((i) => ({ role: i.role, acceptedAt: i.acceptedAt, token: i.token }))).toEqual([
      { role: 'admin', acceptedAt: null, token: undefined },
    ]);
  });

  it('no longer shows the link after leaving and coming back, only the pending invitation', async () => {
    await openSettings(page, 'Members');
    await openSettings(page, 'Invitations');
    const row = listRow(page, 'Invitations', invitee.email);
    await row.getByText('Pending', { exact: true }).waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await page.getByLabel('Invitation link').count()).toBe(0);
    expect(await page.content()).not.toContain(made.token ?? 'no token was shown');
  });

  it('shows the pending invitation legibly, in the light and the dark theme', async () => {
    await page.goto('/settings/invitations');
    await listRow(page, 'Invitations', invitee.email).getByText('Pending', { exact: true }).waitFor();
    for (const theme of ['light', 'dark'] as const) {
      await sidebar(page).getByLabel('Theme', { exact: true }).selectOption(theme);
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      expect(await accessibilityProblems(page), `${theme} theme`).toEqual([]);
    }
    await sidebar(page).getByLabel('Theme', { exact: true }).selectOption('system');
  });

  it("shows the server's message for someone who is already a member", async () => {
    await page.goto('/settings/invitations');
    await page.getByLabel('Email', { exact: true }).fill(owner.email.toUpperCase());
    await page.getByRole('button', { name: 'Create invitation link' }).click();
    expect(await fieldError(page, 'Email')).toBe('That person is already a member');
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it("shows the server's message for an email that already has a pending invitation", async () => {
    await page.goto('/settings/invitations');
    await page.getByLabel('Email', { exact: true }).fill(invitee.email);
    await page.getByRole('button', { name: 'Create invitation link' }).click();
    expect(await fieldError(page, 'Email')).toMatch(/already has a pending invitation/);
    expect(await page.getByRole('dialog').count()).toBe(0);
    // Still one invitation for that email, listed once.
    expect(await listRow(page, 'Invitations', invitee.email).count()).toBe(1);
    const listed = await apiCall<ListAnswer<InvitationAnswer>>(page, 'GET', '/api/v1/invitations');
    expect(listed.data.filter((i) => i.email === invitee.email)).toHaveLength(1);
  });

  it('revokes the invitation: it leaves the list and its link stops working', async () => {
    await page.goto('/settings/invitations');
    await page.getByRole('button', { name: `Revoke the invitation for ${invitee.email}` }).click();
    const confirm = page.getByRole('dialog', { name: `Revoke the invitation for ${invitee.email}?` });
    await confirm.getByRole('button', { name: 'Revoke invitation' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByText(`The invitation for ${invitee.email} is revoked`).waitFor();
    expect(await listRow(page, 'Invitations', invitee.email).count()).toBe(0);
    const listed = await apiCall<ListAnswer<InvitationAnswer>>(page, 'GET', '/api/v1/invitations');
    expect(listed.data.some((i) => i.email === invitee.email)).toBe(false);

    // The person follows the link they were sent.
    const visitor = await chromium.newPage();
    await visitor.page.goto(`/invite?token=${encodeURIComponent(made.token ?? '')}`);
    await visitor.page.getByLabel('Your name', { exact: true }).fill(invitee.name);
    await visitor.page.getByLabel('Choose a password', { exact: true }).fill(invitee.password);
    await visitor.page.getByRole('button', { name: 'Accept invitation' }).click();
    await visitor.page.getByRole('alert').filter({ hasText: 'This invitation is invalid, used or expired' }).waitFor();
    expect(new URL(visitor.page.url()).pathname).toBe('/invite');
    expect(visitor.errors.map((e) => e.message)).toEqual([]);
  });

  it('threw no uncaught error in the page', () => {
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------

describe('accepting an invitation and switching workspaces', () => {
  let chromium: OpenBrowser;
  let ownerPage: Page;
  const errors: Error[] = [];
  const owner = newPerson('Host');
  const newcomer = newPerson('Newcomer');
  const existing = newPerson('Existing');
  const contacts = { host: { firstName: 'Hosted', lastName: 'Record' }, own: { firstName: 'Private', lastName: 'Record' } };

  async function inviteLink(email: string): Promise<string> {
    const { token } = await apiCall<InvitationAnswer>(ownerPage, 'POST', '/api/v1/invitations', { email, role: 'member' });
    return `/invite?token=${encodeURIComponent(token ?? '')}`;
  }

  async function visitor(): Promise<Page> {
    const opened = await chromium.newPage();
    opened.page.on('pageerror', (error) => errors.push(error));
    return opened.page;
  }

  beforeAll(async () => {
    chromium = await openBrowser();
    ownerPage = await visitor();
    await signUpByApi(ownerPage, owner);
    await createContact(ownerPage, contacts.host.firstName, contacts.host.lastName);
  });
  afterAll(async () => {
    await chromium.close();
  });

  it('lets a new person join with the accept form, landing in the inviting workspace', async () => {
    const link = await inviteLink(newcomer.email);
    const page = await visitor();
    await page.goto(link);
    await page.getByRole('heading', { name: 'Join a workspace' }).waitFor();
    await screenshot(page, 'invite-accept');

    await page.getByRole('button', { name: 'Accept invitation' }).click();
    expect(await fieldError(page, 'Your name')).toBe('Enter your name');
    await page.getByLabel('Your name', { exact: true }).fill(newcomer.name);
    await page.getByLabel('Choose a password', { exact: true }).fill('too-short');
    await page.getByRole('button', { name: 'Accept invitation' }).click();
    expect(await fieldError(page, 'Choose a password')).toBe('Use at least 10 characters');

    await page.getByLabel('Choose a password', { exact: true }).fill(newcomer.password);
    await page.getByRole('button', { name: 'Accept invitation' }).click();
    await page.waitForURL('**/my-work');
    await sidebar(page).getByText(newcomer.name, { exact: true }).waitFor();
    expect(await workspaceSelect(page).locator('option:checked').innerText()).toBe(owner.workspace);
    await contactsShowing(page, contacts.host.lastName);

    // The session is kept across a reload.
    await page.reload();
    await gridRow(page, contacts.host.lastName).first().waitFor();
    expect(await workspaceSelect(page).locator('option:checked').innerText()).toBe(owner.workspace);

    const members = await apiCall<ListAnswer<Member>>(ownerPage, 'GET', '/api/v1/members');
    expect(members.data.find((m) => m.email === newcomer.email)?.role).toBe('member');
    const invitations = await apiCall<ListAnswer<InvitationAnswer>>(ownerPage, 'GET', '/api/v1/invitations');
    expect(invitations.data.find((i) => i.email === newcomer.email)?.acceptedAt).not.toBeNull();
    await ownerPage.goto('/settings/invitations');
    const row = listRow(ownerPage, 'Invitations', newcomer.email);
    await row.getByText('Accepted', { exact: true }).waitFor();
    expect(await row.getByRole('button', { name: /^Revoke/ }).count()).toBe(0);

    // A used link says so, in words.
    const again = await visitor();
    await again.goto(link);
    await again.getByLabel('Your name', { exact: true }).fill('Someone Else');
    await again.getByLabel('Choose a password', { exact: true }).fill('another-long-password');
    await again.getByRole('button', { name: 'Accept invitation' }).click();
    await again.getByRole('alert').filter({ hasText: 'This invitation is invalid, used or expired' }).waitFor();
  });

  let existingPage: Page;

  it('lets someone with a workspace of their own join with their password, and then belong to both', async () => {
    existingPage = await visitor();
    await signUpByApi(existingPage, existing);
    await createContact(existingPage, contacts.own.firstName, contacts.own.lastName);
    const link = await inviteLink(existing.email);

    const page = existingPage;
    await page.goto(link);
    await page.getByLabel('I already have a NexusCRM account').check();
    await page.getByLabel('Your NexusCRM password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Accept invitation' }).click();
    expect(await fieldError(page, 'Your NexusCRM password')).toBe('That is not the password of your account');

    await page.getByLabel('Your NexusCRM password', { exact: true }).fill(existing.password);
    await page.getByRole('button', { name: 'Accept invitation' }).click();
    await page.waitForURL('**/my-work');
    expect(await workspaceSelect(page).locator('option:checked').innerText()).toBe(owner.workspace);
    expect((await workspaceSelect(page).locator('option').allInnerTexts()).sort()).toEqual([existing.workspace, owner.workspace].sort());
  });

  it("switches with the sidebar's Workspace selector, each workspace showing only its own records", async () => {
    const page = existingPage;
    await page.goto('/my-work');
    await contactsShowing(page, contacts.host.lastName);
    expect(await gridRow(page, contacts.own.firstName).count()).toBe(0);

    await workspaceSelect(page).selectOption({ label: existing.workspace });
    await page.getByText('Switched workspace').waitFor();
    await page.waitForURL('**/my-work');
    expect(await workspaceSelect(page).locator('option:checked').innerText()).toBe(existing.workspace);
    await contactsShowing(page, contacts.own.firstName);
    expect(await gridRow(page, contacts.host.firstName).count()).toBe(0);
    await screenshot(page, 'workspace-switched');

    // The choice is the session's: a reload keeps it.
    await page.reload();
    await gridRow(page, contacts.own.firstName).first().waitFor();
    expect(await workspaceSelect(page).locator('option:checked').innerText()).toBe(existing.workspace);
    expect(await gridRow(page, contacts.host.firstName).count()).toBe(0);

    await workspaceSelect(page).selectOption({ label: owner.workspace });
    await page.waitForURL('**/my-work');
    await contactsShowing(page, contacts.host.firstName);
    expect(await gridRow(page, contacts.own.firstName).count()).toBe(0);
  });

  it('follows a switch made in another tab rather than mixing the two workspaces', async () => {
    const first = existingPage;
    await first.goto('/contacts');
    await gridRow(first, contacts.host.lastName).first().waitFor();

    const second = await first.context().newPage();
    second.on('pageerror', (error) => errors.push(error));
    await second.goto('/my-work');
    await workspaceSelect(second).selectOption({ label: existing.workspace });
    await second.getByText('Switched workspace').waitFor();

    // The first tab still shows the host's records; its next step finds the session elsewhere and follows it.
    await sidebar(first).getByRole('link', { name: 'My work', exact: true }).click();
    await expect.poll(() => workspaceSelect(first).locator('option:checked').innerText()).toBe(existing.workspace);
    await contactsShowing(first, contacts.own.firstName);
    expect(await gridRow(first, contacts.host.firstName).count()).toBe(0);
    expect(await first.getByText('This could not be loaded').count()).toBe(0);
    await second.close();
  });

  it('threw no uncaught error in any page', () => {
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------

describe('members and roles', () => {
  let chromium: OpenBrowser;
  let ownerPage: Page;
  let memberPage: Page;
  const errors: Error[] = [];
  const owner = newPerson('Owner');
  const member = newPerson('Member');
  let memberId = '';

  async function roleOf(userId: string): Promise<Member['role'] | undefined> {
    const members = await apiCall<ListAnswer<Member>>(ownerPage, 'GET', '/api/v1/members');
    return members.data.find((m) => m.userId === userId)?.role;
  }

  beforeAll(async () => {
    chromium = await openBrowser();
    const a = await chromium.newPage();
    const b = await chromium.newPage();
    ownerPage = a.page;
    memberPage = b.page;
    for (const p of [ownerPage, memberPage]) p.on('pageerror', (error) => errors.push(error));
    await signUpByApi(ownerPage, owner);
    ({ userId: memberId } = await joinByInvitation(ownerPage, memberPage, member, 'member'));
    await ownerPage.goto('/my-work');
    await memberPage.goto('/my-work');
  });
  afterAll(async () => {
    await chromium.close();
  });

  it('shows a member the settings only admins manage, without the means to change them', async () => {
    const page = memberPage;
    await openSettings(page, 'Invitations');
    await page.getByText('Only admins and owners can invite people').waitFor();
    expect(await page.getByLabel('Email', { exact: true }).count()).toBe(0);

    await openSettings(page, 'Members');
    await listRow(page, 'Members', owner.email).waitFor();
    await page.getByText('Only admins and owners can change roles or remove members.').waitFor();
    expect(await page.getByRole('button', { name: /^Change the role of/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Remove / }).count()).toBe(0);

    await openSettings(page, 'Custom fields');
    await page.getByText('No custom fields on contacts').waitFor();
    expect(await page.getByRole('button', { name: 'Add field' }).count()).toBe(0);

    await openSettings(page, 'Pipelines');
    await page.getByText('Only admins and owners can change pipelines.', { exact: false }).waitFor();
    await page.getByRole('heading', { name: /^Stages of / }).waitFor();
    expect(await page.getByRole('button', { name: 'New pipeline' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Save pipeline' }).count()).toBe(0);
    await screenshot(page, 'settings-members-as-member');
  });

  it("lets the owner make the member an admin; the API and the member's own view follow", async () => {
    const page = ownerPage;
    await openSettings(page, 'Members');
    await page.getByRole('button', { name: `Change the role of ${member.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Role of ${member.name}` });
    await dialog.getByRole('radio', { name: /^Admin\b/ }).check();
    await dialog.getByRole('button', { name: 'Save role' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(`${member.name} is now admin`).waitFor();
    await listRow(page, 'Members', member.email).getByText('Admin', { exact: true }).waitFor();
    expect(await roleOf(memberId)).toBe('admin');

    // The member, now an admin, can invite people.
    await memberPage.goto('/settings/invitations');
    await memberPage.getByRole('button', { name: 'Create invitation link' }).waitFor();
    expect(await memberPage.getByText('Only admins and owners can invite people').count()).toBe(0);
  });

  it("shows the server's refusal when the only owner tries to step down", async () => {
    const page = ownerPage;
    await page.goto('/settings/members');
    await page.getByRole('button', { name: `Change the role of ${owner.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Role of ${owner.name}` });
    await dialog.getByRole('radio', { name: /^Member\b/ }).check();
    await dialog.getByText('This is your own role', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Save role' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'A workspace needs at least one owner' }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await apiCall<Me>(page, 'GET', '/api/v1/auth/me')).workspace.role).toBe('owner');
  });

  it('lets the owner remove the member, whose session here ends', async () => {
    const page = ownerPage;
    await page.goto('/settings/members');
    await page.getByRole('button', { name: `Remove ${member.name}` }).click();
    const confirm = page.getByRole('dialog', { name: `Remove ${member.name}?` });
    await confirm.getByRole('button', { name: 'Remove member' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByText(`${member.name} was removed from ${owner.workspace}`).waitFor();
    expect(await listRow(page, 'Members', member.email).count()).toBe(0);
    expect(await roleOf(memberId)).toBeUndefined();

    await memberPage.reload();
    await memberPage.waitForURL((url) => url.pathname === '/login');
  });

  it('threw no uncaught error in any page', () => {
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------

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
