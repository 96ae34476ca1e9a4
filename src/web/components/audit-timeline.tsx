import { useTranslation } from 'react-i18next';
import type { AuditEvent } from '../../contract/operations.js';
import { auditChanges } from './audit-changes.js';
import { formatDateTime } from './format.js';
import en from '../i18n/en.json' with { type: 'json' };

export function auditActionLabel(action: string, t: (k: string, o?: Record<string, string>) => string): string {
  return t(`auditActions.${action}`, { defaultValue: action });
}

/** Every action the catalogue knows (the English message file lists them all, grouped). */
export const AUDIT_ACTION_NAMES: string[] = Object.entries(en.auditActions).flatMap(([group, leaves]) => Object.keys(leaves).map((leaf) => `${group}.${leaf}`));

export function AuditTimeline({ events }: { events: AuditEvent[] }) {
  const { t } = useTranslation();
  if (events.length === 0) return <p className="empty">{t('audit.empty')}</p>;
  return (
    <ol className="timeline" data-testid="audit-timeline">
      {events.map((e) => (
        <li key={e.id}>
          <time dateTime={e.ts}>{formatDateTime(e.ts)}</time>
          <span className="timeline-action">{auditActionLabel(e.action, t)}</span>
          <span className="muted">{e.actor.email ?? t(`actorType.${e.actor.type}`, { defaultValue: e.actor.type })}</span>
          <AuditChangeList event={e} />
        </li>
      ))}
    </ol>
  );
}

export function AuditChangeList({ event }: { event: AuditEvent }) {
  const { t } = useTranslation();
  const changes = auditChanges(event, t);
  if (changes.length === 0) return null;
  return (
    <ul className="timeline-changes" data-testid="timeline-changes">
      {changes.map((c) => (
        <li key={c.field}>
          {c.label}: {c.before === null ? c.after : `${c.before} → ${c.after}`}
        </li>
      ))}
    </ul>
  );
}
