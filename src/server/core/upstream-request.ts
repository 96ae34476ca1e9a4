import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { CoreRequestError, CoreConflictError, CoreUnavailableError, type UnavailableReason, type UpstreamName } from './errors.js';
import type { CoreLogger, CoreMetrics } from './logger.js';
import type { TlsPool } from './tls-pool.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type RequestBody = string | Buffer | Readable | AsyncIterable<string | Buffer> | Iterable<string | Buffer>;

export interface UpstreamCall {
  method: HttpMethod;
  path: string;
  /** Route template for metrics, e.g. /api/v1/jobs/:job_id. */
  route: string;
  requestId: string;
  headers?: Record<string, string>;
  body?: RequestBody;
  /** Overrides the pool's body/headers timeout (uploads). */
  timeoutMs?: number;
  /** Another origin served by the same pool (the Proxy's login URL may differ from its API). */
  origin?: string;
}

export interface UpstreamResponse {
  status: number;
  body: unknown;
}

export interface UpstreamRequesterOptions {
  upstream: UpstreamName;
  pool: TlsPool;
  maxResponseBytes: number;
  slowMs?: number;
  largeBytes?: number;
  logger: CoreLogger;
  metrics?: CoreMetrics;
  /** Called when the upstream looks down (network failure, timeout, 5xx). */
  onNetworkFailure?: (error: CoreUnavailableError) => void;
  /** Called when the upstream answered (any status below 500). */
  onSuccess?: () => void;
}

export type UpstreamRequester = (call: UpstreamCall) => Promise<UpstreamResponse>;

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

function failureReason(err: unknown): UnavailableReason {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && TIMEOUT_CODES.has(code) ? 'timeout' : 'network';
}

interface DispatchBody {
  body: string | Buffer | Readable | null;
  /** Set when our own body source failed (the upload was refused or the client left): not Core's fault. */
  sourceError: () => unknown;
}

function toDispatchBody(body: RequestBody | undefined): DispatchBody {
  if (body === undefined || typeof body === 'string' || Buffer.isBuffer(body)) return { body: body ?? null, sourceError: () => undefined };
  let failure: unknown;
  async function* tracked(source: AsyncIterable<unknown> | Iterable<unknown>) {
    try {
      yield* source;
    } catch (err) {
      failure = err;
      throw err;
    }
  }
  return { body: Readable.from(tracked(body as AsyncIterable<unknown>)), sourceError: () => failure };
}

async function readCapped(body: Dispatcher.ResponseData['body'], max: number, upstream: UpstreamName): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) {
      body.destroy();
      throw new CoreUnavailableError(upstream, 'response_too_large', `response passed ${max} bytes and was cut off`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/**
 * One call to Core or the Proxy: streams the answer with a byte cap, logs the [core-slow] and
 * [core-large] sentinels, records metrics, and turns transport failures and 5xx into
 * CoreUnavailableError. 4xx answers are returned; `expectOk` turns them into errors.
 */
export function createUpstreamRequester(options: UpstreamRequesterOptions): UpstreamRequester {
  const { upstream, pool, maxResponseBytes, logger, metrics } = options;
  const slowMs = options.slowMs ?? 5_000;
  const largeBytes = options.largeBytes ?? 8 * 1024 * 1024;

  return async (call) => {
    const started = performance.now();
    let bytes = 0;
    let statusLabel = 'error';
    const sentinelContext = () => ({
      upstream,
      method: call.method,
      path: call.path,
      durationMs: Math.round(performance.now() - started),
      bytes,
      requestId: call.requestId,
    });
    try {
      let response: Dispatcher.ResponseData;
      const dispatchBody = toDispatchBody(call.body);
      try {
        response = await pool.dispatcher().request({
          origin: call.origin ?? pool.origin,
          path: call.path,
          method: call.method,
          headers: { 'x-request-id': call.requestId, ...call.headers },
          body: dispatchBody.body,
          ...(call.timeoutMs ? { bodyTimeout: call.timeoutMs, headersTimeout: call.timeoutMs } : {}),
        });
      } catch (err) {
        const ours = dispatchBody.sourceError();
        if (ours !== undefined) throw ours;
        throw new CoreUnavailableError(upstream, failureReason(err), (err as Error).message, undefined, { cause: err });
      }
      statusLabel = String(response.statusCode);
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxResponseBytes) {
        response.body.destroy();
        throw new CoreUnavailableError(upstream, 'response_too_large', `response of ${declared} bytes refused (cap ${maxResponseBytes})`);
      }
      let raw: Buffer;
      try {
        raw = await readCapped(response.body, maxResponseBytes, upstream);
      } catch (err) {
        if (err instanceof CoreUnavailableError) throw err;
        throw new CoreUnavailableError(upstream, failureReason(err), (err as Error).message, response.statusCode, { cause: err });
      }
      bytes = raw.length;
      let body: unknown = null;
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          if (response.statusCode < 500) throw new CoreUnavailableError(upstream, 'bad_response', 'answer is not JSON', response.statusCode);
        }
      }
      if (response.statusCode >= 500) {
        throw new CoreUnavailableError(upstream, 'server_error', `${call.method} ${call.route} answered ${response.statusCode}`, response.statusCode);
      }
      options.onSuccess?.();
      return { status: response.statusCode, body };
    } catch (err) {
      if (err instanceof CoreUnavailableError) {
        metrics?.countError(err.reason);
        logger.warn({ ...sentinelContext(), reason: err.reason, error: err.message }, `[${upstream}-unavailable] call failed`);
        if (err.meansDown) options.onNetworkFailure?.(err);
      }
      throw err;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      metrics?.observeCall(call.method, call.route, statusLabel, seconds);
      if (seconds * 1000 > slowMs) logger.warn(sentinelContext(), '[core-slow] slow upstream call');
      if (bytes > largeBytes) logger.warn(sentinelContext(), '[core-large] large upstream response');
    }
  };
}

/** Turns a 4xx answer into CoreConflictError (409) or CoreRequestError; returns the body otherwise. */
export function expectOk(upstream: UpstreamName, response: UpstreamResponse, metrics?: CoreMetrics): unknown {
  if (response.status < 400) return response.body;
  const body = response.body as { error?: unknown; details?: unknown } | null;
  const message = typeof body?.error === 'string' ? body.error : `${upstream} answered ${response.status}`;
  const details = body?.details ?? null;
  metrics?.countError(response.status === 409 ? 'conflict' : '4xx');
  if (response.status === 409) throw new CoreConflictError(upstream, 409, message, details);
  throw new CoreRequestError(upstream, response.status, message, details);
}
