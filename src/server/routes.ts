import type { RouteDef } from './http/route.js';
import { probeRoutes } from './diagnostics/probe-routes.js';
import { authRoutes } from './auth/auth-routes.js';
import { adminUserRoutes } from './users/admin-user-routes.js';
import { metricsRoutes } from './metrics/metrics-routes.js';
import { auditRoutes } from './audit/audit-routes.js';
import { diagnosticsRoutes } from './diagnostics/diagnostics-routes.js';
import { workspaceRoutes } from './workspaces/workspace-routes.js';
import { memberRoutes } from './workspaces/member-routes.js';
import { invitationRoutes } from './invitations/invitation-routes.js';
import { joinRequestRoutes } from './join-requests/join-request-routes.js';
import { apiTokenRoutes } from './api-tokens/api-token-routes.js';

import { senderRoutes } from './senders/sender-routes.js';
import { presetRoutes } from './presets/preset-routes.js';
import { campaignRoutes } from './campaigns/campaign-routes.js';
import { campaignActionRoutes } from './campaigns/campaign-action-routes.js';
import { campaignViewRoutes } from './campaigns/campaign-view-routes.js';
import { recipientRoutes } from './recipients/recipient-routes.js';
import { reportRoutes } from './reports/report-routes.js';
import { eventRoutes } from './events/event-routes.js';
import { triggerRoutes } from './trigger/trigger-routes.js';

/** The route table: every route of the API, each naming who may call it. */
export const ROUTES: RouteDef[] = [
  ...probeRoutes,
  ...authRoutes,
  ...adminUserRoutes,
  ...metricsRoutes,
  ...auditRoutes,
  ...diagnosticsRoutes,
  ...workspaceRoutes,
  ...memberRoutes,
  ...invitationRoutes,
  ...joinRequestRoutes,
  ...apiTokenRoutes,
  ...senderRoutes,
  ...presetRoutes,
  ...campaignRoutes,
  ...campaignActionRoutes,
  ...campaignViewRoutes,
  ...recipientRoutes,
  ...reportRoutes,
  ...eventRoutes,
  ...triggerRoutes,
];
