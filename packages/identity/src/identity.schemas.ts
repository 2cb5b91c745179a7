import { z } from 'zod';
import { roles, scopes } from '@nexus/platform';
import { text } from '@nexus/http';

export const email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'must be a valid email address' }))
  .transform((value) => value.toLowerCase());

export const password = z.string().min(10, 'must be at least 10 characters').max(256);

export const signupBody = z.strictObject({
  email,
  password,
  name: text(200).trim().min(1),
  workspaceName: text(200).trim().min(1),
});

export const loginBody = z.strictObject({
  email,
  password: z.string().min(1).max(256),
  workspaceId: z.uuid().optional(),
});

export const updateProfileBody = z.strictObject({ name: text(200).trim().min(1, 'must not be empty') });

export const changePasswordBody = z
  .strictObject({
    currentPassword: z.string().min(1, 'must not be empty').max(256),
    newPassword: password,
  })
  .refine((body) => body.newPassword !== body.currentPassword, { path: ['newPassword'], message: 'must differ from the current password' });

export const switchWorkspaceBody = z.strictObject({ workspaceId: z.uuid() });

export const createWorkspaceBody = z.strictObject({ name: text(200).trim().min(1) });

const visibility = z.enum(['all', 'own']);
export const updateWorkspaceBody = z.strictObject({
  name: text(200).trim().min(1).optional(),
  visibility: z.strictObject({ member: visibility.optional(), read_only: visibility.optional() }).optional(),
});

export const roleSchema = z.enum(roles);
export const invitableRole = z.enum(['admin', 'member', 'read_only']);

export const updateMemberBody = z.strictObject({ role: roleSchema });
export const userIdParams = z.strictObject({ userId: z.uuid() });

export const createInvitationBody = z.strictObject({ email, role: invitableRole.default('member') });

export const acceptInvitationBody = z.strictObject({
  token: z.string().min(1).max(200),
  name: text(200).trim().min(1).optional(),
  password: z.string().min(1).max(256).optional(),
});

export const createApiKeyBody = z.strictObject({
  name: text(200).trim().min(1),
  scopes: z.array(z.enum(scopes)).min(1).max(3),
});

export const userView = z.object({ id: z.uuid(), email: z.string(), name: z.string(), createdAt: z.iso.datetime() });
export const workspaceView = z.object({
  id: z.uuid(),
  name: z.string(),
  role: roleSchema,
  visibility: z.object({ member: visibility, read_only: visibility }),
  createdAt: z.iso.datetime(),
});
export const sessionView = z.object({ token: z.string(), expiresAt: z.iso.datetime(), user: userView, workspace: workspaceView });
export const memberView = z.object({ userId: z.uuid(), email: z.string(), name: z.string(), role: roleSchema, joinedAt: z.iso.datetime() });
export const invitationView = z.object({
  id: z.uuid(),
  email: z.string(),
  role: invitableRole,
  expiresAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
  acceptedAt: z.iso.datetime().nullable(),
  token: z.string().optional().describe('Shown only in the answer to the create call'),
});
export const apiKeyView = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.enum(scopes)),
  createdBy: z.uuid(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  key: z.string().optional().describe('Shown only in the answer to the create call'),
});
