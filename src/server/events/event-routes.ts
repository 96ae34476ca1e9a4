import { z } from 'zod';
import { readCookie, SESSION_COOKIE } from '../auth/session.js';
import { rateLimited, unauthenticated } from '../http/errors.js';
import { route } from '../http/route.js';
import { eventHub } from './event-hub.js';
import { serveEventStream } from './event-stream.js';

/** security.md: at most 5 open streams per user (per process; each replica counts its own). */
export const MAX_STREAMS_PER_USER = 5;
const openStreams = new Map<string, number>();

const params = z.strictObject({ slug: z.string().max(40) });

export const eventRoutes = [
  route({
    method: 'GET',
    url: '/api/w/:slug/events',
    summary: "Server-sent events: the workspace's campaign status and progress changes and recipient upload progress",
    access: { kind: 'workspace', capability: 'workspace.view' },
    params,
    rateLimit: { name: 'event-streams', limit: 60, windowMs: 60_000, by: 'user' },
    handler: async (ctx) => {
      const userId = ctx.user._id.toHexString();
      const claims = ctx.app.sessions.verify(readCookie(ctx.req, SESSION_COOKIE));
      if (!claims) throw unauthenticated();
      const open = openStreams.get(userId) ?? 0;
      if (open >= MAX_STREAMS_PER_USER) throw rateLimited(5);
      openStreams.set(userId, open + 1);
      const lastEventId = ctx.req.headers['last-event-id'];
      serveEventStream(ctx.reply, {
        app: ctx.app,
        hub: eventHub,
        workspaceId: ctx.ws.workspaceId.toHexString(),
        slug: ctx.params.slug,
        claims,
        lastEventId: typeof lastEventId === 'string' ? lastEventId.slice(0, 64) : undefined,
        onClose: () => {
          const left = (openStreams.get(userId) ?? 1) - 1;
          if (left > 0) openStreams.set(userId, left);
          else openStreams.delete(userId);
        },
      });
    },
  }),
];
