import { ERROR_CATALOGUE, errorMessage, type ConflictReason, type ErrorCode, type ErrorDetails, type FieldProblem, type ForbiddenReason, type InvalidStateReason } from '../../domain/error-catalogue.js';

/**
 * An error that the API answers with the envelope of api.md. Thrown anywhere below a route. The
 * code must be in the error catalogue, which gives its status and its English message.
 */
export class ApiError<C extends ErrorCode = ErrorCode> extends Error {
  readonly status: number;
  readonly details: ErrorDetails<C> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    readonly code: C,
    ...[details, headers]: undefined extends ErrorDetails<C>
      ? [details?: ErrorDetails<C>, headers?: Record<string, string>]
      : [details: ErrorDetails<C>, headers?: Record<string, string>]
  ) {
    super(errorMessage(code, details, 'en'));
    this.status = ERROR_CATALOGUE[code].status;
    this.details = details;
    this.headers = headers;
  }
}

export const badRequest = (details: FieldProblem[]) => new ApiError('validation_failed', details);
export const unauthenticated = () => new ApiError('unauthenticated');
export const forbidden = (reason?: ForbiddenReason) => new ApiError('forbidden', reason ? { reason } : undefined);
export const notFound = () => new ApiError('not_found');
export const conflict = (reason?: ConflictReason, fields?: FieldProblem[]) =>
  new ApiError('conflict', reason ? { reason, ...(fields ? { fields } : {}) } : undefined);
export const invalidState = (reason: InvalidStateReason, more: { status?: string; action?: string } = {}) => new ApiError('invalid_state', { reason, ...more });
export const rateLimited = (retryAfterSeconds: number) =>
  new ApiError('rate_limited', { retry_after: retryAfterSeconds }, { 'retry-after': String(retryAfterSeconds) });
export const databaseUnavailable = () => new ApiError('database_unavailable');
export const coreUnavailable = () => new ApiError('core_unavailable');

export interface ErrorEnvelope {
  error: { code: string; message: string; details?: unknown; request_id: string };
}

export function envelope(err: ApiError, requestId: string): ErrorEnvelope {
  return { error: { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }), request_id: requestId } };
}
