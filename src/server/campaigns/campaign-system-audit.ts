import type { AppContext } from '../app-context.js';
import { SYSTEM_ACTOR, type AuditInput } from '../audit/audit-event.js';
import { buildAuditEvent } from '../audit/audit-log.js';

/** An audit event of MC itself (the status poller, the reconciler): actor `system`. */
export function writeSystemAudit(app: AppContext, input: AuditInput, requestId: string): Promise<void> {
  return app.audit.write(buildAuditEvent(input, { actor: SYSTEM_ACTOR, ip: null, userAgent: null, requestId }));
}
