import type { CrmCore } from '@nexus/crm-core';
import { seedDemoWorkspace } from '@nexus/crm-core';
import type { Database } from '@nexus/db';
import type { IdentityService } from '@nexus/identity';
import { isAppError } from '@nexus/platform';

/**
 * On the first start of an empty database, creates a demo workspace so a
 * newcomer has something to look at. Later starts leave it alone.
 */
export async function ensureDemoWorkspace(deps: { db: Database; identity: IdentityService; core: CrmCore; email: string; password: string }) {
  const { rows } = await deps.db.systemQuery<{ any: boolean }>('select exists (select 1 from users) as any');
  if (rows[0]?.any) return { created: false as const };
  let session;
  try {
    session = await deps.identity.signup({ email: deps.email, password: deps.password, name: 'Demo User', workspaceName: 'Demo Company' }, { ip: '127.0.0.1' });
  } catch (error) {
    // Another process starting at the same moment created it first.
    if (isAppError(error) && error.code === 'already_exists') return { created: false as const };
    throw error;
  }
  const auth = await deps.identity.authenticate(`Bearer ${session.token}`);
  const counts = await deps.db.withWorkspace(auth.workspaceId, (tx) => seedDemoWorkspace({ tx, auth, requestId: null }, deps.core.records));
  return { created: true as const, counts };
}
