import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/page-header.js';
import { Tabs } from '../../components/tabs.js';
import { ApiTokensSection } from './api-tokens-section.js';
import { InvitationsSection } from './invitations-section.js';
import { JoinRequestsSection } from './join-requests-section.js';
import { MembersSection } from './members-section.js';
import { WorkspaceSection } from './workspace-section.js';

const TABS = ['workspace', 'members', 'invitations', 'joinRequests', 'apiTokens'] as const;
type Tab = (typeof TABS)[number];

export function WorkspaceSettingsScreen() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const [tab, setTab] = useState<Tab>('workspace');
  return (
    <>
      <PageHeader title={t('settings.title')} />
      <Tabs current={tab} onChange={setTab} tabs={TABS.map((id) => ({ id, label: t(`settings.tabs.${id}`) }))}>
        {tab === 'workspace' && <WorkspaceSection slug={slug} />}
        {tab === 'members' && <MembersSection slug={slug} />}
        {tab === 'invitations' && <InvitationsSection slug={slug} />}
        {tab === 'joinRequests' && <JoinRequestsSection slug={slug} />}
        {tab === 'apiTokens' && <ApiTokensSection slug={slug} />}
      </Tabs>
    </>
  );
}
