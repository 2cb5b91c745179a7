import { AppError, assertNever, type AuthContext } from '@nexus/platform';
import type { AuthRequirement } from '../define-route';

function requireScope(auth: AuthContext, scope: 'read' | 'write' | 'admin'): void {
  if (auth.scopes.has(scope)) return;
  if (auth.actor.type === 'api_key') {
    throw new AppError('insufficient_scope', `This API key lacks the ${scope} scope (or its creator's role no longer allows it)`, {
      details: { required: scope },
    });
  }
  throw new AppError('forbidden', `Your role (${auth.role}) does not allow this`, { details: { required: scope } });
}

export function authorize(auth: AuthContext, requirement: Exclude<AuthRequirement, 'public'>): void {
  switch (requirement) {
    case 'session':
      if (auth.actor.type !== 'user') throw new AppError('forbidden', 'This action needs a signed-in user, not an API key');
      return;
    case 'read':
    case 'write':
    case 'admin':
      requireScope(auth, requirement);
      return;
    case 'owner':
      if (auth.actor.type !== 'user' || auth.role !== 'owner') throw new AppError('forbidden', 'Only the workspace owner may do this');
      return;
    default:
      assertNever(requirement);
  }
}
