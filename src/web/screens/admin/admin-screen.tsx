import { useState } from 'react';
import { Navigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/page-header.js';
import { Tabs } from '../../components/tabs.js';
import { useMe } from '../../session/session-context.js';
import { AuditView } from '../audit/audit-view.js';
import { PresetsSection } from './presets-section.js';
import { UsersSection } from './users-section.js';
import { WorkspacesSection } from './workspaces-section.js';

const TABS = ['workspaces', 'users', 'presets', 'audit'] as const;
type Tab = (typeof TABS)[number];

/** Super admin settings: workspaces, users, global presets and the platform audit log. */
export function AdminScreen() {
  const { t } = useTranslation();
  const me = useMe();
  const [tab, setTab] = useState<Tab>('workspaces');
  if (!me.user.is_super_admin) return <Navigate to="/" replace />;
  return (
    <>
      <PageHeader title={t('admin.title')} />
      <Tabs current={tab} onChange={setTab} tabs={TABS.map((id) => ({ id, label: t(`admin.tabs.${id}`) }))}>
        {tab === 'workspaces' && <WorkspacesSection />}
        {tab === 'users' && <UsersSection />}
        {tab === 'presets' && <PresetsSection />}
        {tab === 'audit' && <AuditView basePath="/api/audit" />}
      </Tabs>
    </>
  );
}
