import { Navigate } from 'react-router-dom';
import { useMe } from '../../session/session-context.js';

/** `/`: the first workspace's Overview, or the request-access page for users without one. */
export function HomeRedirect() {
  const me = useMe();
  const first = me.workspaces.find((w) => w.role !== null && !w.archived_at) ?? me.workspaces.find((w) => !w.archived_at);
  if (first) return <Navigate to={`/w/${first.slug}/overview`} replace />;
  if (me.user.is_super_admin) return <Navigate to="/admin" replace />;
  return <Navigate to="/request-access" replace />;
}
