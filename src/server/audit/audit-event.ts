import type { ObjectId } from 'mongodb';
import type { AuditActor } from '../http/guards.js';
import type { AuditAction } from './actions.js';

export type { AuditActor, AuditInput, AuditOrigin } from '../http/guards.js';

/** One immutable document of `audit_logs` (operations.md §3). */
export interface AuditEvent {
  _id: ObjectId;
  ts: Date;
  day: string;
  actor: AuditActor;
  workspace_id: ObjectId | null;
  action: AuditAction;
  resource: { type: string; id: string | null };
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string;
  /** HMAC-SHA256 over the canonical Extended JSON of the event without `mac` (security.md). */
  mac?: string;
}

export const SYSTEM_ACTOR: AuditActor = { type: 'system', id: null, email: null };

export const utcDay = (ts: Date) => ts.toISOString().slice(0, 10);
