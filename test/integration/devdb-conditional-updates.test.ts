import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Int32, Long, MongoClient, ObjectId, type CommandSucceededEvent, type Db, type Document } from 'mongodb';
import { startDevDb, type DevDbProcess } from '../support/devdb-process.js';

// devdb applies the write protocol's conditional update (`{_id, version}` ← `$set` + `$inc`) with one
// SQL UPDATE of FerretDB's stored document (tools/devdb/conditional_updates.go) and relays every
// other update to FerretDB. Each test reads the document back through FerretDB (a find without a
// sort is FerretDB's), so what devdb wrote is what FerretDB would have stored.

let devdb: DevDbProcess;
let client: MongoClient;
let db: Db;
/** Per update command sent, whether devdb answered it itself. */
const answeredInSql: boolean[] = [];

beforeAll(async () => {
  devdb = await startDevDb();
  client = new MongoClient(devdb.uri, { serverSelectionTimeoutMS: 5_000, monitorCommands: true });
  client.on('commandSucceeded', (e: CommandSucceededEvent) => {
    if (e.commandName === 'update') answeredInSql.push((e.reply as Document).devdbConditionalUpdate === true);
  });
  client.on('commandFailed', (e) => {
    if (e.commandName === 'update') answeredInSql.push(false);
  });
  db = client.db('devdb_conditional_updates');
});

afterAll(async () => {
  await client?.close();
  expect(await devdb?.stop()).toBe(0);
});

/** Runs one update and says whether devdb answered it in SQL. */
async function answered<T>(update: () => Promise<T>): Promise<{ result: T; inSql: boolean }> {
  const before = answeredInSql.length;
  const result = await update();
  expect(answeredInSql.length).toBe(before + 1);
  return { result, inSql: answeredInSql[before]! };
}

const raw = { promoteValues: false, promoteLongs: false } as const;

describe('conditional updates applied in SQL', () => {
  it('stores exactly what FerretDB stores: values of every type over old ones of other types, the version bumped, the field order kept', async () => {
    const c = db.collection('campaigns');
    const ws = new ObjectId();
    const doc = (_id: ObjectId) => ({
      _id,
      workspace_id: ws,
      status: 'Scheduled',
      pause_reason: null,
      progress: { total: 0, sent: 0, updated_at: null },
      tags: ['a'],
      at: new Date(0),
      ratio: 1,
      big: Long.fromNumber(5),
      version: 3,
      untouched: 'x',
    });
    const [mine, twin] = [new ObjectId(), new ObjectId()];
    await c.insertMany([doc(mine), doc(twin)]);
    const at = new Date(Date.UTC(2026, 11, 3, 9, 0, 0, 123));
    const update = {
      $set: {
        status: 'Sending',
        pause_reason: 'quota "exceeded" ü',
        progress: { total: new Int32(10), sent: Long.fromString('9007199254740993'), updated_at: at, nested: { empty: {}, none: [] } },
        tags: [1, 'two', { three: [at] }, null, true],
        at,
        ratio: 2.5,
        big: new ObjectId(),
      },
      $inc: { version: 1 },
    };
    const { result, inSql } = await answered(() => c.updateOne({ _id: mine, workspace_id: ws, version: 3 }, update));
    expect(inSql).toBe(true);
    expect(result).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    // The twin gets the same update from FerretDB ($eq is an operator devdb leaves to it).
    const relayed = await answered(() => c.updateOne({ _id: twin, workspace_id: ws, version: { $eq: 3 } }, update));
    expect(relayed.inSql).toBe(false);
    const [a, b] = await Promise.all([c.findOne({ _id: mine }, raw), c.findOne({ _id: twin }, raw)]);
    expect(Object.keys(a!)).toEqual(Object.keys(doc(mine)));
    expect({ ...a, _id: null }).toEqual({ ...b, _id: null });
    expect(a).toMatchObject({ status: 'Sending', version: new Int32(4), untouched: 'x' });
    // The indexes PostgreSQL keeps on FerretDB's expressions see the new values.
    await c.createIndex({ workspace_id: 1, status: 1 });
    expect(await c.find({ workspace_id: ws, status: 'Sending' }).sort({ _id: 1 }).limit(5).toArray()).toHaveLength(2);
  });

  it('applies exactly one of many racing updates of the same version', async () => {
    const c = db.collection('race');
    const _id = new ObjectId();
    await c.insertOne({ _id, status: 'Scheduled', by: -1, version: 0 });
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) => c.updateOne({ _id, version: 0 }, { $set: { status: 'Sending', by: i }, $inc: { version: 1 } })),
    );
    expect(results.filter((r) => r.modifiedCount === 1)).toHaveLength(1);
    const winner = results.findIndex((r) => r.modifiedCount === 1);
    expect(await c.findOne({ _id })).toEqual({ _id, status: 'Sending', by: winner, version: 1 });
  });
});

describe('updates left to FerretDB, answered as MongoDB does', () => {
  const seed = async (name: string, doc: Document) => {
    const c = db.collection(name);
    await c.insertOne(doc);
    return c;
  };

  it('a stale version matches nothing', async () => {
    const _id = new ObjectId();
    const c = await seed('stale', { _id, s: 'a', version: 5 });
    const { result, inSql } = await answered(() => c.updateOne({ _id, version: 4 }, { $set: { s: 'b' }, $inc: { version: 1 } }));
    expect([inSql, result.matchedCount, result.modifiedCount]).toEqual([false, 0, 0]);
    expect(await c.findOne({ _id })).toEqual({ _id, s: 'a', version: 5 });
  });

  it('a field the document lacks is appended; an int32 that would overflow becomes a long', async () => {
    const _id = new ObjectId();
    const c = await seed('grow', { _id, s: 'a', version: 2_147_483_647 });
    const { inSql } = await answered(() => c.updateOne({ _id }, { $set: { s: 'b', added: 1 }, $inc: { version: 1 } }));
    expect(inSql).toBe(false);
    const stored = await c.findOne({ _id }, raw);
    expect(Object.keys(stored!)).toEqual(['_id', 's', 'version', 'added']);
    expect(stored!.version).toEqual(Long.fromNumber(2_147_483_648));
  });

  it('a filter without _id, $set alone, upsert, an operator in the filter or a double $inc', async () => {
    const _id = new ObjectId();
    const c = await seed('others', { _id, k: 1, s: 'a', n: 1.5, version: 0 });
    const cases: Array<() => Promise<unknown>> = [
      () => c.updateOne({ k: 1 }, { $set: { s: 'b' }, $inc: { version: 1 } }),
      () => c.updateOne({ _id }, { $set: { s: 'c' } }),
      () => c.updateOne({ _id }, { $set: { s: 'd' }, $inc: { version: 1 } }, { upsert: true }),
      () => c.updateOne({ _id, version: { $gte: 0 } }, { $set: { s: 'e' }, $inc: { version: 1 } }),
      () => c.updateOne({ _id }, { $set: { s: 'f' }, $inc: { n: 1 } }),
    ];
    for (const run of cases) expect((await answered(run)).inSql).toBe(false);
    expect(await c.findOne({ _id })).toEqual({ _id, k: 1, s: 'f', n: 2.5, version: 3 });
  });

  it('a unique index violation is FerretDB’s duplicate key error, and nothing changes', async () => {
    const c = db.collection('unique');
    await c.createIndex({ name: 1 }, { unique: true });
    const [a, b] = [new ObjectId(), new ObjectId()];
    await c.insertMany([{ _id: a, name: 'taken', version: 0 }, { _id: b, name: 'free', version: 0 }]);
    await expect(c.updateOne({ _id: b, version: 0 }, { $set: { name: 'taken' }, $inc: { version: 1 } })).rejects.toThrow(/duplicate/i);
    expect(await c.findOne({ _id: b })).toEqual({ _id: b, name: 'free', version: 0 });
  });

  it('$set of _id is refused as MongoDB refuses it', async () => {
    const _id = new ObjectId();
    const c = await seed('immutable', { _id, version: 0 });
    await expect(c.updateOne({ _id, version: 0 }, { $set: { _id: new ObjectId() }, $inc: { version: 1 } })).rejects.toThrow(/_id/);
    expect(await c.findOne({ _id })).toEqual({ _id, version: 0 });
  });
});
