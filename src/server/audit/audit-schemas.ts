import { z } from 'zod';
import { AUDIT_ACTIONS } from './actions.js';
import type { AuditFilters } from './list-audit-events.js';

export const workspaceAuditParams = z.strictObject({ slug: z.string().max(64) });

const filterFields = {
  action: z.enum(AUDIT_ACTIONS).optional(),
  actor_id: z.string().max(64).optional(),
  actor_email: z.string().max(254).optional(),
  resource_type: z.string().max(64).optional(),
  resource_id: z.string().max(128).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
};

export const auditCsvQuery = z.strictObject(filterFields);

export const auditListQuery = z.strictObject({
  ...filterFields,
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(300).optional(),
});

export type AuditCsvQuery = z.infer<typeof auditCsvQuery>;

export function toAuditFilters(q: AuditCsvQuery): AuditFilters {
  return {
    action: q.action,
    actorId: q.actor_id,
    actorEmail: q.actor_email,
    resourceType: q.resource_type,
    resourceId: q.resource_id,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
  };
}
