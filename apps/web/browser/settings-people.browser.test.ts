import type { Page } from 'playwright-core';
import type { Member } from '@/lib/records';
import type { Me } from '@/lib/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessibilityProblems,
  apiCall,
  baseUrl,
  expectReadablePage,
  fieldError,
  gridRow,
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
import { callsDuring, contactsShowing, copyOnce, createContact, listRow, newVisitor, openSettings, sidebar, workspaceSelect, type InvitationAnswer, type ListAnswer } from './settings-support';

// The people of a workspace, as its owner and its members meet the settings:
// the profile (name, password), invitations and accepting them (as a new
// person and as someone with a workspace of their own, who then switches
// between the two), members and their roles. Each journey is a `describe` with
// people of its own; records that are not what a step tests are made through
// the API.

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
