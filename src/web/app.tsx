// Routes of the console. Signed-out users see Login; `must_change_password` sees only the password form.
import { Suspense } from 'react';
import { Navigate, Outlet, Route, Routes, useLocation } from 'react-router-dom';
import { Layout } from './components/layout.js';
import { PageLoading, screen } from './components/lazy-screen.js';
import { useSession } from './session/session-context.js';
import { CoreStatusProvider } from './core/core-status.js';
import { LoginScreen } from './screens/login/login-screen.js';
import { ChangePasswordScreen } from './screens/change-password/change-password-screen.js';
import { HomeRedirect } from './screens/home/home-redirect.js';
import { NotFoundScreen } from './screens/home/not-found-screen.js';

// Each screen is its own chunk, loaded when first opened (the sign-in page needs none of them).
const InviteAcceptScreen = screen(() => import('./screens/invite/invite-accept-screen.js'), 'InviteAcceptScreen');
const RequestAccessScreen = screen(() => import('./screens/request-access/request-access-screen.js'), 'RequestAccessScreen');
const OverviewScreen = screen(() => import('./screens/overview/overview-screen.js'), 'OverviewScreen');
const CampaignsScreen = screen(() => import('./screens/campaigns/campaigns-screen.js'), 'CampaignsScreen');
const CampaignDetailScreen = screen(() => import('./screens/campaign-detail/campaign-detail-screen.js'), 'CampaignDetailScreen');
const ModerationScreen = screen(() => import('./screens/moderation/moderation-screen.js'), 'ModerationScreen');
const SendersScreen = screen(() => import('./screens/senders/senders-screen.js'), 'SendersScreen');
const SenderDetailScreen = screen(() => import('./screens/senders/sender-detail-screen.js'), 'SenderDetailScreen');
const ArchiveScreen = screen(() => import('./screens/archive/archive-screen.js'), 'ArchiveScreen');
const MasterScreen = screen(() => import('./screens/archive/master-screen.js'), 'MasterScreen');
const AuditScreen = screen(() => import('./screens/audit/audit-screen.js'), 'AuditScreen');
const MonitoringScreen = screen(() => import('./screens/monitoring/monitoring-screen.js'), 'MonitoringScreen');
const DiagnosticsScreen = screen(() => import('./screens/diagnostics/diagnostics-screen.js'), 'DiagnosticsScreen');
const WorkspaceSettingsScreen = screen(() => import('./screens/settings/workspace-settings-screen.js'), 'WorkspaceSettingsScreen');
const AdminScreen = screen(() => import('./screens/admin/admin-screen.js'), 'AdminScreen');
const AccountScreen = screen(() => import('./screens/account/account-screen.js'), 'AccountScreen');
const ApiReferenceScreen = screen(() => import('./screens/api-reference/api-reference-screen.js'), 'ApiReferenceScreen');
const NewCampaignScreen = screen(() => import('./screens/new-campaign/new-campaign-screen.js'), 'NewCampaignScreen');
const EditCampaignScreen = screen(() => import('./screens/new-campaign/new-campaign-screen.js'), 'EditCampaignScreen');

function RequireSession() {
  const { me, loading } = useSession();
  const location = useLocation();
  if (loading) return <PageLoading />;
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
    <Suspense fallback={<PageLoading />}>
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
    </Suspense>
  );
}
