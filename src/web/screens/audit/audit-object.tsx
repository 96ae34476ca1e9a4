import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { AuditEvent } from '../../../contract/operations.js';

const pageOf = (o: NonNullable<AuditEvent['object']>) => `/w/${o.workspace_slug}/${o.type === 'campaign' ? 'campaigns' : 'senders'}/${o.id}`;

/** What an event is about: the campaign or sender by name, linked to its page; other objects by kind and id. */
export function AuditObject({ event }: { event: AuditEvent }) {
  const { t } = useTranslation();
  const kind = t(`resourceType.${event.resource.type}`, { defaultValue: event.resource.type });
  if (event.object) {
    return (
      <>
        <div className="muted small">{kind}</div>
        <Link to={pageOf(event.object)} data-testid="audit-object">{event.object.name}</Link>
      </>
    );
  }
  return <>{kind}<div className="mono small muted">{event.resource.id ?? ''}</div></>;
}
