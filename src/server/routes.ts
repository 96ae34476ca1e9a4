import type { RouteDef } from './http/route.js';
import { probeRoutes } from './diagnostics/probe-routes.js';
import { authRoutes } from './auth/auth-routes.js';
import { adminUserRoutes } from './users/admin-user-routes.js';

/** The route table: every route of the API, each naming who may call it. */
export const ROUTES: RouteDef[] = [...probeRoutes, ...authRoutes, ...adminUserRoutes];
