import { z } from 'zod';
import { CoreUnavailableError } from './errors.js';
import type { CoreLogger, CoreMetrics } from './logger.js';
import type { TlsPool } from './tls-pool.js';
import {
  coreJobPageSchema,
  coreJobSchema,
  coreMessagePageSchema,
  createdJobSchema,
  jobStatusAnswerSchema,
  messageIdSchema,
  receivedSchema,
  type CoreJob,
  type CoreJobPage,
  type CoreJobStatus,
  type CoreMessagePage,
  type CreateCoreJobInput,
  type PatchCoreJobInput,
} from './core-types.js';
import { createUpstreamRequester, expectOk, type HttpMethod, type RequestBody } from './upstream-request.js';

export interface CoreClientOptions {
  pool: TlsPool;
  apiKey: string;
  maxResponseBytes: number;
  slowMs?: number;
  largeBytes?: number;
  uploadBodyTimeoutMs: number;
  logger: CoreLogger;
  onNetworkFailure?: (error: CoreUnavailableError) => void;
  onSuccess?: () => void;
  metrics?: CoreMetrics;
}

export interface CoreClient {
  /** 201 → {job_id, status}; CoreConflictError when external_id already has a job (then getJobByExternalId). */
  createJob(input: CreateCoreJobInput, requestId: string): Promise<{ job_id: string; status: CoreJobStatus }>;
  getJob(jobId: string, requestId: string): Promise<CoreJob>;
  /** null when Core has no job for this external_id. */
  getJobByExternalId(externalId: string, requestId: string): Promise<CoreJob | null>;
  patchJob(jobId: string, changes: PatchCoreJobInput, requestId: string): Promise<{ status: CoreJobStatus }>;
  holdJob(jobId: string, requestId: string): Promise<{ status: CoreJobStatus }>;
  /** Streams text/plain, one normalised number per line; chunks are sent as given. */
  uploadRecipients(jobId: string, body: RequestBody, requestId: string): Promise<{ received: number }>;
  releaseJob(jobId: string, autoStart: boolean, requestId: string): Promise<{ status: CoreJobStatus }>;
  startJob(jobId: string, requestId: string): Promise<{ status: CoreJobStatus }>;
  pauseJob(jobId: string, requestId: string): Promise<{ status: CoreJobStatus }>;
  resumeJob(jobId: string, requestId: string): Promise<{ status: CoreJobStatus }>;
  cancelJob(jobId: string, requestId: string): Promise<{ status: CoreJobStatus }>;
  deleteJob(jobId: string, requestId: string): Promise<void>;
  listActiveJobs(cursor: string | null, limit: number, requestId: string): Promise<CoreJobPage>;
  pushNumber(jobId: string, message: { number: string; text: string }, requestId: string): Promise<{ message_id: string }>;
  listMessages(jobId: string, cursor: string | null, limit: number, requestId: string): Promise<CoreMessagePage>;
}

const JOBS = '/api/v1/jobs';
const JOB = `${JOBS}/:job_id`;

export function createCoreClient(options: CoreClientOptions): CoreClient {
  const request = createUpstreamRequester({ upstream: 'core', ...options });
  const jobPath = (jobId: string, tail = ''): string => `${JOBS}/${encodeURIComponent(jobId)}${tail}`;

  async function call<T extends z.ZodType>(
    schema: T,
    method: HttpMethod,
    path: string,
    route: string,
    requestId: string,
    json?: unknown,
  ): Promise<z.infer<T>> {
    const response = await request({
      method,
      path,
      route,
      requestId,
      headers: { 'x-api-key': options.apiKey, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
    return parse(schema, expectOk('core', response, options.metrics), route);
  }

  function parse<T extends z.ZodType>(schema: T, body: unknown, route: string): z.infer<T> {
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      options.metrics?.countError('bad_response');
      throw new CoreUnavailableError('core', 'bad_response', `${route}: unexpected answer shape (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    }
    return parsed.data;
  }

  const action = (tail: string) => (jobId: string, requestId: string) =>
    call(jobStatusAnswerSchema, 'POST', jobPath(jobId, tail), `${JOB}${tail}`, requestId, {});

  return {
    createJob: (input, requestId) => call(createdJobSchema, 'POST', JOBS, JOBS, requestId, input),
    getJob: (jobId, requestId) => call(coreJobSchema, 'GET', jobPath(jobId), JOB, requestId),
    async getJobByExternalId(externalId, requestId) {
      const route = `${JOBS}/ext/:external_id`;
      const response = await request({
        method: 'GET',
        path: `${JOBS}/ext/${encodeURIComponent(externalId)}`,
        route,
        requestId,
        headers: { 'x-api-key': options.apiKey },
      });
      if (response.status === 404) return null;
      return parse(coreJobSchema, expectOk('core', response, options.metrics), route);
    },
    patchJob: (jobId, changes, requestId) => call(jobStatusAnswerSchema, 'PATCH', jobPath(jobId), JOB, requestId, changes),
    holdJob: action('/hold'),
    async uploadRecipients(jobId, body, requestId) {
      const route = `${JOB}/recipients`;
      const response = await request({
        method: 'PUT',
        path: jobPath(jobId, '/recipients'),
        route,
        requestId,
        headers: { 'x-api-key': options.apiKey, 'content-type': 'text/plain; charset=utf-8' },
        body,
        timeoutMs: options.uploadBodyTimeoutMs,
      });
      return parse(receivedSchema, expectOk('core', response, options.metrics), route);
    },
    releaseJob: (jobId, autoStart, requestId) =>
      call(jobStatusAnswerSchema, 'POST', jobPath(jobId, '/release'), `${JOB}/release`, requestId, { auto_start: autoStart }),
    startJob: action('/start'),
    pauseJob: action('/pause'),
    resumeJob: action('/resume'),
    cancelJob: action('/cancel'),
    async deleteJob(jobId, requestId) {
      await call(z.unknown(), 'DELETE', jobPath(jobId), JOB, requestId);
    },
    listActiveJobs(cursor, limit, requestId) {
      const query = new URLSearchParams({ status: 'active', limit: String(limit) });
      if (cursor !== null) query.set('cursor', cursor);
      return call(coreJobPageSchema, 'GET', `${JOBS}?${query}`, JOBS, requestId);
    },
    pushNumber: (jobId, message, requestId) =>
      call(messageIdSchema, 'POST', jobPath(jobId, '/numbers'), `${JOB}/numbers`, requestId, message),
    listMessages(jobId, cursor, limit, requestId) {
      const query = new URLSearchParams({ limit: String(limit) });
      if (cursor !== null) query.set('cursor', cursor);
      return call(coreMessagePageSchema, 'GET', `${jobPath(jobId, '/messages')}?${query}`, `${JOB}/messages`, requestId);
    },
  };
}

/** Pages through every active job (scheduled, building, sending, paused); bounded against a cursor loop. */
export async function* listAllActiveJobs(core: CoreClient, requestId: string, pageSize = 500): AsyncGenerator<CoreJob> {
  const seen = new Set<string>();
  let cursor: string | null = null;
  for (let page = 0; page < 100_000; page++) {
    const result: CoreJobPage = await core.listActiveJobs(cursor, pageSize, requestId);
    yield* result.items;
    if (result.next_cursor === null) return;
    if (seen.has(result.next_cursor)) throw new CoreUnavailableError('core', 'bad_response', 'active job cursor repeated');
    seen.add(result.next_cursor);
    cursor = result.next_cursor;
  }
}
