import { ObjectId, type Db } from 'mongodb';
import { COLLECTIONS } from '../db/collections.js';
import { utcDay, type AuditEvent, type AuditInput, type AuditOrigin } from './audit-event.js';

/** Builds the event with its final `_id` and `ts` before any write, so every replay is idempotent. */
export function buildAuditEvent(input: AuditInput, origin: AuditOrigin, now = new Date()): AuditEvent {
  return {
    _id: new ObjectId(),
    ts: now,
    day: utcDay(now),
    actor: origin.actor,
    workspace_id: input.workspaceId,
    action: input.action,
    resource: input.resource,
    before: input.before ?? null,
    after: input.after ?? null,
    ip: origin.ip,
    user_agent: origin.userAgent,
    request_id: origin.requestId,
  };
}

export interface AuditSink {
  /** Resolves once the event is durable (in the database, or flushed to the fallback file). */
  write(event: AuditEvent): Promise<void>;
}

/** The plain database sink; the fallback-file sink wraps it. */
export class DatabaseAuditSink implements AuditSink {
  constructor(private readonly db: Db) {}

  async write(event: AuditEvent): Promise<void> {
    await this.db.collection<AuditEvent>(COLLECTIONS.auditLogs).insertOne(event);
  }
}
