import { MongoBulkWriteError, MongoNetworkError, MongoServerError, MongoServerSelectionError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../src/server/db/connection.js';

const serverError = (code: number, errmsg: string) => new MongoServerError({ ok: 0, code, errmsg });

describe('database errors that mean "the database is away"', () => {
  it('counts an unreachable database', () => {
    expect(isDatabaseUnavailable(new MongoNetworkError('connection 4 closed'))).toBe(true);
    expect(isDatabaseUnavailable(new MongoServerSelectionError('Server selection timed out after 2000 ms', {} as never))).toBe(true);
  });

  it('counts MongoDB\'s shutdown and step-down answers', () => {
    for (const code of [91, 189, 10107, 11600, 11602, 13435, 13436]) expect(isDatabaseUnavailable(serverError(code, 'shutting down'))).toBe(true);
  });

  it('counts the dev database\'s "context canceled" InternalError, also inside a bulk write error', () => {
    const canceled = serverError(1, '[msg_insert.go:168 handler.(*Handler).MsgInsert] context canceled');
    expect(isDatabaseUnavailable(canceled)).toBe(true);
    const bulk = new MongoBulkWriteError({ message: canceled.message, code: 1, writeErrors: [] }, { insertedCount: 0 } as never);
    expect(isDatabaseUnavailable(bulk)).toBe(true);
  });

  it('does not count other server errors, another InternalError, or errors that are not the database\'s', () => {
    expect(isDatabaseUnavailable(serverError(11000, 'E11000 duplicate key'))).toBe(false);
    expect(isDatabaseUnavailable(serverError(1, 'some other internal error'))).toBe(false);
    expect(isDatabaseUnavailable(serverError(2, 'context canceled'))).toBe(false);
    expect(isDatabaseUnavailable(new Error('context canceled'))).toBe(false);
    expect(isDatabaseUnavailable(new Error('connection refused'))).toBe(false);
  });
});
