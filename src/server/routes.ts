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

const tagged = (tag: string, routes: RouteDef[]): RouteDef[] => routes.map((r) => ({ ...r, tag }));

/** The route table: every route of the API, each naming who may call it, grouped as the OpenAPI document shows them. */
export const ROUTES: RouteDef[] = [
  ...tagged('Operations', [...probeRoutes, ...metricsRoutes]),
  ...tagged('Account', authRoutes),
  ...tagged('Users', adminUserRoutes),
  ...tagged('Audit', auditRoutes),
  ...tagged('Diagnostics', diagnosticsRoutes),
  ...tagged('Workspaces', workspaceRoutes),
  ...tagged('Members', memberRoutes),
  ...tagged('Invitations', invitationRoutes),
  ...tagged('Join requests', joinRequestRoutes),
  ...tagged('API tokens', apiTokenRoutes),
  ...tagged('Senders', senderRoutes),
  ...tagged('Presets', presetRoutes),
  ...tagged('Campaigns', [...campaignRoutes, ...campaignActionRoutes, ...campaignViewRoutes]),
  ...tagged('Recipients', recipientRoutes),
  ...tagged('Reports', reportRoutes),
  ...tagged('Events', eventRoutes),
  ...tagged('Trigger API', triggerRoutes),
];
