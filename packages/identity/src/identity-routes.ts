import { z } from 'zod';
import { defineRoute, idParams, type RouteDef } from '@nexus/http';
import type { IdentityService } from './identity-service';
import * as s from './identity.schemas';
import type { MembersService } from './members-service';

const tags = ['Accounts'];

/** The HTTP routes of accounts, workspaces, members, invitations and API keys. */
export function identityRoutes(identity: IdentityService, members: MembersService): RouteDef[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/signup',
      auth: 'public',
      summary: 'Create an account and its first workspace',
      tags,
      body: s.signupBody,
      responses: { 201: { description: 'Signed up and signed in', schema: s.sessionView } },
      handler: async ({ body, req }) => ({ status: 201, body: await identity.signup(body, { ip: req.ip }) }),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/login',
      auth: 'public',
      summary: 'Sign in; throttled per account and per address (429 with Retry-After)',
      tags,
      body: s.loginBody,
      responses: { 200: { description: 'Signed in', schema: s.sessionView } },
      handler: async ({ body, req }) => ({ status: 200, body: await identity.login(body, { ip: req.ip }) }),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/logout',
      auth: 'session',
      transaction: false,
      summary: 'End this session',
      tags,
      responses: { 204: { description: 'Signed out' } },
      handler: async ({ auth, req }) => {
        await identity.logout(auth, req.headers.authorization);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/auth/me',
      auth: 'read',
      transaction: false,
      summary: 'The caller, the current workspace and every workspace they belong to',
      tags,
      responses: { 200: { description: 'The caller' } },
      handler: async ({ auth }) => ({ status: 200, body: await identity.me(auth) }),
    }),
    defineRoute({
      method: 'PATCH',
      path: '/api/v1/auth/me',
      auth: 'session',
      transaction: false,
      summary: "Change the caller's own name",
      tags,
      body: s.updateProfileBody,
      responses: { 200: { description: 'The updated user', schema: s.userView } },
      handler: async ({ auth, body }) => ({ status: 200, body: await identity.updateProfile(auth, body) }),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/password',
      auth: 'session',
      transaction: false,
      summary: 'Change the password (the current one is required); every other session of the account ends, this one stays',
      tags,
      body: s.changePasswordBody,
      responses: { 204: { description: 'Changed' } },
      handler: async ({ auth, body, req }) => {
        await identity.changePassword(auth, body, { ip: req.ip });
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/switch-workspace',
      auth: 'session',
      transaction: false,
      summary: 'Point this session at another workspace the user belongs to',
      tags,
      body: s.switchWorkspaceBody,
      responses: { 200: { description: 'The workspace now in use', schema: s.workspaceView } },
      handler: async ({ auth, body, req }) => ({ status: 200, body: await identity.switchWorkspace(auth, body.workspaceId, req.headers.authorization) }),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/workspaces',
      auth: 'session',
      transaction: false,
      summary: 'Workspaces the user belongs to',
      tags,
      responses: { 200: { description: 'Workspaces', schema: z.object({ data: z.array(s.workspaceView) }) } },
      handler: async ({ auth }) => ({ status: 200, body: { data: (await identity.me(auth)).workspaces } }),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/workspaces',
      auth: 'session',
      transaction: false,
      summary: 'Create another workspace, owned by the caller',
      tags,
      body: s.createWorkspaceBody,
      responses: { 201: { description: 'Created', schema: s.workspaceView } },
      handler: async ({ auth, body }) => ({ status: 201, body: await identity.createWorkspace(auth, body.name) }),
    }),
    defineRoute({
      method: 'PATCH',
      path: '/api/v1/workspace',
      auth: 'admin',
      transaction: false,
      summary: 'Rename the current workspace or set "only records I own" visibility per role',
      tags,
      body: s.updateWorkspaceBody,
      responses: { 200: { description: 'Updated', schema: s.workspaceView } },
      handler: async ({ auth, body }) => ({ status: 200, body: await identity.updateWorkspace(auth, body) }),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/members',
      auth: 'read',
      transaction: false,
      summary: 'Members of the current workspace',
      tags,
      responses: { 200: { description: 'Members', schema: z.object({ data: z.array(s.memberView) }) } },
      handler: async ({ auth }) => ({ status: 200, body: { data: await members.listMembers(auth) } }),
    }),
    defineRoute({
      method: 'PATCH',
      path: '/api/v1/members/:userId',
      auth: 'admin',
      transaction: false,
      summary: "Change a member's role",
      tags,
      params: s.userIdParams,
      body: s.updateMemberBody,
      responses: { 200: { description: 'Updated', schema: s.memberView } },
      handler: async ({ auth, params, body }) => ({ status: 200, body: await members.updateMember(auth, params.userId, body.role) }),
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/v1/members/:userId',
      auth: 'admin',
      transaction: false,
      summary: 'Remove a member; their sessions end',
      tags,
      params: s.userIdParams,
      responses: { 204: { description: 'Removed' } },
      handler: async ({ auth, params }) => {
        await members.removeMember(auth, params.userId);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/invitations',
      auth: 'admin',
      transaction: false,
      summary: 'Invite someone by email; the token is shown only in this answer',
      tags,
      body: s.createInvitationBody,
      responses: { 201: { description: 'Invited', schema: s.invitationView } },
      handler: async ({ auth, body }) => ({ status: 201, body: await members.invite(auth, body) }),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/invitations',
      auth: 'admin',
      transaction: false,
      summary: 'Pending and accepted invitations',
      tags,
      responses: { 200: { description: 'Invitations', schema: z.object({ data: z.array(s.invitationView) }) } },
      handler: async ({ auth }) => ({ status: 200, body: { data: await members.listInvitations(auth) } }),
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/v1/invitations/:id',
      auth: 'admin',
      transaction: false,
      summary: 'Revoke an invitation',
      tags,
      params: idParams,
      responses: { 204: { description: 'Revoked' } },
      handler: async ({ auth, params }) => {
        await members.revokeInvitation(auth, params.id);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/invitations/accept',
      auth: 'public',
      summary: 'Accept an invitation, creating an account or proving an existing one',
      tags,
      body: s.acceptInvitationBody,
      responses: { 200: { description: 'Joined and signed in', schema: s.sessionView } },
      handler: async ({ body }) => ({ status: 200, body: await members.acceptInvitation(body) }),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/api-keys',
      auth: 'session',
      transaction: false,
      summary: 'API keys (admins see all of the workspace, others their own)',
      tags,
      responses: { 200: { description: 'Keys, without their secrets', schema: z.object({ data: z.array(s.apiKeyView) }) } },
      handler: async ({ auth }) => ({ status: 200, body: { data: await members.listApiKeys(auth) } }),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/api-keys',
      auth: 'session',
      transaction: false,
      summary: 'Create an API key; the key is shown only in this answer',
      tags,
      body: s.createApiKeyBody,
      responses: { 201: { description: 'Created', schema: s.apiKeyView } },
      handler: async ({ auth, body }) => ({ status: 201, body: await members.createApiKey(auth, body) }),
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/v1/api-keys/:id',
      auth: 'session',
      transaction: false,
      summary: 'Revoke an API key',
      tags,
      params: idParams,
      responses: { 204: { description: 'Revoked' } },
      handler: async ({ auth, params }) => {
        await members.revokeApiKey(auth, params.id);
        return { status: 204 };
      },
    }),
  ];
}
