import type { AuditEventView } from './list-audit-events.js';

/** Cells that a spreadsheet would run as a formula get a leading apostrophe (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One RFC 4180 cell: quoted when it holds a comma, quote, CR or LF; formula-like text defused. */
export function csvCell(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvRow = (cells: (string | null | undefined)[]): string => `${cells.map(csvCell).join(',')}\r\n`;

export const AUDIT_CSV_HEADER = ['ts', 'id', 'action', 'actor_type', 'actor_id', 'actor_email', 'workspace_id', 'resource_type', 'resource_id', 'ip', 'user_agent', 'request_id', 'before', 'after'];

const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

export function auditCsvRow(e: AuditEventView): string {
  return csvRow([
    e.ts,
    e.id,
    e.action,
    e.actor.type,
    e.actor.id,
    e.actor.email,
    e.workspace_id,
    e.resource.type,
    e.resource.id,
    e.ip,
    e.user_agent,
    e.request_id,
    json(e.before),
    json(e.after),
  ]);
}
