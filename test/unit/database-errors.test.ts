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

  it("counts Node's own socket error when the driver raised it (a write to a socket the database closed)", () => {
    // As logged by the server while the dev database shut down (mongodb 6.22 on Node 24).
    const epipe = Object.assign(new Error('This socket has been ended by the other party'), { code: 'EPIPE' });
    epipe.stack = [
      'Error: This socket has been ended by the other party',
      '    at Socket.writeAfterFIN [as write] (node:net:795:14)',
      '    at Connection.writeCommand (/app/node_modules/mongodb/lib/cmap/connection.js:392:25)',
      '    at Connection.sendWire (/app/node_modules/mongodb/lib/cmap/connection.js:239:13)',
    ].join('\n');
    expect(isDatabaseUnavailable(epipe)).toBe(true);
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', stack: epipe.stack.replace('writeAfterFIN', 'onread') });
    expect(isDatabaseUnavailable(reset)).toBe(true);
  });

  it('does not count the same socket error from outside the driver, or another error inside it', () => {
    const elsewhere = Object.assign(new Error('This socket has been ended by the other party'), { code: 'EPIPE' });
    elsewhere.stack = 'Error: This socket has been ended by the other party\n    at Socket.writeAfterFIN [as write] (node:net:795:14)\n    at writeReport (/app/dist/server/x.js:1:1)';
    expect(isDatabaseUnavailable(elsewhere)).toBe(false);
    const other = Object.assign(new Error('bad thing'), { code: 'ERR_INVALID_ARG_TYPE', stack: 'Error: bad thing\n    at f (/app/node_modules/mongodb/lib/bson.js:1:1)' });
    expect(isDatabaseUnavailable(other)).toBe(false);
  });

  it('does not count other server errors, another InternalError, or errors that are not the database\'s', () => {
    expect(isDatabaseUnavailable(serverError(11000, 'E11000 duplicate key'))).toBe(false);
    expect(isDatabaseUnavailable(serverError(1, 'some other internal error'))).toBe(false);
    expect(isDatabaseUnavailable(serverError(2, 'context canceled'))).toBe(false);
    expect(isDatabaseUnavailable(new Error('context canceled'))).toBe(false);
    expect(isDatabaseUnavailable(new Error('connection refused'))).toBe(false);
  });
});
