// Routes of the console. Signed-out users see Login; `must_change_password` sees only the password form.
import { Navigate, Outlet, Route, Routes, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Layout } from './components/layout.js';
import { useSession } from './session/session-context.js';
import { CoreStatusProvider } from './core/core-status.js';
import { LoginScreen } from './screens/login/login-screen.js';
import { ChangePasswordScreen } from './screens/change-password/change-password-screen.js';
import { HomeRedirect } from './screens/home/home-redirect.js';
import { InviteAcceptScreen } from './screens/invite/invite-accept-screen.js';
import { RequestAccessScreen } from './screens/request-access/request-access-screen.js';
import { OverviewScreen } from './screens/overview/overview-screen.js';
import { CampaignsScreen } from './screens/campaigns/campaigns-screen.js';
import { EditCampaignScreen, NewCampaignScreen } from './screens/new-campaign/new-campaign-screen.js';
import { CampaignDetailScreen } from './screens/campaign-detail/campaign-detail-screen.js';
import { ModerationScreen } from './screens/moderation/moderation-screen.js';
import { SendersScreen } from './screens/senders/senders-screen.js';
import { SenderDetailScreen } from './screens/senders/sender-detail-screen.js';
import { ArchiveScreen } from './screens/archive/archive-screen.js';
import { MasterScreen } from './screens/archive/master-screen.js';
import { AuditScreen } from './screens/audit/audit-screen.js';
import { MonitoringScreen } from './screens/monitoring/monitoring-screen.js';
import { DiagnosticsScreen } from './screens/diagnostics/diagnostics-screen.js';
import { WorkspaceSettingsScreen } from './screens/settings/workspace-settings-screen.js';
import { AdminScreen } from './screens/admin/admin-screen.js';
import { AccountScreen } from './screens/account/account-screen.js';
import { NotFoundScreen } from './screens/home/not-found-screen.js';
import { ApiReferenceScreen } from './screens/api-reference/api-reference-screen.js';

function RequireSession() {
  const { me, loading } = useSession();
  const { t } = useTranslation();
  const location = useLocation();
  if (loading) return <p className="loading-page">{t('common.loading')}</p>;
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  if (me.user.must_change_password && location.pathname !== '/change-password') return <Navigate to="/change-password" replace />;
  return <Outlet />;
}

function SignedOutOnly() {
  const { me, loading } = useSession();
  if (loading) return null;
  return me ? <Navigate to="/" replace /> : <Outlet />;
}

export function App() {
  return (
    <Routes>
      <Route element={<SignedOutOnly />}>
        <Route path="/login" element={<LoginScreen />} />
      </Route>
      <Route path="/invite/:token" element={<InviteAcceptScreen />} />
      <Route path="/api-reference" element={<ApiReferenceScreen />} />
      <Route element={<RequireSession />}>
        <Route path="/change-password" element={<ChangePasswordScreen />} />
        <Route path="/request-access" element={<RequestAccessScreen />} />
        <Route
          element={
            <CoreStatusProvider>
              <Layout />
            </CoreStatusProvider>
          }
        >
          <Route index element={<HomeRedirect />} />
          <Route path="/w/:slug">
            <Route index element={<Navigate to="overview" replace />} />
            <Route path="overview" element={<OverviewScreen />} />
            <Route path="campaigns" element={<CampaignsScreen />} />
            <Route path="campaigns/new" element={<NewCampaignScreen />} />
            <Route path="campaigns/:externalId" element={<CampaignDetailScreen />} />
            <Route path="campaigns/:externalId/edit" element={<EditCampaignScreen />} />
            <Route path="moderation" element={<ModerationScreen />} />
            <Route path="senders" element={<SendersScreen />} />
            <Route path="senders/:senderId" element={<SenderDetailScreen />} />
            <Route path="audit" element={<AuditScreen />} />
            <Route path="settings" element={<WorkspaceSettingsScreen />} />
          </Route>
          <Route path="/archive" element={<ArchiveScreen />} />
          <Route path="/master" element={<MasterScreen />} />
          <Route path="/monitoring" element={<MonitoringScreen />} />
          <Route path="/diagnostics" element={<DiagnosticsScreen />} />
          <Route path="/admin" element={<AdminScreen />} />
          <Route path="/account" element={<AccountScreen />} />
          <Route path="*" element={<NotFoundScreen />} />
        </Route>
      </Route>
    </Routes>
  );
}
