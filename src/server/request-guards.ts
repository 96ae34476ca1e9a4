import type { ApiTokenIdentity } from './api-tokens/authenticate.js';
import { authenticateApiToken } from './api-tokens/authenticate.js';
import type { AuditAction } from './audit/actions.js';
import { buildAuditEvent, type AuditReservation as AuditLogReservation } from './audit/audit-log.js';
import { resolveSession } from './auth/session.js';
import type { RequestGuards } from './http/guards.js';
import type { UserDoc } from './users/user-store.js';
import { resolveWorkspace, type WorkspaceAccess } from './workspaces/membership.js';

declare module './http/guards.js' {
  /** The features' types of what the guards below resolve. */
  interface GuardTypes {
    user: UserDoc;
    workspace: WorkspaceAccess;
    apiToken: ApiTokenIdentity;
    auditAction: AuditAction;
    auditReservation: AuditLogReservation;
  }
}

/** The checks of the request chain, taken from the features that own them (composition root). */
export const REQUEST_GUARDS: RequestGuards = {
  session: resolveSession,
  workspace: resolveWorkspace,
  apiToken: (app, authorization) => authenticateApiToken(app, authorization),
  audit: (app, input, origin, reservation) => app.audit.write(buildAuditEvent(input, origin), reservation),
  reserveAudit: (app, input, origin) => app.audit.reserve(buildAuditEvent(input, origin)),
};
