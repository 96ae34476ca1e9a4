import { auditPage } from '../../contract/operations.js';
import { csvBody } from '../http/responses.js';
import { Readable } from 'node:stream';
import type { AppContext } from '../app-context.js';
import type { AuditEvent } from './audit-event.js';
import type { WorkspaceId } from '../db/tenant.js';
import { route, type RateLimitSpec } from '../http/route.js';
import { AUDIT_CSV_HEADER, auditCsvRow, csvRow } from './audit-csv.js';
import { auditCsvQuery, auditListQuery, toAuditFilters, workspaceAuditParams, type AuditCsvQuery } from './audit-schemas.js';
import { AUDIT_PAGE_RATE_LIMIT, auditEventsNewestFirst, listAuditEvents, toAuditView, type AuditQuery } from './list-audit-events.js';

/** Exports read a whole retention period: a few per minute per user is plenty. */
const CSV_RATE_LIMIT: RateLimitSpec = { name: 'audit_csv', limit: 5, windowMs: 60_000, by: 'user' };

async function* csvLines(first: IteratorResult<AuditEvent, unknown>, rest: AsyncIterable<AuditEvent>): AsyncGenerator<string> {
  yield csvRow(AUDIT_CSV_HEADER);
  if (first.done) return;
  yield auditCsvRow(toAuditView(first.value));
  for await (const e of rest) yield auditCsvRow(toAuditView(e));
}

/**
 * The first query runs before the 200 goes out, so a database that is away answers a clean 503
 * instead of a download cut after its headers (as the delivery report waits for Core's first page).
 */
async function csvDownload(
  app: AppContext,
  reply: { header(k: string, v: string): unknown },
  name: string,
  q: AuditQuery,
  requestId: string,
): Promise<Readable> {
  const events = auditEventsNewestFirst(app.db, q);
  const first = await events.next();
  reply.header('content-type', 'text/csv; charset=utf-8');
  reply.header('content-disposition', `attachment; filename="${name}-${new Date().toISOString().slice(0, 10)}.csv"`);
  reply.header('cache-control', 'no-store');
  const stream = Readable.from(csvLines(first, events));
  stream.on('error', (err) => app.logger.warn({ err: err.message, export: name, requestId }, 'audit export stopped'));
  return stream;
}

const queryOf = (
  filters: AuditCsvQuery,
  lookbackDays: number,
  workspaceId?: WorkspaceId,
): AuditQuery => ({ ...toAuditFilters(filters), workspaceId, lookbackDays });

/** The audit viewer: a workspace's events (admins) and all events (super admin), as pages or CSV. */
export const auditRoutes = [
  route({
    method: 'GET',
    url: '/api/w/:slug/audit',
    summary: "The workspace's audit events, newest first",
    access: { kind: 'workspace', capability: 'workspace.audit' },
    responses: { 200: auditPage },
    params: workspaceAuditParams,
    query: auditListQuery,
    rateLimit: AUDIT_PAGE_RATE_LIMIT,
    handler: async ({ app, ws, query }) =>
      listAuditEvents(app.db, { ...queryOf(query, app.config.AUDIT_RETENTION_DAYS, ws.workspaceId), cursor: query.cursor, limit: query.limit }),
  }),
  route({
    method: 'GET',
    url: '/api/w/:slug/audit.csv',
    summary: "The workspace's audit events as CSV (streamed)",
    access: { kind: 'workspace', capability: 'workspace.audit' },
    responses: { 200: csvBody('One row per event: time, actor, workspace, action, resource, before, after, ip, request id') },
    params: workspaceAuditParams,
    query: auditCsvQuery,
    rateLimit: CSV_RATE_LIMIT,
    handler: async ({ app, ws, query, reply, requestId }) =>
      csvDownload(app, reply, `audit-${ws.workspace.slug}`, queryOf(query, app.config.AUDIT_RETENTION_DAYS, ws.workspaceId), requestId),
  }),
  route({
    method: 'GET',
    url: '/api/audit',
    summary: 'All audit events (every workspace and the platform), newest first',
    access: { kind: 'super_admin' },
    responses: { 200: auditPage },
    query: auditListQuery,
    rateLimit: AUDIT_PAGE_RATE_LIMIT,
    handler: async ({ app, query }) => listAuditEvents(
      app.db,
      { ...queryOf(query, app.config.AUDIT_RETENTION_DAYS), cursor: query.cursor, limit: query.limit },
    ),
  }),
  route({
    method: 'GET',
    url: '/api/audit.csv',
    summary: 'All audit events as CSV (streamed)',
    access: { kind: 'super_admin' },
    responses: { 200: csvBody('One row per event, as the workspace export') },
    query: auditCsvQuery,
    rateLimit: CSV_RATE_LIMIT,
    handler: async ({ app, query, reply, requestId }) => csvDownload(app, reply, 'audit-all', queryOf(query, app.config.AUDIT_RETENTION_DAYS), requestId),
  }),
];
