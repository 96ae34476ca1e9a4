import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { setTimeout as delay } from 'node:timers/promises';
import { answer, readJson, sendJson } from './http-io.js';
import { createJobSchema, patchJobSchema, releaseSchema, triggerNumberSchema } from './job-model.js';
import { pageCursor, pageLimit, SimHttpError } from './jobs.js';
import { RecipientParser } from './recipient-list.js';
import { describeClientCert, type SimState } from './state.js';
import { mtlsOptions, type ServerTlsMaterial } from './tls-material.js';

type Handler = (req: IncomingMessage, res: ServerResponse, params: string[], query: URLSearchParams) => Promise<void> | void;

export function createCoreApiServer(state: SimState, tls: ServerTlsMaterial): Server {
  const { jobs } = state;
  const job = (id: string | undefined) => jobs.get(id ?? '');
  const withStatus = (res: ServerResponse, status: string) => sendJson(res, 200, { status });

  const routes: Array<[string, RegExp, Handler]> = [
    ['POST', /^\/api\/v1\/jobs$/, async (req, res) => {
      const created = jobs.create(await readJson(req, createJobSchema));
      sendJson(res, 201, { job_id: created.id, status: created.status });
    }],
    ['GET', /^\/api\/v1\/jobs$/, (_req, res, _p, query) => {
      if (!query.get('cursor')) state.counters.activeJobLists += 1;
      const page = jobs.list(query.get('status'), pageCursor(query.get('cursor')), pageLimit(query.get('limit')));
      sendJson(res, 200, { items: page.items.map((j) => jobs.view(j)), next_cursor: page.next_cursor });
    }],
    ['GET', /^\/api\/v1\/jobs\/ext\/([^/]+)$/, (_req, res, [ext]) => sendJson(res, 200, jobs.view(jobs.getByExternalId(ext ?? '')))],
    ['GET', /^\/api\/v1\/jobs\/([^/]+)$/, (_req, res, [id]) => sendJson(res, 200, jobs.view(job(id)))],
    ['PATCH', /^\/api\/v1\/jobs\/([^/]+)$/, async (req, res, [id]) => {
      const changes = await readJson(req, patchJobSchema);
      withStatus(res, jobs.patch(id ?? '', changes).status);
    }],
    ['DELETE', /^\/api\/v1\/jobs\/([^/]+)$/, (_req, res, [id]) => {
      jobs.delete(id ?? '');
      res.writeHead(204).end();
    }],
    ['POST', /^\/api\/v1\/jobs\/([^/]+)\/hold$/, (_req, res, [id]) => withStatus(res, jobs.hold(id ?? '').status)],
    ['POST', /^\/api\/v1\/jobs\/([^/]+)\/release$/, async (req, res, [id]) => {
      const { auto_start } = await readJson(req, releaseSchema);
      withStatus(res, jobs.release(id ?? '', auto_start).status);
    }],
    ['POST', /^\/api\/v1\/jobs\/([^/]+)\/start$/, (_req, res, [id]) => withStatus(res, jobs.start(id ?? '').status)],
    ['POST', /^\/api\/v1\/jobs\/([^/]+)\/pause$/, (_req, res, [id]) => withStatus(res, jobs.pause(id ?? '').status)],
    ['POST', /^\/api\/v1\/jobs\/([^/]+)\/resume$/, (_req, res, [id]) => withStatus(res, jobs.resume(id ?? '').status)],
    ['POST', /^\/api\/v1\/jobs\/([^/]+)\/cancel$/, (_req, res, [id]) => withStatus(res, jobs.cancel(id ?? '').status)],
    ['PUT', /^\/api\/v1\/jobs\/([^/]+)\/recipients$/, async (req, res, [id]) => {
      const received = await receiveRecipients(state, req, id ?? '');
      sendJson(res, 200, { received });
    }],
    ['POST', /^\/api\/v1\/jobs\/([^/]+)\/numbers$/, async (req, res, [id]) => {
      const { number } = await readJson(req, triggerNumberSchema);
      sendJson(res, 202, { message_id: jobs.pushNumber(id ?? '', number) });
    }],
    ['GET', /^\/api\/v1\/jobs\/([^/]+)\/messages$/, (_req, res, [id], query) => {
      sendJson(res, 200, jobs.messages(id ?? '', pageCursor(query.get('cursor')), pageLimit(query.get('limit'))));
    }],
  ];

  const server = createServer({ ...mtlsOptions(tls), keepAliveTimeout: 30_000 }, (req, res) => {
    void answer(res, async () => {
      if (state.faults.down) {
        req.socket.destroy();
        return;
      }
      state.counters.coreRequests += 1;
      state.lastClientCert.core = describeClientCert(req.socket as TLSSocket);
      if (req.headers['x-api-key'] !== state.config.coreApiKey) throw new SimHttpError(401, 'invalid or missing X-API-Key');
      if (state.faults.slowMs > 0) await delay(state.faults.slowMs);
      if (state.faults.error5xx) throw new SimHttpError(503, 'simulated Core failure');
      if (state.faults.oversizedBytes > 0) return sendOversized(res, state.faults.oversizedBytes);
      const url = new URL(req.url ?? '/', 'https://core.invalid');
      for (const [method, pattern, handler] of routes) {
        const match = pattern.exec(url.pathname);
        if (match && req.method === method) {
          return handler(req, res, match.slice(1).map(decodeURIComponent), url.searchParams);
        }
      }
      throw new SimHttpError(404, `no route ${req.method} ${url.pathname}`);
    });
  });
  // An outage refuses new connections too, not just requests on open ones.
  server.on('connection', (socket) => {
    if (state.faults.down) socket.destroy();
  });
  return server;
}

/** Parses the streamed list into a fresh RecipientList; only a complete, valid upload replaces the old one. */
async function receiveRecipients(state: SimState, req: IncomingMessage, id: string): Promise<number> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('text/plain')) throw new SimHttpError(415, 'recipients must be text/plain');
  state.jobs.assertCanUpload(id);
  const parser = new RecipientParser();
  for await (const chunk of req as AsyncIterable<Buffer>) {
    parser.write(chunk);
    if (parser.error) throw new SimHttpError(400, parser.error);
  }
  if (!req.complete) throw new SimHttpError(400, 'upload aborted');
  parser.end();
  if (parser.error) throw new SimHttpError(400, parser.error);
  if (state.faults.holdUploads) await new Promise<void>((release) => state.heldUploads.push(release));
  return state.jobs.replaceRecipients(id, parser.list).recipients.size;
}

/** The oversizedBytes fault: a 200 whose JSON body is `bytes` long, streamed chunked (no length up front). */
function sendOversized(res: ServerResponse, bytes: number): void {
  const head = '{"items":[],"padding":"';
  const tail = '"}';
  const padding = Math.max(0, bytes - head.length - tail.length);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write(head);
  const block = Buffer.alloc(64 * 1024, 'x');
  let left = padding;
  const pump = (): void => {
    while (left > 0) {
      const piece = left >= block.length ? block : block.subarray(0, left);
      left -= piece.length;
      if (!res.write(piece)) {
        res.once('drain', pump);
        return;
      }
    }
    res.end(tail);
  };
  res.on('close', () => {
    left = 0;
  });
  pump();
}
