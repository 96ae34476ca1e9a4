/** An error that the API answers with the envelope of api.md. Thrown anywhere below a route. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const badRequest = (details: unknown, message = 'The request is not valid.') =>
  new ApiError(400, 'validation_failed', message, details);
export const unauthenticated = (message = 'Sign in to continue.') => new ApiError(401, 'unauthenticated', message);
export const forbidden = (message = 'You are not allowed to do this.', code = 'forbidden') => new ApiError(403, code, message);
export const notFound = (message = 'Not found.') => new ApiError(404, 'not_found', message);
export const conflict = (message = 'Someone else changed this meanwhile. Reload and try again.', details?: unknown) =>
  new ApiError(409, 'conflict', message, details);
export const invalidState = (message: string, details?: unknown) => new ApiError(422, 'invalid_state', message, details);
export const rateLimited = (retryAfterSeconds: number) =>
  new ApiError(429, 'rate_limited', `Too many requests. Try again in ${retryAfterSeconds} s.`, { retry_after: retryAfterSeconds }, {
    'retry-after': String(retryAfterSeconds),
  });
export const databaseUnavailable = () =>
  new ApiError(503, 'database_unavailable', 'The database is not reachable. Please try again later.');
export const coreUnavailable = () =>
  new ApiError(503, 'core_unavailable', 'The service is not responding. Please try again later');

export interface ErrorEnvelope {
  error: { code: string; message: string; details?: unknown; request_id: string };
}

export function envelope(err: ApiError, requestId: string): ErrorEnvelope {
  return { error: { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }), request_id: requestId } };
}
