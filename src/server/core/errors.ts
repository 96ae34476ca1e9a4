// Errors of the Core and Proxy clients. The API layer maps them: CoreUnavailableError →
// 503 core_unavailable, CoreConflictError → 409, CoreRequestError → the matching 4xx with
// Core's message in `details`.

export type UpstreamName = 'core' | 'proxy';
export type UnavailableReason = 'network' | 'timeout' | 'server_error' | 'response_too_large' | 'bad_response';

export class CoreUnavailableError extends Error {
  static readonly code = 'core_unavailable';
  static readonly publicMessage = 'The service is not responding. Please try again later';
  override readonly name = 'CoreUnavailableError';

  constructor(
    readonly upstream: UpstreamName,
    readonly reason: UnavailableReason,
    detail: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`${upstream} unavailable (${reason}): ${detail}`, options);
  }

  /** Network failures, timeouts and 5xx say the upstream is down; a malformed answer does not. */
  get meansDown(): boolean {
    return this.reason === 'network' || this.reason === 'timeout' || this.reason === 'server_error';
  }
}

export class CoreRequestError extends Error {
  override readonly name: string = 'CoreRequestError';

  constructor(
    readonly upstream: UpstreamName,
    readonly status: number,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
  }
}

/** 409 from Core: the state does not allow the action, or the external_id already has a job. */
export class CoreConflictError extends CoreRequestError {
  override readonly name = 'CoreConflictError';
}

/** Core answered 404 for a job MC linked: Core no longer has it (its data lost, the job purged). */
export function isCoreJobMissing(err: unknown): boolean {
  return err instanceof CoreRequestError && !(err instanceof CoreConflictError) && err.upstream === 'core' && err.status === 404;
}
