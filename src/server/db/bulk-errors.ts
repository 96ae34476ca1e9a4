import { MongoBulkWriteError } from 'mongodb';

export interface DocumentWriteError {
  code: number;
  message: string;
}

export const isDuplicateKeyCode = (code: number) => code === 11000 || code === 11001;

/**
 * The per-document errors of an unordered insertMany, by index in the batch; null when the error is
 * not a per-document one (the connection, the server): then no document of the batch is known to be in.
 */
export function documentWriteErrors(err: unknown): Map<number, DocumentWriteError> | null {
  if (!(err instanceof MongoBulkWriteError)) return null;
  const errors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
  if (!errors.length || errors.some((e) => e === undefined)) return null;
  return new Map(errors.map((e) => [e.index, { code: Number(e.code), message: e.errmsg ?? String(e.code) }]));
}

/** The driver wraps a failure of the whole batch (a network error, a shutdown) in its bulk error: this unwraps it. */
export function batchFailureCause(err: unknown): unknown {
  return err instanceof MongoBulkWriteError && err.errorResponse instanceof Error ? err.errorResponse : err;
}
