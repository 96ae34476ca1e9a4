import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiFailure } from '../../api/client.js';
import type { Campaign, campaignSchema } from '../../../contract/campaigns.js';
import { campaignAction } from '../../components/campaign-actions.js';
import { CampaignTable } from '../../components/campaign-table.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { PageHeader } from '../../components/page-header.js';
import { Pager } from '../../components/pager.js';
import { usePagedList } from '../../components/use-paged-list.js';
import { useMe } from '../../session/session-context.js';
import { memberIn } from '../../session/permissions.js';
import { can } from '../../../domain/permissions.js';

/** Archived campaigns of all my workspaces, with Restore where my role allows it. */
export function ArchiveScreen() {
  const { t } = useTranslation();
  const me = useMe();
  const list = usePagedList<typeof campaignSchema>('/api/archive/campaigns', '?limit=50');
  const [error, setError] = useState<ApiFailure | null>(null);
  const slugOf = (c: Campaign) => me.workspaces.find((w) => w.id === c.workspace_id)?.slug ?? '';
  const mayRestore = (c: Campaign) => can(memberIn(me, me.workspaces.find((w) => w.slug === slugOf(c))), 'campaign.archive', { ownerId: c.created_by }).allowed;
  return (
    <>
      <PageHeader title={t('archive.title')} subtitle={t('archive.subtitle')} />
      <ErrorNotice error={list.error ?? error} />
      <section className="card card-flush">
        <CampaignTable
          items={list.items}
          loading={list.loading}
          slugOf={slugOf}
          showWorkspace
          actions={(c) =>
            mayRestore(c) && (
              <button
                type="button"
                className="btn btn-secondary btn-small"
                onClick={async () => {
                  setError(null);
                  try {
                    await campaignAction(slugOf(c), c, 'restore');
                    list.reload();
                  } catch (err) {
                    if (err instanceof ApiFailure) setError(err);
                  }
                }}
              >
                {t('actions.restore')}
              </button>
            )
          }
        />
      </section>
      <Pager hasPrev={list.hasPrev} hasNext={list.hasNext} prev={list.prev} next={list.next} />
    </>
  );
}
