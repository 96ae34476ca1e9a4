import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post, wsPath } from '../../api/client.js';
import type { JoinRequest, joinRequestSchema } from '../../../contract/workspaces.js';
import { DataTable } from '../../components/data-table.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { formatDateTime } from '../../components/format.js';
import { Pager } from '../../components/pager.js';
import { useApiAction } from '../../components/use-api-action.js';
import { usePagedList } from '../../components/use-paged-list.js';
import { JoinDecisionForm, type JoinDecision } from './join-decision.js';

const STATUSES = ['pending', 'approved', 'rejected'] as const;

export function JoinRequestsSection({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('pending');
  const list = usePagedList<typeof joinRequestSchema>(wsPath(slug, '/join-requests'), `?limit=50&status=${status}`);
  const { error, run } = useApiAction(list.reload);
  const [open, setOpen] = useState<{ id: string; kind: JoinDecision['decision'] } | null>(null);
  const person = (r: JoinRequest) => r.user_name ?? r.user_email ?? r.user_id;

  async function decide(r: JoinRequest, d: JoinDecision) {
    const body = d.decision === 'approve' ? { role: d.role, is_moderator: d.is_moderator } : { note: d.note };
    if (await run(() => post(wsPath(slug, `/join-requests/${r.id}/${d.decision}`), body))) setOpen(null);
  }

  const outcome = (r: JoinRequest) =>
    r.status === 'approved' && r.granted_role
      ? `${t('joinStatus.approved')}: ${t(`roles.${r.granted_role}`)}${r.granted_is_moderator ? ` ${t('settings.plusModerator')}` : ''}`
      : `${t(`joinStatus.${r.status}`)}${r.decision_note ? `: ${r.decision_note}` : ''}`;

  return (
    <section className="card card-flush">
      <div className="filters card-bar">
        <label>
          <span>{t('campaigns.status')}</span>
          <select name="join_status" value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
            {STATUSES.map((s) => <option key={s} value={s}>{t(`joinStatus.${s}`)}</option>)}
          </select>
        </label>
      </div>
      <ErrorNotice error={list.error ?? error} />
      <DataTable
        testId="join-requests-table"
        empty={t('settings.noJoinRequests')}
        rows={list.items}
        rowKey={(r) => r.id}
        columns={[
          { header: t('settings.person'), cell: (r) => <>{r.user_name ?? r.user_id}<div className="muted small">{r.user_email}</div></> },
          { header: t('settings.message'), cell: (r) => r.message },
          { header: t('campaigns.created'), cell: (r) => formatDateTime(r.created_at) },
          {
            header: t('common.actions'),
            cell: (r) =>
              r.status !== 'pending' ? (
                outcome(r)
              ) : open?.id === r.id ? (
                <JoinDecisionForm kind={open.kind} person={person(r)} onSubmit={(d) => decide(r, d)} onCancel={() => setOpen(null)} />
              ) : (
                <div className="row">
                  <button type="button" className="btn btn-primary btn-small" onClick={() => setOpen({ id: r.id, kind: 'approve' })}>{t('actions.approve')}</button>
                  <button type="button" className="btn btn-danger btn-small" onClick={() => setOpen({ id: r.id, kind: 'reject' })}>{t('actions.reject')}</button>
                </div>
              ),
          },
        ]}
      />
      <Pager {...list} />
    </section>
  );
}
