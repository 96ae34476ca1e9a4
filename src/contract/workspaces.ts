import { z } from 'zod';
import { ROLES } from '../domain/roles.js';
import { objectId, pageOf, timestamp } from './common.js';
import { myWorkspaceSchema, userSchema, workspaceSchema } from './users.js';

export const workspaceAnswer = z.strictObject({ workspace: workspaceSchema });
const campaignRef = z.strictObject({ external_id: z.string(), name: z.string() });
/** What a new default sending window did to the Core jobs of the campaigns that follow it. */
export const windowSyncSchema = z.strictObject({
  /** Campaigns without their own window whose Core job has not finished. */
  campaigns: z.number().int(),
  /** Their jobs that now have the new window. */
  updated: z.number().int(),
  /** Already building, sending or paused: Core keeps the window they started with. */
  running: z.array(campaignRef),
  /** Core did not take it now: retried in the background until it does. */
  pending: z.array(campaignRef),
});
export type WindowSync = z.infer<typeof windowSyncSchema>;
/**
 * `GET /api/w/{slug}/window-followers`: campaigns following the default window, not finished —
 * `campaigns` not sending yet (a new window reaches their Core job), `running` (they keep theirs).
 */
export const windowFollowersAnswer = z.strictObject({ campaigns: z.number().int(), running: z.number().int() });
/** `PATCH /api/w/{slug}`: `window_sync` only when the sending window changed. */
export const updatedWorkspaceAnswer = z.strictObject({ workspace: workspaceSchema, window_sync: windowSyncSchema.nullable() });
export const myWorkspacesAnswer = pageOf(myWorkspaceSchema);
/** `GET /api/w/{slug}`: the workspace and the caller's role in it. */
export const workspaceWithRoleAnswer = z.strictObject({ workspace: workspaceSchema, role: z.enum(ROLES).nullable(), is_moderator: z.boolean() });

export const memberSchema = z.strictObject({
  user_id: objectId,
  email: z.string(),
  name: z.string(),
  status: z.enum(['active', 'blocked']),
  is_super_admin: z.boolean(),
  role: z.enum(ROLES),
  is_moderator: z.boolean(),
  created_at: timestamp,
});
export type Member = z.infer<typeof memberSchema>;
export const memberPage = pageOf(memberSchema);
export const memberChangeAnswer = z.strictObject({ member: z.strictObject({ user_id: objectId, role: z.enum(ROLES), is_moderator: z.boolean() }) });

export const INVITATION_STATUSES = ['pending', 'accepted', 'revoked', 'expired'] as const;
export const invitationSchema = z.strictObject({
  id: objectId,
  email: z.string(),
  role: z.enum(ROLES),
  is_moderator: z.boolean(),
  status: z.enum(INVITATION_STATUSES),
  invited_by: objectId,
  expires_at: timestamp,
  created_at: timestamp,
  decided_at: timestamp.nullable(),
});
export type Invitation = z.infer<typeof invitationSchema>;
export const invitationPage = pageOf(invitationSchema);
export const invitationAnswer = z.strictObject({ invitation: invitationSchema });
/** The link is mailed, or (no mail server) shown to the admin this once. */
export const createdInvitationAnswer = z.strictObject({ invitation: invitationSchema, mailed: z.boolean(), invite_url: z.string().nullable() });
export const invitationPreviewSchema = z.strictObject({
  workspace: z.strictObject({ slug: z.string(), name: z.string() }),
  email: z.string(),
  role: z.enum(ROLES),
  is_moderator: z.boolean(),
  status: z.literal('pending'),
  account_exists: z.boolean(),
  expires_at: timestamp,
});
export type InvitationPreview = z.infer<typeof invitationPreviewSchema>;
export const invitationPreviewAnswer = z.strictObject({ invitation: invitationPreviewSchema });
export const acceptedInvitationAnswer = z.strictObject({ workspace: workspaceSchema, role: z.enum(ROLES), is_moderator: z.boolean(), user: userSchema });

export const joinRequestSchema = z.strictObject({
  id: objectId,
  user_id: objectId,
  /** Set in the admin's list. */
  user_name: z.string().optional(),
  user_email: z.string().optional(),
  message: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']),
  created_at: timestamp,
  decided_at: timestamp.nullable(),
  granted_role: z.enum(ROLES).nullable(),
  granted_is_moderator: z.boolean().nullable(),
  decision_note: z.string().nullable(),
});
export type JoinRequest = z.infer<typeof joinRequestSchema>;
export const joinRequestPage = pageOf(joinRequestSchema);
export const joinRequestAnswer = z.strictObject({ join_request: joinRequestSchema });
export const joinableWorkspaceSchema = z.strictObject({
  slug: z.string(),
  name: z.string(),
  pending_request: z.boolean(),
  /** When my latest request here was rejected: the admin's note (null when none) and when. */
  last_rejection: z.strictObject({ note: z.string().nullable(), decided_at: timestamp }).nullable(),
});
export const joinableWorkspacesAnswer = pageOf(joinableWorkspaceSchema);

export const apiTokenSchema = z.strictObject({
  id: objectId,
  name: z.string(),
  /** The first characters of the token, to tell tokens apart; the token itself is shown once. */
  prefix: z.string(),
  scopes: z.array(z.string()),
  created_by: objectId,
  created_at: timestamp,
  last_used_at: timestamp.nullable(),
  revoked_at: timestamp.nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;
export const apiTokenPage = pageOf(apiTokenSchema);
export const apiTokenAnswer = z.strictObject({ api_token: apiTokenSchema });
export const createdApiTokenAnswer = z.strictObject({ api_token: apiTokenSchema, token: z.string() });
