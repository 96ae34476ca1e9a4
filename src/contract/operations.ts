import { z } from 'zod';
import { objectId, pageOf, timestamp } from './common.js';

/** The campaign or sender an event is about, named, with its workspace (the console links its page). */
export const auditObjectSchema = z.strictObject({
  type: z.enum(['campaign', 'sender']),
  /** The campaign's external id, or the sender's id (also for a sender revision's events). */
  id: z.string(),
  name: z.string(),
  workspace_slug: z.string(),
});
export type AuditObject = z.infer<typeof auditObjectSchema>;

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
  /** Named in pages (one look-up per page, in the event's own workspace); null in the CSV, or when not a campaign or sender. */
  object: auditObjectSchema.nullable(),
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

/** What each check found, as a message the console words in the person's language. */
const recoverySummary = z.strictObject({
  code: z.enum(['schema_version', 'super_admins', 'audit_fallback', 'core_state', 'certificate', 'plain_http', 'certificates_unreadable', 'database_unreachable']),
  values: z.record(z.string(), z.union([z.string(), z.number()])),
});

export const recoveryCheckSchema = z.strictObject({
  id: z.enum(['schema', 'super_admin', 'audit_fallback', 'core', 'core_certificates', 'proxy_certificates']),
  ok: z.boolean(),
  /** The check's finding in English (as `mc doctor` prints it). */
  detail: z.string(),
  summary: recoverySummary,
  /** What to do when not ok, in English; null when ok. */
  fix: z.string().nullable(),
  /** The same advice as a code the console translates; null when ok. */
  fixCode: z.enum(['migrate', 'restore_database', 'seed', 'drain_fallback', 'inspect_rejected', 'core_settings', 'mount_certificates']).nullable(),
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
  /** When this server last computed the checklist (at most once a minute; operators only). */
  checksComputedAt: timestamp.optional(),
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
