import { z } from 'zod';
import { objectId, pageOf, timestamp } from './common.js';

/** An audit event as the viewer and the CSV show it. */
export const auditEventSchema = z.strictObject({
  id: objectId,
  ts: timestamp,
  actor: z.strictObject({ type: z.enum(['user', 'system', 'api_token']), id: z.string().nullable(), email: z.string().nullable() }),
  workspace_id: objectId.nullable(),
  action: z.string(),
  resource: z.object({ type: z.string(), id: z.string().nullable() }),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  request_id: z.string(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;
export const auditPage = pageOf(auditEventSchema);

const databaseState = z.union([z.strictObject({ status: z.literal('ok') }), z.strictObject({
    status: z.literal('unreachable'),
    reason: z.string(),
    /** The driver's own text: super admins only (security.md: host names stay out of other answers). */
    detail: z.string().optional(),
  })]);

export const liveAnswer = z.strictObject({ status: z.literal('ok') });
export const readinessAnswer = z.strictObject({
  status: z.enum(['ready', 'starting']),
  database: databaseState,
  schemaVersion: z.number().int().nullable(),
  expectedSchemaVersion: z.number().int(),
});

export const recoveryCheckSchema = z.strictObject({
  id: z.enum(['schema', 'super_admin', 'audit_fallback', 'core', 'core_certificates', 'proxy_certificates']),
  ok: z.boolean(),
  detail: z.string(),
  /** What to do when not ok; null when ok. */
  fix: z.string().nullable(),
});
export type RecoveryCheck = z.infer<typeof recoveryCheckSchema>;

export const diagnosticsAnswer = z.strictObject({
  core: z.strictObject({ status: z.enum(['ok', 'down', 'unknown']), checkedAt: timestamp.nullable() }),
  database: databaseState,
  schemaVersion: z.number().int().nullable(),
  expectedSchemaVersion: z.number().int(),
  /** The Monitoring page embeds Grafana from here when set. */
  grafanaUrl: z.string().nullable(),
  /** The recovery checklist: operators only. */
  checks: z.array(recoveryCheckSchema).optional(),
});
export type Diagnostics = z.infer<typeof diagnosticsAnswer>;

export const auditFallbackAnswer = z.strictObject({
  fallbackFileSize: z.number().int(),
  fallbackLines: z.number().int(),
  drainingFileSize: z.number().int(),
  rejectedLines: z.number().int(),
  retentionDays: z.number().int(),
  schemaVersion: z.number().int().nullable(),
  lastDrainAt: timestamp.nullable(),
});
