import type { Page } from '../../contract/common.js';
import type { AuditEvent as AuditEventAnswer } from '../../contract/operations.js';
import { ObjectId, type Db, type Filter } from 'mongodb';
import { COLLECTIONS } from '../db/collections.js';
import type { WorkspaceId } from '../db/tenant.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { badRequest } from '../http/errors.js';
import { utcDay, type AuditEvent } from './audit-event.js';

const DAY_MS = 86_400_000;
/** Rows read per query inside one day bucket; bounds memory whatever a day holds. */
const DAY_CHUNK = 500;
/** A list never scans more day buckets than this (retention is usually far shorter). */
export const MAX_SCAN_DAYS = 3_660;

export interface AuditFilters {
  action?: string;
  actorId?: string;
  actorEmail?: string;
  resourceType?: string;
  resourceId?: string;
  from?: Date;
  to?: Date;
}

export interface AuditQuery extends AuditFilters {
  /** Omitted: every workspace and the platform events (super admin only). */
  workspaceId?: WorkspaceId;
  /** One resource's own timeline (e.g. a campaign); combines with the filters. */
  resource?: { type: string; id: string };
  /** How far back to look when `from` is not given (the retention period). */
  lookbackDays: number;
  now?: Date;
}

/** An event as the viewer and the CSV show it (src/contract/operations.ts). */
export type AuditEventView = AuditEventAnswer;
export type AuditPage = Page<AuditEventView>;

interface Position {
  day: string;
  ts: number;
  id: string;
}

export const toAuditView = (e: AuditEvent): AuditEventView => ({
  id: e._id.toHexString(),
  ts: e.ts.toISOString(),
  actor: e.actor,
  workspace_id: e.workspace_id ? e.workspace_id.toHexString() : null,
  action: e.action,
  resource: e.resource,
  before: e.before,
  after: e.after,
  ip: e.ip,
  user_agent: e.user_agent,
  request_id: e.request_id,
});

/** The equality part of the filter: what FerretDB v1 pushes down (operations.md §2). */
function equalityFilter(q: AuditQuery, day: string): Filter<AuditEvent> {
  const f: Record<string, unknown> = { day };
  if (q.workspaceId) f.workspace_id = q.workspaceId;
  if (q.action) f.action = q.action;
  if (q.actorId) f['actor.id'] = q.actorId;
  if (q.actorEmail) f['actor.email'] = q.actorEmail.trim().toLowerCase();
  const type = q.resource?.type ?? q.resourceType;
  const id = q.resource?.id ?? q.resourceId;
  if (type) f['resource.type'] = type;
  if (id) f['resource.id'] = id;
  return f as Filter<AuditEvent>;
}

function parsePosition(cursor: string | null | undefined): Position | null {
  const p = decodeCursor<Position>(cursor ?? undefined);
  if (p === null) return null;
  if (typeof p !== 'object' || !/^\d{4}-\d{2}-\d{2}$/.test(String(p.day)) || !Number.isFinite(p.ts) || !ObjectId.isValid(String(p.id)))
    throw badRequest([{ path: 'query.cursor', reason: 'not a cursor from this API', rule: 'invalid_cursor' }]);
  return p;
}

/**
 * Every matching event, newest first (ts, then _id), read day bucket by day bucket with
 * `{day, workspace_id, …}` equality and in chunks inside a day, so memory stays bounded.
 */
export async function* auditEventsNewestFirst(db: Db, q: AuditQuery, after: Position | null = null): AsyncGenerator<AuditEvent> {
  const coll = db.collection<AuditEvent>(COLLECTIONS.auditLogs);
  const now = q.now ?? new Date();
  const top = q.to && q.to < now ? q.to : now;
  const bottom = q.from ?? new Date(top.getTime() - q.lookbackDays * DAY_MS);
  const firstDay = after ? after.day : utcDay(top);
  let dayStart = Date.parse(`${firstDay}T00:00:00Z`);
  const lastDayStart = Date.parse(`${utcDay(bottom)}T00:00:00Z`);
  let position = after;
  for (let scanned = 0; dayStart >= lastDayStart && scanned < MAX_SCAN_DAYS; scanned++, dayStart -= DAY_MS) {
    const day = utcDay(new Date(dayStart));
    for (;;) {
      const range: Record<string, Date> = {};
      if (q.to) range.$lte = q.to;
      if (q.from) range.$gte = q.from;
      const conditions: Filter<AuditEvent>[] = [equalityFilter(q, day)];
      if (Object.keys(range).length) conditions.push({ ts: range });
      if (position && position.day === day)
        conditions.push({ $or: [{ ts: { $lt: new Date(position.ts) } }, { ts: new Date(position.ts), _id: { $lt: new ObjectId(position.id) } }] });
      const rows = await coll.find(conditions.length === 1 ? conditions[0]! : { $and: conditions }).sort({ ts: -1, _id: -1 }).limit(DAY_CHUNK).toArray();
      for (const row of rows) yield row;
      if (rows.length < DAY_CHUNK) break;
      const last = rows.at(-1)!;
      position = { day, ts: last.ts.getTime(), id: last._id.toHexString() };
    }
  }
}

/**
 * One page of the audit viewer (api.md "Lists": `{items, next_cursor}`), newest first. Also
 * what a campaign's own timeline calls with `resource: {type: 'campaign', id}`.
 */
export async function listAuditEvents(db: Db, q: AuditQuery & { cursor?: string | null; limit: number }): Promise<AuditPage> {
  const items: AuditEventView[] = [];
  let last: AuditEvent | null = null;
  for await (const e of auditEventsNewestFirst(db, q, parsePosition(q.cursor))) {
    if (items.length === q.limit) {
      return { items, next_cursor: encodeCursor({ day: last!.day, ts: last!.ts.getTime(), id: last!._id.toHexString() } satisfies Position) };
    }
    items.push(toAuditView(e));
    last = e;
  }
  return { items, next_cursor: null };
}
