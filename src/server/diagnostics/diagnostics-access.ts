import { can } from '../../domain/permissions.js';
import type { AppContext } from '../app-context.js';
import { COLLECTIONS } from '../db/collections.js';
import type { UserDoc } from '../users/user-store.js';

/**
 * `diagnostics.view` is a platform capability, not a workspace one: super admins always, and
 * with ADMIN_DIAGNOSTICS_ENABLED the admins of at least one workspace ("admin anywhere counts").
 */
export async function mayViewDiagnostics(app: AppContext, user: UserDoc): Promise<boolean> {
  const ctx = { adminDiagnosticsEnabled: app.config.ADMIN_DIAGNOSTICS_ENABLED };
  const userId = user._id.toHexString();
  if (can({ userId, isSuperAdmin: user.is_super_admin, membership: null }, 'diagnostics.view', ctx).allowed) return true;
  if (!ctx.adminDiagnosticsEnabled) return false;
  // Across workspaces on purpose: the question is whether the user administers any of them.
  const admin = await app.db.collection(COLLECTIONS.memberships).findOne({ user_id: user._id, role: 'admin' }, { projection: { _id: 1 } });
  return can({ userId, isSuperAdmin: false, membership: admin ? { role: 'admin', isModerator: false } : null }, 'diagnostics.view', ctx).allowed;
}
