import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { post, wsPath } from '../../api/client.js';
import type { QueuedRevision } from '../../../contract/senders.js';
import { DataTable } from '../../components/data-table.js';
import { formatDateTime, formatTonNpi } from '../../components/format.js';
import { useCan } from '../../session/permissions.js';
import { DecisionButtons } from './decision-buttons.js';

export function RevisionQueue({ slug, items, onDone }: { slug: string; items: QueuedRevision[]; onDone(): void }) {
  const { t } = useTranslation();
  const allowed = useCan();
  return (
    <DataTable
      testId="moderation-revisions"
      empty={t('moderation.emptyRevisions')}
      rows={items}
      rowKey={(r) => r.id}
      rowAttributes={(r) => ({ 'data-revision': r.id })}
      columns={[
        { header: t('senders.name'), cell: (r) => <Link to={`/w/${slug}/senders/${r.sender_name_id}`}>{r.sender_name ?? r.saddr}</Link> },
        { header: t('senders.revision'), cell: (r) => `#${r.revision_number}` },
        { header: t('senders.saddr'), cellClassName: 'mono', cell: (r) => r.saddr },
        { header: t('senders.tonNpi'), cellClassName: 'mono', cell: formatTonNpi },
        { header: t('senders.reason'), cell: (r) => r.reason ?? '' },
        { header: t('campaigns.created'), cell: (r) => formatDateTime(r.created_at) },
        {
          header: t('common.actions'),
          cell: (r) => (
            <DecisionButtons
              allowed={allowed('sender.moderate_revision', r.created_by)}
              approve={() => post(wsPath(slug, `/sender-revisions/${r.id}/approve`), {})}
              reject={(note) => post(wsPath(slug, `/sender-revisions/${r.id}/reject`), { note })}
              onDone={onDone}
            />
          ),
        },
      ]}
    />
  );
}
