import { auditPage } from '../../contract/operations.js';
import { csvBody } from '../http/responses.js';
import { Readable } from 'node:stream';
import type { Db } from 'mongodb';
import type { WorkspaceId } from '../db/tenant.js';
import { route, type RateLimitSpec } from '../http/route.js';
import { AUDIT_CSV_HEADER, auditCsvRow, csvRow } from './audit-csv.js';
import { auditCsvQuery, auditListQuery, toAuditFilters, workspaceAuditParams, type AuditCsvQuery } from './audit-schemas.js';
import { AUDIT_PAGE_RATE_LIMIT, auditEventsNewestFirst, listAuditEvents, toAuditView, type AuditQuery } from './list-audit-events.js';

/** Exports read a whole retention period: a few per minute per user is plenty. */
const CSV_RATE_LIMIT: RateLimitSpec = { name: 'audit_csv', limit: 5, windowMs: 60_000, by: 'user' };

async function* csvLines(db: Db, q: AuditQuery): AsyncGenerator<string> {
  yield csvRow(AUDIT_CSV_HEADER);
  for await (const e of auditEventsNewestFirst(db, q)) yield auditCsvRow(toAuditView(e));
}

function csvDownload(reply: { header(k: string, v: string): unknown }, name: string, db: Db, q: AuditQuery): Readable {
  reply.header('content-type', 'text/csv; charset=utf-8');
  reply.header('content-disposition', `attachment; filename="${name}-${new Date().toISOString().slice(0, 10)}.csv"`);
  reply.header('cache-control', 'no-store');
  return Readable.from(csvLines(db, q));
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
    handler: async ({ app, ws, query, reply }) =>
      csvDownload(reply, `audit-${ws.workspace.slug}`, app.db, queryOf(query, app.config.AUDIT_RETENTION_DAYS, ws.workspaceId)),
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
    handler: async ({ app, query, reply }) => csvDownload(reply, 'audit-all', app.db, queryOf(query, app.config.AUDIT_RETENTION_DAYS)),
  }),
];
