import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { readCookie } from '../auth/session.js';
import { rateLimited, unauthenticated } from '../http/errors.js';
import { SESSION_COOKIE } from '../http/guards.js';
import { route } from '../http/route.js';
import { isDatabaseUnavailable } from '../db/connection.js';
import { holdLease, type HeldLease } from '../db/leases.js';
import { eventHub } from './event-hub.js';
import { serveEventStream } from './event-stream.js';

/** security.md: at most 5 open streams per user, across every replica (a lease per open stream). */
export const MAX_STREAMS_PER_USER = 5;
/** A stream's lease outlives a replica that died with it open by at most this. */
const STREAM_LEASE_MS = 60_000;
const UNCOUNTED: HeldLease = { id: 'uncounted', release: async () => undefined };

const params = z.strictObject({ slug: z.string().max(40) });

export const eventRoutes = [
  route({
    method: 'GET',
    url: '/api/w/:slug/events',
    summary: "Server-sent events: the workspace's campaign status and progress changes and recipient upload progress",
    access: { kind: 'workspace', capability: 'workspace.view' },
    responses: { 200: { contentType: 'text/event-stream', description: 'Server-sent events `status`, `progress` and `upload` (JSON data); resumes from Last-Event-ID' } },
    params,
    rateLimit: { name: 'event-streams', limit: 60, windowMs: 60_000, by: 'user' },
    handler: async (ctx) => {
      const userId = ctx.user._id.toHexString();
      const claims = ctx.app.sessions.verify(readCookie(ctx.req, SESSION_COOKIE));
      if (!claims) throw unauthenticated();
      // While the database is unreachable the live view keeps working, uncounted (operations.md).
      const lease = await holdLease(ctx.app.db, `event-stream:${userId}`, randomUUID(), STREAM_LEASE_MS, MAX_STREAMS_PER_USER, (err) =>
        ctx.app.logger.warn({ err }, 'could not renew an event stream lease'),
      ).catch((err: unknown) => (isDatabaseUnavailable(err) ? UNCOUNTED : Promise.reject(err)));
      if (!lease) throw rateLimited(5);
      const lastEventId = ctx.req.headers['last-event-id'];
      serveEventStream(ctx.reply, {
        app: ctx.app,
        hub: eventHub,
        workspaceId: ctx.ws.workspaceId.toHexString(),
        slug: ctx.params.slug,
        claims,
        lastEventId: typeof lastEventId === 'string' ? lastEventId.slice(0, 64) : undefined,
        onClose: () => {
          lease.release().catch((err: unknown) => ctx.app.logger.warn({ err }, 'could not release an event stream lease'));
        },
      });
    },
  }),
];
