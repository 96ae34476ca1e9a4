import type { Page } from '../../contract/common.js';
import type { AuditEvent as AuditEventAnswer } from '../../contract/operations.js';
import { ObjectId, type Db, type Filter } from 'mongodb';
import { COLLECTIONS } from '../db/collections.js';
import type { WorkspaceId } from '../db/tenant.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { badRequest } from '../http/errors.js';
import type { RateLimitSpec } from '../http/route.js';
import { utcDay, type AuditEvent } from './audit-event.js';
import { nameAuditObjects } from './audit-objects.js';

const DAY_MS = 86_400_000;
/** Rows read per query inside one day bucket; bounds memory whatever a day holds. */
const DAY_CHUNK = 500;
/**
 * One page walks at most this many day buckets (one query each at least). A page that stops
 * there answers what it found with a cursor at the next day, so a sparse log costs a few cheap
 * pages instead of one long walk. It covers the default 90-day retention in one page.
 */
export const MAX_PAGE_DAYS = 92;

/** Audit pages (the viewer and a campaign's timeline) per user: each may walk MAX_PAGE_DAYS days. */
export const AUDIT_PAGE_RATE_LIMIT: RateLimitSpec = { name: 'audit_pages', limit: 60, windowMs: 60_000, by: 'user' };

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
  object: null,
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

const dayStartOf = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** A position before every event of `day`: where a page that stopped at the day bound goes on. */
const startOfDay = (day: string): Position => ({ day, ts: dayStartOf(day) + DAY_MS, id: 'f'.repeat(24) });

/**
 * Every matching event, newest first (ts, then _id), read day bucket by day bucket with
 * `{day, workspace_id, …}` equality and in chunks inside a day, so memory stays bounded.
 * The walk never starts after today or goes back past the retention period, whatever the
 * cursor or `from`/`to` say; with `maxDays` it stops after that many days and returns the day
 * to go on from (null when the walk is complete).
 */
export async function* auditEventsNewestFirst(
  db: Db,
  q: AuditQuery,
  after: Position | null = null,
  maxDays = Infinity,
  chunk = DAY_CHUNK,
): AsyncGenerator<AuditEvent, string | null> {
  const coll = db.collection<AuditEvent>(COLLECTIONS.auditLogs);
  const now = q.now ?? new Date();
  const retentionStart = new Date(now.getTime() - q.lookbackDays * DAY_MS);
  const top = q.to && q.to < now ? q.to : now;
  const bottom = q.from && q.from > retentionStart ? q.from : retentionStart;
  const topDay = utcDay(top);
  // A cursor after the newest possible day (a crafted 9999-12-31) starts at the top instead.
  let position = after && after.day <= topDay ? after : null;
  let dayStart = dayStartOf(position ? position.day : topDay);
  const lastDayStart = dayStartOf(utcDay(bottom));
  for (let walked = 0; dayStart >= lastDayStart; walked++, dayStart -= DAY_MS) {
    const day = utcDay(new Date(dayStart));
    if (walked === maxDays) return day;
    for (;;) {
      const range: Record<string, Date> = {};
      if (q.to) range.$lte = q.to;
      if (q.from) range.$gte = q.from;
      const conditions: Filter<AuditEvent>[] = [equalityFilter(q, day)];
      if (Object.keys(range).length) conditions.push({ ts: range });
      if (position && position.day === day)
        conditions.push({ $or: [{ ts: { $lt: new Date(position.ts) } }, { ts: new Date(position.ts), _id: { $lt: new ObjectId(position.id) } }] });
      const rows = await coll.find(conditions.length === 1 ? conditions[0]! : { $and: conditions }).sort({ ts: -1, _id: -1 }).limit(chunk).toArray();
      for (const row of rows) yield row;
      if (rows.length < chunk) break;
      const last = rows.at(-1)!;
      position = { day, ts: last.ts.getTime(), id: last._id.toHexString() };
    }
  }
  return null;
}

/**
 * One page of the audit viewer (api.md "Lists": `{items, next_cursor}`), newest first. Also
 * what a campaign's own timeline calls with `resource: {type: 'campaign', id}`.
 */
export async function listAuditEvents(db: Db, q: AuditQuery & { cursor?: string | null; limit: number }): Promise<AuditPage> {
  const rows: AuditEvent[] = [];
  const events = auditEventsNewestFirst(db, q, parsePosition(q.cursor), MAX_PAGE_DAYS, q.limit + 1);
  let nextCursor: string | null;
  for (;;) {
    const next = await events.next();
    if (next.done) {
      nextCursor = next.value === null ? null : encodeCursor(startOfDay(next.value));
      break;
    }
    if (rows.length === q.limit) {
      await events.return(null);
      const last = rows.at(-1)!;
      nextCursor = encodeCursor({ day: last.day, ts: last.ts.getTime(), id: last._id.toHexString() } satisfies Position);
      break;
    }
    rows.push(next.value);
  }
  const objects = await nameAuditObjects(db, rows);
  return { items: rows.map((e, i) => ({ ...toAuditView(e), object: objects[i] ?? null })), next_cursor: nextCursor };
}
