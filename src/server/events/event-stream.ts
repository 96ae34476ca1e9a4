// One server-sent-events connection: replay after Last-Event-ID, live events, heartbeats, the
// periodic access re-check, and a capped lifetime (the browser's EventSource reconnects by itself).
import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { AppContext } from '../app-context.js';
import type { SessionClaims } from '../auth/session-token.js';
import type { HubEvent, WorkspaceEventHub } from './event-hub.js';
import { streamStillAllowed } from './stream-access.js';

export const STREAM_TIMINGS = {
  /** A comment line keeps proxies from closing an idle connection. */
  heartbeatMs: 15_000,
  /** security.md: session and membership are checked again at least every 30 s. */
  recheckMs: 20_000,
  /**
   * The stream ends after this and EventSource reconnects with Last-Event-ID. The reconnect is a
   * normal request, so it slides the session cookie: that is how an open stream counts as
   * activity for the idle timeout (headers cannot change once a stream is open). Below the
   * smallest idle timeout (1 minute would be silly; SESSION_IDLE_MINUTES defaults to 30).
   */
  maxLifetimeMs: 10 * 60_000,
  /** A client that reads this far behind is dropped; it resumes from its last event id. */
  maxBufferedBytes: 1024 * 1024,
};

/** Retry delay EventSource uses after the stream ends. */
const RETRY_MS = 2_000;

export interface StreamSubject {
  app: AppContext;
  hub: WorkspaceEventHub;
  workspaceId: string;
  slug: string;
  claims: SessionClaims;
  lastEventId: string | undefined;
  onClose: () => void;
}

/** The open streams of each server, ended with a retry hint when it shuts down. */
const openStreams = new WeakMap<object, Set<() => void>>();

/**
 * Shutdown: every open stream gets `retry:` (when to come back, to another replica behind the
 * load balancer) and is closed with its connection, so closing the server never waits for a
 * stream's ten-minute lifetime.
 */
export function endEventStreams(server: object): void {
  for (const end of [...(openStreams.get(server) ?? [])]) end();
}

const frame = (e: HubEvent): string => `id: ${e.id}\nevent: ${e.name}\ndata: ${JSON.stringify(e.data)}\n\n`;

/** Takes over the response (`reply.hijack()`) and serves the stream until either side ends it. */
export function serveEventStream(reply: FastifyReply, s: StreamSubject): void {
  reply.hijack();
  const res = reply.raw;
  // Hijacked replies skip Fastify's header writing: the security headers, request id and a
  // refreshed session cookie set by the request chain are copied over here.
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = value;
  res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' });

  let closed = false;
  const timers: NodeJS.Timeout[] = [];
  let unsubscribe = (): void => {};
  const streams = openStreams.get(reply.server) ?? new Set<() => void>();
  openStreams.set(reply.server, streams);
  const close = (): void => {
    if (closed) return;
    closed = true;
    streams.delete(endForShutdown);
    for (const t of timers) clearInterval(t);
    unsubscribe();
    s.onClose();
    res.end();
  };
  function endForShutdown(): void {
    write(`retry: ${RETRY_MS}\n\n`);
    close();
    res.socket?.end();
  }
  streams.add(endForShutdown);
  const write = (text: string): void => {
    if (closed) return;
    res.write(text);
    if (res.writableLength > STREAM_TIMINGS.maxBufferedBytes) close();
  };

  write(`retry: ${RETRY_MS}\n\n`);
  if (s.lastEventId) {
    const replay = s.hub.replaySince(s.workspaceId, s.lastEventId);
    if (replay.kind === 'resync') write(`event: resync\ndata: {}\n\n`);
    else for (const e of replay.events) write(frame(e));
  }
  unsubscribe = s.hub.subscribe(s.workspaceId, (e) => write(frame(e)));

  timers.push(setInterval(() => write(': heartbeat\n\n'), STREAM_TIMINGS.heartbeatMs));
  timers.push(
    setInterval(() => {
      streamStillAllowed(s.app, s.claims, s.slug)
        .then((allowed) => {
          if (!allowed) close();
        })
        .catch((err: unknown) => {
          s.app.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'event stream re-check failed; closing it');
          close();
        });
    }, STREAM_TIMINGS.recheckMs),
  );
  timers.push(setTimeout(close, STREAM_TIMINGS.maxLifetimeMs));
  // The response's 'close' (not the request's, which fires once a body-less request is read) is the client leaving.
  res.on('close', close);
  res.on('error', close);
}
