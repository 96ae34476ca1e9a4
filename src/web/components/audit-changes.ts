// What an audit event changed, as "field: before → after" lines in the UI language.
import type { SendingWindow } from '../../contract/common.js';
import type { AuditEvent } from '../../contract/operations.js';
import { formatDateTime } from './format.js';
import { windowLabel } from './window-label.js';

type T = (key: string, o?: Record<string, string>) => string;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** Where each kind of object's statuses are named (campaigns' by default). */
const STATUS_NAMES: Record<string, string> = {
  sender: 'senderStatus',
  sender_revision: 'senderStatus',
  join_request: 'joinStatus',
  invitation: 'invitationStatus',
  user: 'userStatus',
};

function valueText(resourceType: string, field: string, v: unknown, t: T): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
  if (field === 'status') return t(`${STATUS_NAMES[resourceType] ?? 'campaignStatus'}.${String(v)}`, { defaultValue: String(v) });
  if (field === 'mode') return t(`mode.${String(v)}`, { defaultValue: String(v) });
  if (field === 'pause_reason') return t(`pauseReason.${String(v)}`, { defaultValue: String(v) });
  if (field === 'sending_window') return windowLabel(v as SendingWindow, t);
  if (field === 'sender') return String(asRecord(v).saddr ?? '—');
  if (typeof v === 'string' && ISO_INSTANT.test(v)) return formatDateTime(v);
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** The fields the catalogue names (auditFields.*); technical ones (version, job ids) are left out. */
export function auditChanges(e: Pick<AuditEvent, 'before' | 'after' | 'resource'>, t: T): { field: string; label: string; before: string | null; after: string }[] {
  const before = asRecord(e.before);
  const after = asRecord(e.after);
  return Object.keys(after)
    .map((field) => ({ field, label: t(`auditFields.${field}`, { defaultValue: '' }) }))
    .filter(({ field, label }) => label !== '' && JSON.stringify(before[field]) !== JSON.stringify(after[field]))
    .map(({ field, label }) => ({
      field,
      label,
      before: field in before ? valueText(e.resource.type, field, before[field], t) : null,
      after: valueText(e.resource.type, field, after[field], t),
    }));
}
