import type { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { errorEnvelopeSchema } from '../../contract/error-envelope.js';
import { isJsonBody, type ResponseBody } from './responses.js';
import type { RouteDef } from './route.js';

/** An answer that is not what its route declares (src/contract): a broken API contract. */
export interface ResponseDrift {
  route: string;
  status: number;
  problem: string;
}

type DriftSink = (drift: ResponseDrift) => void;
let sink: DriftSink | null = null;

/** The test suite collects drift here and fails the test that caused it (test/support/response-contract.ts). */
export function onResponseDrift(next: DriftSink | null): void {
  sink = next;
}

const isJsonType = (contentType: string) => /^application\/json\b/.test(contentType);

/** Why this answer does not match the declared body, or null when it does. */
export function driftOf(declared: ResponseBody | undefined, status: number, contentType: string, payload: unknown): string | null {
  const isError = status >= 400 && declared === undefined;
  if (declared === undefined && !isError) return `status ${status} is not declared`;
  if (declared === null) return payload === null || payload === undefined || payload === '' ? null : 'a body where none is declared';
  if (!isError && !isJsonBody(declared!)) return contentType.startsWith(declared!.contentType) ? null : `content type ${contentType}, declared ${declared!.contentType}`;
  if (!isJsonType(contentType)) return `content type ${contentType || '(none)'}, expected JSON`;
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return null; // a JSON stream: not inspected
  const schema = isError ? errorEnvelopeSchema : (declared as z.ZodType);
  const parsed = schema.safeParse(JSON.parse(payload.toString()));
  if (parsed.success) return null;
  return parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

/**
 * Checks every answer against its route's declared responses (the error envelope for undeclared
 * 4xx/5xx). Installed only when NODE_ENV=test: it parses every JSON body once more.
 */
export function checkResponses(server: FastifyInstance, routes: RouteDef[]): void {
  const byRoute = new Map(routes.map((r) => [`${r.method} ${r.url}`, r]));
  server.addHook('onSend', async (req, reply, payload) => {
    if (req.method === 'HEAD') return payload;
    const def = byRoute.get(`${req.method} ${req.routeOptions.url ?? ''}`);
    const status = reply.statusCode;
    // Answers outside the route table (static files, the 404 handler, the OpenAPI document) carry no declaration.
    if (!def && status < 400) return payload;
    const contentType = String(reply.getHeader('content-type') ?? '');
    const problem = driftOf(def?.responses[status], status, contentType, payload);
    if (problem) {
      const drift = { route: def ? `${def.method} ${def.url}` : `${req.method} ${req.url}`, status, problem };
      req.log.error({ drift }, 'response does not match its declared schema');
      sink?.(drift);
    }
    return payload;
  });
}
