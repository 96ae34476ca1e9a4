import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { can, type Capability } from '../../domain/permissions.js';
import type { Member } from '../../domain/roles.js';
import { limiterFor, type AppContext } from '../app-context.js';
import type { Config } from '../config/config.js';
import { ApiError, forbidden, notFound, rateLimited, unauthenticated } from './errors.js';
import {
  memberOf,
  type AuditActionName,
  type AuditActor,
  type AuditInput,
  type AuditOrigin,
  type AuditReservation,
  type RequestApiToken,
  type RequestGuards,
  type RequestUser,
  type RequestWorkspace,
} from './guards.js';
import { parseOrThrow } from './validation.js';
import type { Responses } from './responses.js';

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

type WorkspaceAccessRule = Extract<Access, { kind: 'workspace' }>;

export interface RateLimitSpec {
  name: string;
  limit: number | ((config: Config) => number);
  windowMs: number;
  by: 'ip' | 'user';
}

type AnySchema = z.ZodType;
type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

/** Who the caller is, as far as the route's access rule establishes it: what it guarantees is non-null. */
export type Caller<A extends Access> = A extends { kind: 'workspace' }
  ? { user: RequestUser; ws: RequestWorkspace; member: Member; apiToken: null }
  : A extends { kind: 'user' } | { kind: 'super_admin' }
    ? { user: RequestUser; ws: null; member: null; apiToken: null }
    : A extends { kind: 'api_token' }
      ? { user: null; ws: null; member: null; apiToken: RequestApiToken }
      : { user: null; ws: null; member: null; apiToken: null };

/** A route's audit call: the action defaults to the one the route declares. */
export type AuditCall = Omit<AuditInput, 'action'> & { action?: AuditActionName };

interface RequestContext<P, Q, B, R> {
  app: AppContext;
  req: FastifyRequest;
  reply: FastifyReply;
  requestId: string;
  params: P;
  query: Q;
  body: B;
  /** What the route's `load` returned (its ownership already checked). */
  resource: R;
  actor: AuditActor;
  /** Records an audit event with this request's actor, ip, user agent and request id. */
  audit(input: AuditCall): Promise<void>;
  /** Refuses (403/404, audited) unless the caller has `capability`, on an item created by `ownerId` if given. */
  authorize(capability: Capability, ownerId?: string): Promise<void>;
  status(code: number): void;
}

/**
 * What a handler receives: `user`, `ws`, `member` and `apiToken` are typed by the route's access
 * rule, so a workspace route's handler has its workspace without a null check.
 */
export type HandlerContext<P = unknown, Q = unknown, B = unknown, A extends Access = Access, R = undefined> = RequestContext<P, Q, B, R> & Caller<A>;
/** The context of a `workspace` route. */
export type WorkspaceContext<P = unknown, Q = unknown, B = unknown, R = undefined> = HandlerContext<P, Q, B, WorkspaceAccessRule, R>;

export interface RouteDef<
  PS extends AnySchema | undefined = AnySchema | undefined,
  QS extends AnySchema | undefined = AnySchema | undefined,
  BS extends AnySchema | undefined = AnySchema | undefined,
  A extends Access = Access,
  /** The item `load` returns; a route without `load` has none (`RouteDef` with defaults: any route). */
  R = unknown,
> {
  method: Method;
  url: string;
  summary: string;
  access: A;
  params?: PS;
  query?: QS;
  body?: BS;
  rateLimit?: RateLimitSpec;
  /** The handler reads the raw request stream itself (uploads). */
  rawBody?: boolean;
  /** The answer by status (src/contract): checked in tests, published in the OpenAPI document. */
  responses: Responses;
  /** The OpenAPI tag: set by the route table (routes.ts) for the whole group. */
  tag?: string;
  /** The audit action this route records with its change (the default of `ctx.audit`). */
  audit?: AuditActionName;
  /**
   * Loads the item the route acts on (after validation; throws 404 when absent): `ctx.resource`.
   * Write it as `(ctx) => …`: with a destructuring parameter TypeScript does not infer the item type.
   */
  load?(ctx: HandlerContext<Infer<PS>, Infer<QS>, Infer<BS>, A, unknown>): Promise<R>;
  /**
   * The creator of the loaded item: the chain checks the route's capability against it, so an
   * `own` / `not_own` rule (product.md §1) holds before the handler runs.
   */
  owner?(resource: R): string;
  handler(ctx: HandlerContext<Infer<PS>, Infer<QS>, Infer<BS>, A, R>): Promise<unknown>;
}

/** Identity helper that keeps the schema and access types flowing into the handler. */
export function route<
  PS extends AnySchema | undefined = undefined,
  QS extends AnySchema | undefined = undefined,
  BS extends AnySchema | undefined = undefined,
  A extends Access = Access,
  R = undefined,
>(def: RouteDef<PS, QS, BS, A, R>): RouteDef {
  return def as unknown as RouteDef;
}

const isStateChanging = (method: string) => method !== 'GET' && method !== 'HEAD';

function userActor(user: RequestUser | null): AuditActor {
  return user ? { type: 'user', id: user._id.toHexString(), email: user.email } : { type: 'user', id: null, email: null };
}

/** The context before the guards ran; each guard fills in what it establishes. */
type OpenContext = RequestContext<unknown, unknown, unknown, unknown> & {
  user: RequestUser | null;
  ws: RequestWorkspace | null;
  member: Member | null;
  apiToken: RequestApiToken | null;
};

/**
 * The one chain every request runs: rate limit → session or API token → workspace membership →
 * permission → schema validation → the route's item and its ownership → handler (which records
 * its audit event with the change). The guards come from the composition root.
 */
export function runRoute(app: AppContext, def: RouteDef, guards: RequestGuards) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    const requestId = req.id;
    let statusCode = 200;
    let reservation: AuditReservation | null = null;
    const ctx: OpenContext = {
      app,
      req,
      reply,
      requestId,
      params: undefined,
      query: undefined,
      body: undefined,
      resource: undefined,
      user: null,
      ws: null,
      apiToken: null,
      member: null,
      actor: userActor(null),
      audit: async ({ action = def.audit, ...input }) => {
        if (action === undefined) throw new Error(`${def.method} ${def.url} records an audit event without an action`);
        await guards.audit(app, { action, ...input }, auditOrigin(ctx), reservation);
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

    // A refused state-changing request is audited once (`authz.denied`, with the reason).
    let refusalRecorded = false;
    const recordRefusal = async (reason: string): Promise<void> => {
      if (refusalRecorded || !isStateChanging(req.method)) return;
      refusalRecorded = true;
      // The URL's parameters name what was refused; an invitation token is a secret and stays out.
      const { token: _secret, ...raw } = (req.params ?? {}) as Record<string, string>;
      const params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v).slice(0, 100)]));
      await ctx
        .audit({ action: 'authz.denied', workspaceId: ctx.ws?.workspaceId ?? null, resource: { type: 'route', id: `${def.method} ${def.url}` }, after: { reason, params } })
        .catch((err: unknown) => app.logger.warn({ err }, 'could not record a refused request'));
    };
    const refuse = async (reason: string): Promise<never> => {
      if (ctx.user) await recordRefusal(reason);
      throw reason === 'not_member' ? notFound() : forbidden();
    };

    if (def.rateLimit?.by === 'ip') await hitLimit(app, def.rateLimit, req.ip);

    const { access } = def;
    if (access.kind === 'api_token') {
      // Bearer routes never read cookies; a wrong token answers 401 before any validation. An IP
      // that used up its failures answers 429 before its token is even looked up.
      const wait = await bearerFailures(app).waitFor(req.ip);
      if (wait) throw rateLimited(wait);
      ctx.apiToken = await guards.apiToken(app, req.headers.authorization);
      if (!ctx.apiToken) {
        await hitLimit(app, BEARER_FAILURES, req.ip);
        throw new ApiError('unauthenticated', { reason: 'api_token' });
      }
      ctx.actor = { type: 'api_token', id: ctx.apiToken.token._id.toHexString(), email: null };
    } else if (access.kind !== 'public') {
      const user = await guards.session(app, req, reply);
      if (!user) throw unauthenticated();
      ctx.user = user;
      ctx.actor = userActor(user);
      if (def.rateLimit?.by === 'user') await hitLimit(app, def.rateLimit, user._id.toHexString());
      const mayPass = access.kind === 'user' && access.allowPasswordChangeRequired;
      if (user.must_change_password && !mayPass) {
        await recordRefusal('password_change_required');
        throw new ApiError('password_change_required');
      }
      if (access.kind === 'super_admin' && !user.is_super_admin) await refuse('forbidden');
      if (access.kind === 'workspace') {
        const slug = (req.params as Record<string, string>).slug ?? '';
        ctx.ws = await guards.workspace(app, slug, user);
        ctx.member = memberOf(user, ctx.ws);
        const decision = can(ctx.member, access.capability, { adminDiagnosticsEnabled: app.config.ADMIN_DIAGNOSTICS_ENABLED });
        if (!decision.allowed) await refuse(decision.reason);
      }
    }

    if (def.params) ctx.params = parseOrThrow(def.params, req.params, 'params');
    if (def.query) ctx.query = parseOrThrow(def.query, req.query, 'query');
    if (def.body && !def.rawBody) ctx.body = parseOrThrow(def.body, req.body, 'body');

    // Audit written first: the record is secured before the route reads or acts (503 otherwise).
    if (isStateChanging(req.method)) reservation = await reserveAudit(app, guards, ctx, def);
    // The guards above filled in what the access rule promises; the handler's type says so.
    const ready = ctx as HandlerContext<unknown, unknown, unknown, Access, unknown>;
    let result: unknown;
    try {
      if (def.load) ctx.resource = await def.load(ready);
      if (def.owner) {
        if (access.kind !== 'workspace') throw new Error(`${def.method} ${def.url}: only a workspace route can check ownership`);
        await ctx.authorize(access.capability, def.owner(ctx.resource));
      }
      result = await def.handler(ready);
    } catch (err) {
      // The route's own refusals (ownership, four eyes, own role, blocking yourself, another account's invitation…).
      if (err instanceof ApiError && err.status === 403) await recordRefusal(err.code);
      await completeAudit(ctx, reservation, 'failed', { code: err instanceof ApiError ? err.code : 'internal_error' });
      throw err;
    }
    await completeAudit(ctx, reservation, 'done', { status: statusCode });
    if (reply.sent) return reply;
    reply.code(statusCode);
    return result === undefined ? reply.send() : reply.send(result);
  };
}

function auditOrigin(ctx: OpenContext): AuditOrigin {
  return { actor: ctx.actor, ip: ctx.req.ip, userAgent: ctx.req.headers['user-agent']?.slice(0, 512) ?? null, requestId: ctx.requestId };
}

function reserveAudit(app: AppContext, guards: RequestGuards, ctx: OpenContext, def: RouteDef): Promise<AuditReservation> {
  const intent: AuditInput = {
    action: 'request.reserved',
    workspaceId: ctx.ws?.workspaceId ?? null,
    resource: { type: 'route', id: `${def.method} ${def.url}` },
    after: { outcome: 'pending' },
  };
  return guards.reserveAudit(app, intent, auditOrigin(ctx));
}

/** The request has acted (or failed): a failure to record the outcome is logged; the intent or the request's own events stand. */
async function completeAudit(ctx: OpenContext, reservation: AuditReservation | null, outcome: 'done' | 'failed', detail: Record<string, unknown>) {
  await reservation
    ?.complete(outcome, detail)
    .catch((err: unknown) => ctx.app.logger.error({ err, requestId: ctx.requestId }, '[audit] could not record the outcome of a reserved request'));
}

/** Failed Bearer attempts per IP (security.md); past it the answer is 429 instead of 401. */
const BEARER_FAILURES: RateLimitSpec = { name: 'bearer_failures', limit: 30, windowMs: 60_000, by: 'ip' };

function limiterOf(app: AppContext, spec: RateLimitSpec) {
  return limiterFor(app, spec.name, typeof spec.limit === 'function' ? spec.limit(app.config) : spec.limit, spec.windowMs);
}

const bearerFailures = (app: AppContext) => limiterOf(app, BEARER_FAILURES);

async function hitLimit(app: AppContext, spec: RateLimitSpec, key: string): Promise<void> {
  const wait = await limiterOf(app, spec).hit(key);
  if (wait) throw rateLimited(wait);
}
