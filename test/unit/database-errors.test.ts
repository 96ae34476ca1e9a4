import { MongoBulkWriteError, MongoNetworkError, MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, isShutdownInterruption } from '../../src/server/db/connection.js';

const serverError = (code: number, errmsg: string) => new MongoServerError({ ok: 0, code, errmsg });

describe('database errors that mean "the database is going away"', () => {
  it('counts MongoDB\'s shutdown and step-down answers', () => {
    for (const code of [91, 189, 10107, 11600, 11602, 13435, 13436]) expect(isShutdownInterruption(serverError(code, 'shutting down'))).toBe(true);
  });

  it('counts the dev database\'s "context canceled" InternalError, also inside a bulk write error', () => {
    const canceled = serverError(1, '[msg_insert.go:168 handler.(*Handler).MsgInsert] context canceled');
    expect(isShutdownInterruption(canceled)).toBe(true);
    const bulk = new MongoBulkWriteError({ message: canceled.message, code: 1, writeErrors: [] }, { insertedCount: 0 } as never);
    expect(isShutdownInterruption(bulk)).toBe(true);
  });

  it('does not count other server errors, another InternalError, or errors that are not the server\'s', () => {
    expect(isShutdownInterruption(serverError(11000, 'E11000 duplicate key'))).toBe(false);
    expect(isShutdownInterruption(serverError(1, 'some other internal error'))).toBe(false);
    expect(isShutdownInterruption(serverError(2, 'context canceled'))).toBe(false);
    expect(isShutdownInterruption(new Error('context canceled'))).toBe(false);
    expect(isShutdownInterruption(new MongoNetworkError('connection 4 closed'))).toBe(false);
    expect(isDatabaseUnavailable(new MongoNetworkError('connection 4 closed'))).toBe(true);
  });
});
