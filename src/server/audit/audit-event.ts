import type { ObjectId } from 'mongodb';
import type { AuditAction } from './actions.js';

export interface AuditActor {
  type: 'user' | 'system' | 'api_token';
  id: string | null;
  email: string | null;
}

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

/** What a handler says about a change; actor, ip, user agent and request id come from the request. */
export interface AuditInput {
  action: AuditAction;
  workspaceId: ObjectId | null;
  resource: { type: string; id: string | null };
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

export interface AuditOrigin {
  actor: AuditActor;
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

export const SYSTEM_ACTOR: AuditActor = { type: 'system', id: null, email: null };

export const utcDay = (ts: Date) => ts.toISOString().slice(0, 10);
