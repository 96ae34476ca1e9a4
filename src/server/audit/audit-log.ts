import { stat } from 'node:fs/promises';
import { ObjectId, type Db } from 'mongodb';
import { coalescedInserts, type Coalescer, type InsertOutcome } from '../db/coalescer.js';
import { COLLECTIONS } from '../db/collections.js';
import { isDatabaseUnavailable } from '../db/connection.js';
import { ApiError } from '../http/errors.js';
import { utcDay, type AuditEvent, type AuditInput, type AuditOrigin } from './audit-event.js';
import { auditMacKey, canonicalEjson, signAuditDocument } from './audit-mac.js';
import { drainFallback, type DrainOutcome, type DrainOptions } from './drain-fallback.js';
import { FallbackFile, FallbackRefusedError, type FallbackLogger } from './fallback-file.js';
import { fallbackPaths } from './fallback-paths.js';

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

/**
 * A request's audit record, secured before the request acts (docs/audit.md "Written first"):
 * room held in the fallback file, or the intent event already in the database.
 */
export interface AuditReservation {
  /** The fallback file holds room for this request's events. */
  readonly room: boolean;
  /** Ends the reservation once the request has acted (or failed): releases the room, or records the outcome linked to the intent event. */
  complete(outcome: 'done' | 'failed', detail?: Record<string, unknown>): Promise<void>;
}

export interface AuditSink {
  /** Resolves once the event is durable (in the database, or flushed to the fallback file). */
  write(event: AuditEvent, reservation?: AuditReservation | null): Promise<void>;
  /** Secures the record of a request before it acts; throws 503 `audit_unavailable` when it cannot be secured. */
  reserve(intent: AuditEvent): Promise<AuditReservation>;
}

export interface AuditLogLogger extends FallbackLogger {
  info(obj: object, msg: string): void;
}

/** The audit figures of `/metrics` (operations.md §5); AppMetrics provides them. */
export interface AuditMetrics {
  auditWrites: { inc(labels: { sink: 'database' | 'fallback' | 'refused' }): void };
  auditFallbackBytes: { set(value: number): void };
  auditDrains: { inc(labels: { outcome: 'completed' | 'failed' }): void };
}

export interface AuditLogOptions {
  db: Db;
  metrics?: AuditMetrics;
  /** NEXTAUTH_SECRET: the mac key is derived from it (HKDF, label `audit`). */
  secret: string;
  fallbackFile: string;
  logger: AuditLogLogger;
}

/** Another process may have written the fallback file: look for it at most this often. */
const FALLBACK_LOOK_MS = 1_000;

/** 503 for the request whose event could not be recorded anywhere (never a silent drop). */
export const auditUnavailable = (detail: string) =>
  new ApiError('audit_unavailable', { reason: detail });

/** 503 before acting: the request's audit record could not be secured, so nothing was done. */
export const auditNotSecured = (detail: string) => new ApiError('audit_unavailable', { reason: `not secured: ${detail}` });

/**
 * The audit sink of operations.md §3: signs each event (mac), inserts it into `audit_logs`,
 * and when the database is unreachable appends it to the fallback file (flushed before
 * `write` resolves). The next successful insert starts a background drain of that file.
 */
export class AuditLog implements AuditSink {
  readonly key: Buffer;
  /** Events written at the same moment share one insertMany (group commit). */
  private readonly inserts: Coalescer<AuditEvent, InsertOutcome>;
  private readonly fallback: FallbackFile;
  private draining: Promise<DrainOutcome | null> | null = null;
  private fallbackMayExist = true;
  private lastLook = 0;

  constructor(private readonly opts: AuditLogOptions) {
    this.key = auditMacKey(opts.secret);
    this.inserts = coalescedInserts(opts.db.collection<AuditEvent>(COLLECTIONS.auditLogs));
    this.fallback = new FallbackFile(opts.fallbackFile, opts.logger);
  }

  async write(event: AuditEvent, reservation: AuditReservation | null = null): Promise<void> {
    const signed = signAuditDocument(event, this.key);
    try {
      // A duplicate is a replay of an event that is already in.
      if ((await this.inserts.submit(signed)) === 'duplicate') return;
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      await this.writeFallback(canonicalEjson(signed), reservation?.room === true);
      return;
    }
    this.opts.metrics?.auditWrites.inc({ sink: 'database' });
    this.drainInBackground();
  }

  /**
   * Secures a request's record before it acts: room in the fallback file (no write: the events
   * that follow may use it whatever happens to the database meanwhile), or else `intent` written
   * to the database now, completed later by a linked `request.completed` event with the outcome.
   * Neither → 503 `audit_unavailable`, and the request does nothing.
   */
  async reserve(intent: AuditEvent): Promise<AuditReservation> {
    const room = await this.fallback.reserve();
    if (room.ok) return { room: true, complete: async () => room.release() };
    try {
      await this.inserts.submit(signAuditDocument(intent, this.key));
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      this.opts.metrics?.auditWrites.inc({ sink: 'refused' });
      this.opts.logger.error({ reason: room.reason, fallback: room.message, requestId: intent.request_id }, '[audit] request refused before acting: neither the database nor the fallback file can keep its record');
      throw auditNotSecured(room.reason);
    }
    this.opts.metrics?.auditWrites.inc({ sink: 'database' });
    this.drainInBackground();
    return {
      room: false,
      complete: (outcome, detail) => {
        const now = new Date();
        const after = { reservation_id: intent._id.toHexString(), outcome, ...detail };
        return this.write({ ...intent, _id: new ObjectId(), ts: now, day: utcDay(now), action: 'request.completed', before: null, after });
      },
    };
  }

  /** Drains now (waiting for a drain already running in this process first). */
  async drainNow(onProgress?: DrainOptions['onProgress']): Promise<DrainOutcome> {
    await this.draining;
    const outcome = await drainFallback(this.opts.fallbackFile, { db: this.opts.db, key: this.key, onProgress });
    if (outcome.status === 'drained') this.fallbackMayExist = false;
    return outcome;
  }

  /** Waits for a background drain to finish (server shutdown, tests). */
  async idle(): Promise<void> {
    await this.draining;
  }

  private async writeFallback(line: string, reserved: boolean): Promise<void> {
    this.fallbackMayExist = true;
    try {
      await this.fallback.append(line, reserved);
    } catch (err) {
      this.opts.metrics?.auditWrites.inc({ sink: 'refused' });
      if (err instanceof FallbackRefusedError) throw auditUnavailable(err.reason);
      throw err;
    }
    this.opts.metrics?.auditWrites.inc({ sink: 'fallback' });
    this.opts.metrics?.auditFallbackBytes.set(this.fallback.lastSize);
  }

  private drainInBackground(): void {
    if (this.draining) return;
    const now = Date.now();
    if (!this.fallbackMayExist && now - this.lastLook < FALLBACK_LOOK_MS) return;
    this.lastLook = now;
    this.draining = this.drainIfPresent()
      .catch((err: unknown) => {
        this.opts.metrics?.auditDrains.inc({ outcome: 'failed' });
        this.opts.logger.warn({ error: (err as Error).message }, '[audit-drain] drain interrupted; it resumes with the next audit write');
        return null;
      })
      .finally(() => {
        this.draining = null;
      });
  }

  private async drainIfPresent(): Promise<DrainOutcome | null> {
    const paths = fallbackPaths(this.opts.fallbackFile);
    const present = await Promise.all([paths.file, paths.draining].map((p) => stat(p).then(() => true, () => false)));
    if (!present.some(Boolean)) {
      this.fallbackMayExist = false;
      return null;
    }
    const outcome = await drainFallback(this.opts.fallbackFile, { db: this.opts.db, key: this.key });
    if (outcome.status === 'drained') {
      this.opts.metrics?.auditDrains.inc({ outcome: 'completed' });
      this.opts.metrics?.auditFallbackBytes.set(await stat(paths.file).then((s) => s.size, () => 0));
      const lines = outcome.files.reduce((n, f) => n + f.lines, 0);
      const rejected = outcome.files.reduce((n, f) => n + f.rejected, 0);
      this.opts.logger.info({ lines, rejected, files: outcome.files.length }, '[audit-drain] fallback file drained into audit_logs');
      if (rejected) this.opts.logger.error({ rejected, rejectedFile: paths.rejected }, '[audit-drain] some fallback lines were refused (corrupt or forged); see the .rejected file');
    }
    return outcome;
  }
}
