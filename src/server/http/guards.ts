import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ObjectId } from 'mongodb';
import type { Member, Role } from '../../domain/roles.js';
import type { AppContext } from '../app-context.js';
import type { WorkspaceId } from '../db/tenant.js';

/** The cookie that carries the session (read by the session guard, described by the OpenAPI document). */
export const SESSION_COOKIE = 'mc_session';

/** What the request chain itself reads of a signed-in user. */
export interface ChainUser {
  _id: ObjectId;
  email: string;
  is_super_admin: boolean;
  must_change_password: boolean;
}

/** What the chain reads of the workspace of a `/api/w/:slug/` URL and the caller's membership of it. */
export interface ChainWorkspace {
  workspaceId: WorkspaceId;
  membership: { role: Role; is_moderator: boolean } | null;
}

/** What the chain reads of a workspace API token presented as `Authorization: Bearer`. */
export interface ChainApiToken {
  token: { _id: ObjectId };
}

/** A request's audit record secured before it acts (audit written first); ended once it has acted. */
export interface ChainAuditReservation {
  complete(outcome: 'done' | 'failed', detail?: Record<string, unknown>): Promise<void>;
}

/**
 * The full types of what the guards resolve. This layer knows only the `Chain*` shapes above;
 * the composition root (`src/server/request-guards.ts`) registers the features' types here by
 * declaration merging, so handlers see e.g. the whole user document without this layer importing it.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface GuardTypes {}

type Registered<K extends string, Shape> = GuardTypes extends { [P in K]: infer T extends Shape } ? T : Shape;
export type RequestUser = Registered<'user', ChainUser>;
export type RequestWorkspace = Registered<'workspace', ChainWorkspace>;
export type RequestApiToken = Registered<'apiToken', ChainApiToken>;
export type AuditReservation = Registered<'auditReservation', ChainAuditReservation>;
/** The audit actions there are (the audit feature's list). */
export type AuditActionName = Registered<'auditAction', string>;

export interface AuditActor {
  type: 'user' | 'system' | 'api_token';
  id: string | null;
  email: string | null;
}

/** What a handler says about a change; actor, ip, user agent and request id come from the request. */
export interface AuditInput {
  action: AuditActionName;
  workspaceId: ObjectId | null;
  resource: { type: string; id: string | null };
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

export interface AuditOrigin {
  actor: AuditActor;
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

/**
 * The checks the request chain runs, supplied by the composition root: the chain sits below the
 * features and never imports them.
 */
export interface RequestGuards {
  /** The user of the request's session cookie, or null (the answer is 401); may slide the cookie on `reply`. */
  session(app: AppContext, req: FastifyRequest, reply: FastifyReply): Promise<RequestUser | null>;
  /** The workspace of the URL's slug and `user`'s membership; throws 404 when the user may not see it. */
  workspace(app: AppContext, slug: string, user: RequestUser): Promise<RequestWorkspace>;
  /** The active token of an `Authorization: Bearer …` header, or null (the answer is 401). */
  apiToken(app: AppContext, authorization: string | undefined): Promise<RequestApiToken | null>;
  /** Records one audit event (in the room `reservation` holds, if any); resolves once it is durable. */
  audit(app: AppContext, input: AuditInput, origin: AuditOrigin, reservation: AuditReservation | null): Promise<void>;
  /** Secures the record of a state-changing request before it acts; throws 503 when it cannot. */
  reserveAudit(app: AppContext, input: AuditInput, origin: AuditOrigin): Promise<AuditReservation>;
}

/** The permission-table view of `user` in the workspace `ws` (none: not a member there). */
export function memberOf(user: ChainUser, ws: ChainWorkspace | null): Member {
  return {
    userId: user._id.toHexString(),
    isSuperAdmin: user.is_super_admin,
    membership: ws?.membership ? { role: ws.membership.role, isModerator: ws.membership.is_moderator } : null,
  };
}
