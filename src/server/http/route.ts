import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { can, type Capability } from '../../domain/permissions.js';
import type { Member } from '../../domain/roles.js';
import { limiterFor, type AppContext } from '../app-context.js';
import type { Config } from '../config/config.js';
import type { AuditActor, AuditInput } from '../audit/audit-event.js';
import { buildAuditEvent } from '../audit/audit-log.js';
import { resolveSession } from '../auth/session.js';
import type { UserDoc } from '../users/user-store.js';
import { resolveWorkspace, type WorkspaceAccess } from '../workspaces/membership.js';
import { ApiError, forbidden, notFound, rateLimited, unauthenticated } from './errors.js';
import { authenticateApiToken, type ApiTokenIdentity } from '../api-tokens/authenticate.js';
import { parseOrThrow } from './validation.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route. `capability` routes live under `/api/w/:slug/` and check membership
 * first (404 for non-members), then the permission table.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'user'; allowPasswordChangeRequired?: boolean }
  | { kind: 'super_admin' }
  | { kind: 'workspace'; capability: Capability }
  | { kind: 'api_token' };

export interface RateLimitSpec {
  name: string;
  limit: number | ((config: Config) => number);
  windowMs: number;
  by: 'ip' | 'user';
}

type AnySchema = z.ZodType;
type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export interface HandlerContext<P, Q, B> {
  app: AppContext;
  req: FastifyRequest;
  reply: FastifyReply;
  requestId: string;
  params: P;
  query: Q;
  body: B;
  user: UserDoc | null;
  /** Set for `workspace` routes. */
  ws: WorkspaceAccess | null;
  /** Set for `api_token` routes: the Bearer token and its (active) workspace. */
  apiToken: ApiTokenIdentity | null;
  /** The permission-table view of the caller in this workspace. */
  member: Member | null;
  actor: AuditActor;
  /** Records an audit event with this request's actor, ip, user agent and request id. */
  audit(input: AuditInput): Promise<void>;
  /** Checks an own/not-own capability once the resource (and its creator) is known. */
  authorize(capability: Capability, ownerId?: string): Promise<void>;
  status(code: number): void;
}

export interface RouteDef<PS extends AnySchema | undefined = AnySchema | undefined, QS extends AnySchema | undefined = AnySchema | undefined, BS extends AnySchema | undefined = AnySchema | undefined> {
  method: Method;
  url: string;
  summary: string;
  access: Access;
  params?: PS;
  query?: QS;
  body?: BS;
  rateLimit?: RateLimitSpec;
  /** The handler reads the raw request stream itself (uploads). */
  rawBody?: boolean;
  /** Documented answer shape, for the OpenAPI document. */
  response?: AnySchema;
  handler(ctx: HandlerContext<Infer<PS>, Infer<QS>, Infer<BS>>): Promise<unknown>;
}

/** Identity helper that keeps the schema types flowing into the handler. */
export function route<PS extends AnySchema | undefined = undefined, QS extends AnySchema | undefined = undefined, BS extends AnySchema | undefined = undefined>(
  def: RouteDef<PS, QS, BS>,
): RouteDef {
  return def as unknown as RouteDef;
}

const isStateChanging = (method: string) => method !== 'GET' && method !== 'HEAD';

export function memberOf(user: UserDoc, ws: WorkspaceAccess | null): Member {
  return {
    userId: user._id.toHexString(),
    isSuperAdmin: user.is_super_admin,
    membership: ws?.membership ? { role: ws.membership.role, isModerator: ws.membership.is_moderator } : null,
  };
}

function userActor(user: UserDoc | null): AuditActor {
  return user ? { type: 'user', id: user._id.toHexString(), email: user.email } : { type: 'user', id: null, email: null };
}

/**
 * The one chain every request runs: rate limit → session → workspace membership → permission →
 * schema validation → handler (which records its audit event with the change).
 */
export function runRoute(app: AppContext, def: RouteDef) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    const requestId = req.id;
    let statusCode = 200;
    const ctx: HandlerContext<unknown, unknown, unknown> = {
      app,
      req,
      reply,
      requestId,
      params: undefined,
      query: undefined,
      body: undefined,
      user: null,
      ws: null,
      apiToken: null,
      member: null,
      actor: userActor(null),
      audit: async (input) => {
        await app.audit.write(
          buildAuditEvent(input, { actor: ctx.actor, ip: req.ip, userAgent: req.headers['user-agent']?.slice(0, 512) ?? null, requestId }),
        );
      },
      authorize: async (capability, ownerId) => {
        const decision = can(ctx.member ?? { userId: '', isSuperAdmin: false, membership: null }, capability, {
          ownerId,
          adminDiagnosticsEnabled: app.config.ADMIN_DIAGNOSTICS_ENABLED,
        });
        if (decision.allowed) return;
        await refuse(decision.reason);
      },
      status: (code) => {
        statusCode = code;
      },
    };

    const refuse = async (reason: string): Promise<never> => {
      if (isStateChanging(req.method) && ctx.user) {
        await ctx
          .audit({ action: 'authz.denied', workspaceId: ctx.ws?.workspaceId ?? null, resource: { type: 'route', id: `${def.method} ${def.url}` }, after: { reason } })
          .catch((err: unknown) => app.logger.warn({ err }, 'could not record a refused authorisation'));
      }
      throw reason === 'not_member' ? notFound() : forbidden();
    };

    if (def.rateLimit?.by === 'ip') await hitLimit(app, def.rateLimit, req.ip);

    const { access } = def;
    if (access.kind === 'api_token') {
      // Bearer routes never read cookies; a wrong token answers 401 before any validation.
      ctx.apiToken = await authenticateApiToken(app, req.headers.authorization);
      if (!ctx.apiToken) {
        await hitLimit(app, BEARER_FAILURES, req.ip);
        throw new ApiError(401, 'unauthenticated', 'A valid workspace API token is required (Authorization: Bearer mct_…).');
      }
      ctx.actor = { type: 'api_token', id: ctx.apiToken.token._id.toHexString(), email: null };
    } else if (access.kind !== 'public') {
      const user = await resolveSession(app, req, reply);
      if (!user) throw unauthenticated();
      ctx.user = user;
      ctx.actor = userActor(user);
      if (def.rateLimit?.by === 'user') await hitLimit(app, def.rateLimit, user._id.toHexString());
      const mayPass = access.kind === 'user' && access.allowPasswordChangeRequired;
      if (user.must_change_password && !mayPass) throw forbidden('Change your password to continue.', 'password_change_required');
      if (access.kind === 'super_admin' && !user.is_super_admin) await refuse('forbidden');
      if (access.kind === 'workspace') {
        const slug = (req.params as Record<string, string>).slug ?? '';
        ctx.ws = await resolveWorkspace(app, slug, user);
        ctx.member = memberOf(user, ctx.ws);
        const decision = can(ctx.member, access.capability, { adminDiagnosticsEnabled: app.config.ADMIN_DIAGNOSTICS_ENABLED });
        if (!decision.allowed) await refuse(decision.reason);
      }
    }

    if (def.params) ctx.params = parseOrThrow(def.params, req.params, 'params');
    if (def.query) ctx.query = parseOrThrow(def.query, req.query, 'query');
    if (def.body && !def.rawBody) ctx.body = parseOrThrow(def.body, req.body, 'body');

    const result = await def.handler(ctx);
    if (reply.sent) return reply;
    reply.code(statusCode);
    return result === undefined ? reply.send() : reply.send(result);
  };
}

/** Failed Bearer attempts per IP (security.md); past it the answer is 429 instead of 401. */
const BEARER_FAILURES: RateLimitSpec = { name: 'bearer_failures', limit: 30, windowMs: 60_000, by: 'ip' };

async function hitLimit(app: AppContext, spec: RateLimitSpec, key: string): Promise<void> {
  const limit = typeof spec.limit === 'function' ? spec.limit(app.config) : spec.limit;
  const wait = await limiterFor(app, spec.name, limit, spec.windowMs).hit(key);
  if (wait) throw rateLimited(wait);
}
