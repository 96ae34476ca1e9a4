import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal128, Int32, Long, MongoBulkWriteError, MongoClient, type Collection, type Db, type Document } from 'mongodb';
import { startDevDb, type DevDbProcess } from '../support/devdb-process.js';

// What FerretDB v1.24 (the dev database, docs/devdb.md) does with the MongoDB features the
// application might use. "Works" tests are what code may rely on; "gap" tests pin down how the dev
// database refuses or differs, so a FerretDB upgrade that changes it shows up here. It runs its own
// devdb so it always tests FerretDB, even when MONGODB_URI points the other suites at MongoDB.

const NOT_IMPLEMENTED = 238;

let devdb: DevDbProcess;
let client: MongoClient;
let db: Db;
let seq = 0;

beforeAll(async () => {
  devdb = await startDevDb();
  client = new MongoClient(devdb.uri, { serverSelectionTimeoutMS: 5_000 });
  db = client.db('devdb_features');
});

afterAll(async () => {
  await client?.close();
  expect(await devdb?.stop()).toBe(0);
});

function fresh<T extends Document = Document>(): Collection<T> {
  seq += 1;
  return db.collection<T>(`c${seq}`);
}

interface CounterDoc {
  _id: string;
  n?: number | Int32;
  deep?: { m: number };
  key?: string;
  s?: number;
  created?: number;
  made?: number;
  hi?: number;
  lo?: number;
  arr?: number[];
  set?: string[];
  at?: Date;
}

interface ArrayDoc {
  _id: string;
  a: number[];
  b?: number;
  h?: number[];
}

async function codeOf(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (e) {
    return (e as { code?: unknown }).code;
  }
  throw new Error('expected the server to refuse');
}

describe('works on the dev database', () => {
  it('createIndexes (unique compound, named), listIndexes, dropIndex', async () => {
    const c = fresh();
    expect(await c.createIndexes([{ key: { ws: 1, key: 1 }, name: 'ws_key', unique: true }, { key: { at: -1 } }])).toEqual(['ws_key', 'at_-1']);
    const indexes = await c.listIndexes().toArray();
    expect(indexes.map((i) => [i.name, i.key, i.unique ?? false])).toEqual([
      ['_id_', { _id: 1 }, false],
      ['at_-1', { at: -1 }, false],
      ['ws_key', { ws: 1, key: 1 }, true],
    ]);
    await c.insertOne({ ws: 'a', key: 1 });
    await c.insertOne({ ws: 'b', key: 1 });
    expect(await codeOf(c.insertOne({ ws: 'a', key: 1 }))).toBe(11000);
    await c.dropIndex('at_-1');
    expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'ws_key']);
  });

  it('duplicate keys: ordered insertMany stops at the first, code 11000 with writeErrors[].index', async () => {
    const c = fresh();
    await c.createIndex({ k: 1 }, { unique: true });
    const err = await c.insertMany([{ k: 1 }, { k: 1 }, { k: 2 }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MongoBulkWriteError);
    const bulk = err as MongoBulkWriteError;
    expect(bulk.code).toBe(11000);
    expect(bulk.writeErrors).toEqual([expect.objectContaining({ code: 11000, index: 1 })]);
    expect(bulk.insertedCount).toBe(1);
    expect(await c.countDocuments()).toBe(1);
  });

  it('duplicate keys: bulkWrite ordered:false inserts the rest and reports each duplicate', async () => {
    const c = fresh();
    await c.createIndex({ k: 1 }, { unique: true });
    const err = await c
      .bulkWrite([2, 2, 3, 3, 4].map((k) => ({ insertOne: { document: { k } } })), { ordered: false })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MongoBulkWriteError);
    const bulk = err as MongoBulkWriteError;
    expect(bulk.code).toBe(11000);
    const writeErrors = Array.isArray(bulk.writeErrors) ? bulk.writeErrors : [bulk.writeErrors];
    expect(writeErrors.map((w) => [w.code, w.index])).toEqual([[11000, 1], [11000, 3]]);
    expect(writeErrors[0]!.errmsg).toMatch(/^E11000 duplicate key error collection: devdb_features\.c\d+$/);
    expect(bulk.insertedCount).toBe(3);
    expect((await c.find({}, { projection: { _id: 0, k: 1 } }).sort({ k: 1 }).toArray()).map((d) => d.k)).toEqual([2, 3, 4]);
  });

  it('an upsert that would insert a duplicate key fails with 11000', async () => {
    const c = fresh();
    await c.createIndex({ k: 1 }, { unique: true });
    await c.insertOne({ k: 1 });
    expect(await codeOf(c.updateOne({ other: 1 }, { $set: { k: 1 } }, { upsert: true }))).toBe(11000);
  });

  it('unique index: documents without the field do not collide, explicit nulls do', async () => {
    const c = fresh();
    await c.createIndex({ k: 1 }, { unique: true });
    await c.insertOne({ a: 1 });
    await c.insertOne({ a: 2 }); // MongoDB refuses this one: there, a missing field indexes as null
    await c.insertOne({ k: null });
    expect(await codeOf(c.insertOne({ k: null }))).toBe(11000);
  });

  it('findOneAndUpdate returnDocument before/after, upsert, includeResultMetadata; findOneAndReplace/Delete', async () => {
    const c = fresh();
    const { insertedId } = await c.insertOne({ k: 1, n: 0 });
    expect(await c.findOneAndUpdate({ k: 1 }, { $inc: { n: 1 } }, { returnDocument: 'before' })).toEqual({ _id: insertedId, k: 1, n: 0 });
    expect(await c.findOneAndUpdate({ k: 1 }, { $inc: { n: 1 } }, { returnDocument: 'after' })).toEqual({ _id: insertedId, k: 1, n: 2 });
    expect(await c.findOneAndUpdate({ k: 2 }, { $set: { n: 9 } }, { returnDocument: 'after', upsert: true })).toMatchObject({ k: 2, n: 9 });
    expect(await c.findOneAndUpdate({ k: 3 }, { $set: { n: 1 } }, { returnDocument: 'after' })).toBeNull();
    const meta = await c.findOneAndUpdate({ k: 1 }, { $set: { m: 1 } }, { returnDocument: 'after', includeResultMetadata: true });
    expect(meta.lastErrorObject).toEqual({ n: 1, updatedExisting: true });
    expect(await c.findOneAndReplace({ k: 2 }, { k: 2, r: true }, { returnDocument: 'after' })).toMatchObject({ k: 2, r: true });
    expect(await c.findOneAndDelete({ k: 2 })).toMatchObject({ k: 2, r: true });
    expect(await c.countDocuments({ k: 2 })).toBe(0);
  });

  it('countDocuments (filter, skip, limit), estimatedDocumentCount, distinct', async () => {
    const c = fresh();
    await c.insertMany([1, 2, 3, 4, 5].map((i) => ({ i, g: i % 2 ? 'odd' : 'even' })));
    expect(await c.countDocuments({ i: { $gte: 2 } })).toBe(4);
    expect(await c.countDocuments({}, { skip: 1, limit: 2 })).toBe(2);
    expect(await c.estimatedDocumentCount()).toBe(5);
    expect((await c.distinct('g')).sort()).toEqual(['even', 'odd']);
    expect(await c.distinct('i', { g: 'even' })).toEqual([2, 4]);
    expect(await db.collection('never_created').countDocuments()).toBe(0);
  });

  it('update operators: $inc (upsert, nested, int32 overflow to long), $setOnInsert, $max/$min, arrays, $unset/$rename/$mul/$currentDate', async () => {
    const c = fresh<CounterDoc>();
    await c.updateOne({ _id: 'a' }, { $inc: { n: 1, 'deep.m': 2 } }, { upsert: true });
    await c.updateOne({ _id: 'a' }, { $inc: { n: 1 } });
    expect(await c.findOne({ _id: 'a' })).toEqual({ _id: 'a', n: 2, deep: { m: 2 } });

    await c.updateOne({ key: 'k' }, { $set: { s: 1 }, $setOnInsert: { _id: 'k', created: 1 } }, { upsert: true });
    await c.updateOne({ key: 'k' }, { $set: { s: 2 }, $setOnInsert: { created: 2 } }, { upsert: true });
    expect(await c.findOne({ key: 'k' }, { projection: { _id: 0 } })).toEqual({ key: 'k', s: 2, created: 1 });

    await c.updateOne({ key: 'k' }, { $max: { hi: 5 }, $min: { lo: 5 } });
    await c.updateOne({ key: 'k' }, { $max: { hi: 3 }, $min: { lo: 3 } });
    await c.updateOne({ key: 'k' }, { $push: { arr: 1 }, $addToSet: { set: 'x' } });
    await c.updateOne({ key: 'k' }, { $push: { arr: 2 }, $addToSet: { set: 'x' } });
    await c.updateOne({ key: 'k' }, { $pull: { arr: 1 }, $unset: { s: '' }, $rename: { created: 'made' }, $mul: { hi: 2 }, $currentDate: { at: true } });
    const doc = await c.findOne({ key: 'k' }, { projection: { _id: 0 } });
    expect(doc).toEqual({ key: 'k', made: 1, hi: 10, lo: 3, arr: [2], set: ['x'], at: expect.any(Date) });

    await c.insertOne({ _id: 'big', n: new Int32(2147483647) });
    await c.updateOne({ _id: 'big' }, { $inc: { n: 1 } });
    const big = await c.findOne({ _id: 'big' }, { promoteLongs: false });
    expect(big!.n).toBeInstanceOf(Long);
    expect(String(big!.n)).toBe('2147483648');
  });

  it('aggregate $match/$group (one accumulator: $sum or $count)/$sort/$skip/$limit/$count/$project/$unset', async () => {
    const c = fresh();
    await c.insertMany([
      { g: 'x', v: 1, tags: ['a', 'b'] },
      { g: 'x', v: 2, tags: [] },
      { g: 'y', v: 5, tags: ['c'] },
    ]);
    const group = (acc: Document) => c.aggregate([{ $match: { v: { $gte: 1 } } }, { $group: { _id: '$g', r: acc } }, { $sort: { _id: 1 } }]).toArray();
    expect(await group({ $sum: '$v' })).toEqual([{ _id: 'x', r: 3 }, { _id: 'y', r: 5 }]);
    expect(await group({ $sum: 1 })).toEqual([{ _id: 'x', r: 2 }, { _id: 'y', r: 1 }]);
    expect(await group({ $count: {} })).toEqual([{ _id: 'x', r: 2 }, { _id: 'y', r: 1 }]);
    expect(await c.aggregate([{ $group: { _id: { g: '$g' }, n: { $sum: 1 } } }, { $sort: { n: -1 } }, { $limit: 1 }]).toArray()).toEqual([{ _id: { g: 'x' }, n: 2 }]);
    expect(await c.aggregate([{ $group: { _id: null, n: { $sum: '$v' } } }]).toArray()).toEqual([{ _id: null, n: 8 }]);
    expect(await c.aggregate([{ $match: { g: 'x' } }, { $count: 'n' }]).toArray()).toEqual([{ n: 2 }]);
    expect(await c.aggregate([{ $sort: { v: -1 } }, { $skip: 1 }, { $project: { _id: 0, v: 1, plus: { $sum: ['$v', 1] } } }]).toArray()).toEqual([
      { v: 2, plus: 3 },
      { v: 1, plus: 2 },
    ]);
    expect(await c.aggregate([{ $match: { g: 'y' } }, { $unset: ['_id', 'v'] }]).toArray()).toEqual([{ g: 'y', tags: ['c'] }]);
  });

  it('cursors: batchSize over many batches, sort/skip/limit', async () => {
    const c = fresh();
    await c.insertMany(Array.from({ length: 250 }, (_, i) => ({ i })));
    let seen = 0;
    for await (const _ of c.find({}).batchSize(10)) seen += 1;
    expect(seen).toBe(250);
    expect((await c.find({ i: { $gte: 5 } }).sort({ i: -1 }).skip(2).limit(3).toArray()).map((d) => d.i)).toEqual([247, 246, 245]);
  });

  it('queries: $in/$nin/$or/$nor/$not/$exists/$type/$size/$all/$mod/regex/dotted paths/array elements', async () => {
    const c = fresh();
    await c.insertMany([
      { a: [1, 2, 3], s: 'Hello', n: 5, o: { p: { q: 1 } } },
      { a: [2], s: 'hi', n: Long.fromNumber(7) },
    ]);
    const count = (f: Document) => c.countDocuments(f);
    expect(await count({ n: { $in: [5, 6] } })).toBe(1);
    expect(await count({ n: { $nin: [5] } })).toBe(1);
    expect(await count({ $or: [{ n: 5 }, { s: 'hi' }] })).toBe(2);
    expect(await count({ $nor: [{ n: 5 }] })).toBe(1);
    expect(await count({ n: { $not: { $gt: 6 } } })).toBe(1);
    expect(await count({ o: { $exists: false } })).toBe(1);
    expect(await count({ n: { $type: 'long' } })).toBe(1);
    expect(await count({ a: { $size: 1 } })).toBe(1);
    expect(await count({ a: { $all: [1, 2] } })).toBe(1);
    expect(await count({ n: { $mod: [2, 1] } })).toBe(2);
    expect(await count({ s: { $regex: '^h', $options: 'i' } })).toBe(2);
    expect(await count({ 'o.p.q': 1 })).toBe(1);
    expect(await count({ a: 2 })).toBe(2);
    expect(await count({ 'a.0': 1 })).toBe(1);
  });

  it('listCollections, renameCollection, drop, dropDatabase', async () => {
    const other = client.db('devdb_features_drop');
    await other.collection('one').insertOne({ x: 1 });
    await other.createCollection('two');
    expect(await codeOf(other.createCollection('two'))).toBe(48);
    expect((await other.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort()).toEqual(['one', 'two']);
    await other.renameCollection('one', 'uno');
    expect(await other.collection('uno').countDocuments()).toBe(1);
    expect(await other.collection('two').drop()).toBe(true);
    expect((await other.listCollections({ name: 'uno' }).toArray()).map((c) => [c.name, c.type])).toEqual([['uno', 'collection']]);
    expect(await other.dropDatabase()).toBe(true);
    const names = (await client.db().admin().listDatabases()).databases.map((d) => d.name);
    expect(names).not.toContain('devdb_features_drop');
  });

  it('large documents: 15 MiB round-trips', async () => {
    const c = fresh();
    const s = 'x'.repeat(15 * 1024 * 1024);
    const { insertedId } = await c.insertOne({ s });
    expect((await c.findOne({ _id: insertedId }))?.s.length).toBe(s.length);
  });

  it('sparse and capped are accepted (sparse is not kept: listIndexes omits it)', async () => {
    const c = fresh();
    await c.createIndex({ s: 1 }, { sparse: true, name: 's_sparse' });
    expect((await c.listIndexes().toArray()).find((i) => i.name === 's_sparse')).toEqual({ v: 2, key: { s: 1 }, name: 's_sparse' });
    await db.createCollection(`capped${seq}`, { capped: true, size: 100_000 });
  });
});

describe('gaps of the dev database (refused, or different from MongoDB)', () => {
  it('index options expireAfterSeconds (TTL), partialFilterExpression, collation; text/2dsphere/hashed indexes', async () => {
    const c = fresh();
    expect(await codeOf(c.createIndex({ at: 1 }, { expireAfterSeconds: 60 }))).toBe(NOT_IMPLEMENTED);
    expect(await codeOf(c.createIndex({ a: 1 }, { partialFilterExpression: { a: { $exists: true } } }))).toBe(NOT_IMPLEMENTED);
    expect(await codeOf(c.createIndex({ a: 1 }, { collation: { locale: 'en' } }))).toBe(NOT_IMPLEMENTED);
    for (const kind of ['text', '2dsphere', 'hashed']) {
      await expect(c.createIndex({ t: kind as never })).rejects.toThrow();
    }
  });

  it('collMod, renameCollection with dropTarget, validators, change streams', async () => {
    const c = fresh();
    await c.insertOne({ x: 1 });
    expect(await codeOf(db.command({ collMod: c.collectionName, validator: {} }))).toBe(NOT_IMPLEMENTED);
    const target = fresh();
    await target.insertOne({ y: 1 });
    expect(await codeOf(db.renameCollection(c.collectionName, target.collectionName, { dropTarget: true }))).toBe(NOT_IMPLEMENTED);
    expect(await codeOf(db.createCollection(`v${seq}`, { validator: { $jsonSchema: { required: ['a'] } } }))).toBe(NOT_IMPLEMENTED);
    expect(await codeOf(c.aggregate([{ $changeStream: {} }]).toArray())).toBe(NOT_IMPLEMENTED);
  });

  it('multi-document transactions fail', async () => {
    const c = fresh();
    const session = client.startSession();
    try {
      await expect(session.withTransaction(async () => c.insertOne({ x: 1 }, { session }))).rejects.toThrow(/autocommit/);
    } finally {
      await session.endSession();
    }
  });

  it('an update that makes a unique key collide fails with InternalError (code 1), not 11000', async () => {
    const c = fresh();
    await c.createIndex({ k: 1 }, { unique: true });
    await c.insertMany([{ k: 1 }, { k: 2 }]);
    expect(await codeOf(c.updateOne({ k: 2 }, { $set: { k: 1 } }))).toBe(1);
    expect(await codeOf(c.replaceOne({ k: 2 }, { k: 1 }))).toBe(1);
    expect(await codeOf(c.findOneAndUpdate({ k: 2 }, { $set: { k: 1 } }))).toBe(1);
  });

  it('aggregation: $lookup, $facet, $replaceRoot, $sample, $sortByCount, $unwind options; $group accumulators other than $sum/$count', async () => {
    const c = fresh();
    await c.insertMany([{ g: 'x', v: 1, t: ['a'] }]);
    const stages: Document[] = [
      { $lookup: { from: 'other', localField: 'g', foreignField: 'g', as: 'j' } },
      { $facet: { a: [{ $count: 'n' }] } },
      { $replaceRoot: { newRoot: { x: '$g' } } },
      { $sample: { size: 1 } },
      { $sortByCount: '$g' },
      { $unwind: { path: '$t', preserveNullAndEmptyArrays: true } },
    ];
    for (const acc of ['$avg', '$min', '$max', '$first', '$last', '$push', '$addToSet']) stages.push({ $group: { _id: '$g', r: { [acc]: '$v' } } });
    for (const stage of stages) expect([stage, await codeOf(c.aggregate([stage]).toArray())]).toEqual([stage, NOT_IMPLEMENTED]);
  });

  it('$group computes only its FIRST accumulator: every later one silently returns 0', async () => {
    const c = fresh();
    await c.insertMany([{ g: 'x', v: 1 }, { g: 'x', v: 2 }]);
    expect(await c.aggregate([{ $group: { _id: '$g', total: { $sum: '$v' }, n: { $sum: 1 }, c: { $count: {} } } }]).toArray()).toEqual([
      { _id: 'x', total: 3, n: 0, c: 0 }, // MongoDB: n 2, c 2
    ]);
  });

  it('$unwind keeps only _id and the unwound field, dropping every other field', async () => {
    const c = fresh();
    await c.insertOne({ _id: 'a' as never, g: 'x', tags: ['t1', 't2'] });
    expect(await c.aggregate([{ $unwind: '$tags' }]).toArray()).toEqual([
      { _id: 'a', tags: 't1' }, // MongoDB keeps g: 'x'
      { _id: 'a', tags: 't2' },
    ]);
  });

  it('findOneAndUpdate/findOneAndDelete with a projection are refused', async () => {
    const c = fresh();
    await c.insertOne({ k: 1 });
    expect(await codeOf(c.findOneAndUpdate({ k: 1 }, { $set: { n: 1 } }, { projection: { _id: 0 } }))).toBe(NOT_IMPLEMENTED);
    expect(await codeOf(c.findOneAndDelete({ k: 1 }, { projection: { _id: 0 } }))).toBe(NOT_IMPLEMENTED);
  });

  it('aggregation expressions ($cond, $concat, $dateToString, $expr, ...) are refused, and $set/$addFields store "$field" literally', async () => {
    const c = fresh();
    await c.insertOne({ g: 'x', v: 1, d: new Date() });
    for (const expr of [{ $cond: [{ $gt: ['$v', 1] }, 'a', 'b'] }, { $concat: ['$g', '-'] }, { $dateToString: { format: '%Y', date: '$d' } }, { $toString: '$v' }, { $multiply: ['$v', 2] }]) {
      expect([expr, await codeOf(c.aggregate([{ $project: { r: expr } }]).toArray())]).toEqual([expr, NOT_IMPLEMENTED]);
    }
    expect(await codeOf(c.find({ $expr: { $gt: ['$v', 0] } }).toArray())).toBe(NOT_IMPLEMENTED);
    // MongoDB would copy v into w; FerretDB v1 stores the string.
    expect(await c.aggregate([{ $set: { w: '$v' } }, { $project: { _id: 0, w: 1 } }]).toArray()).toEqual([{ w: '$v' }]);
    expect(await c.aggregate([{ $addFields: { w: '$v' } }, { $project: { _id: 0, w: 1 } }]).toArray()).toEqual([{ w: '$v' }]);
  });

  it('updates: arrayFilters, positional $, pipeline updates are refused; $push $sort/$slice modifiers are ignored', async () => {
    const c = fresh<ArrayDoc>();
    await c.insertOne({ _id: 'a', a: [1, 2, 3] });
    expect(await codeOf(c.updateOne({ _id: 'a' }, { $set: { 'a.$[e]': 9 } }, { arrayFilters: [{ e: { $gte: 2 } }] }))).toBe(NOT_IMPLEMENTED);
    expect(await codeOf(c.updateOne({ a: 1 }, { $set: { 'a.$': 10 } }))).toBe(28);
    expect(await codeOf(c.updateOne({ _id: 'a' }, [{ $set: { b: 1 } }]))).toBe(14);
    await c.updateOne({ _id: 'a' }, { $push: { h: { $each: [3, 1, 2], $sort: 1, $slice: -2 } } });
    expect((await c.findOne({ _id: 'a' }))?.h).toEqual([3, 1, 2]); // MongoDB: [2, 3]
  });

  it('queries: collation and projection $slice/$elemMatch are refused', async () => {
    const c = fresh();
    await c.insertOne({ a: [1, 2] });
    expect(await codeOf(c.find({}).collation({ locale: 'en', strength: 2 }).toArray())).toBe(NOT_IMPLEMENTED);
    expect(await codeOf(c.find({}, { projection: { a: { $slice: 1 } } }).toArray())).toBe(NOT_IMPLEMENTED);
    expect(await codeOf(c.find({}, { projection: { a: { $elemMatch: { $gt: 1 } } } }).toArray())).toBe(NOT_IMPLEMENTED);
  });

  it('values: Infinity is refused (code 2); Decimal128 and NaN make the server drop the connection', async () => {
    const c = fresh();
    expect(await codeOf(c.insertOne({ x: Infinity }))).toBe(2);
    await expect(c.insertOne({ x: Decimal128.fromString('1.10') })).rejects.toThrow(/closed/);
    await expect(c.insertOne({ x: NaN })).rejects.toThrow(/closed/);
    await c.insertOne({ ok: true }); // the driver reconnects
    expect(await c.countDocuments({ ok: true })).toBe(1);
  });

  it('explain answers with a PostgreSQL plan, not MongoDB queryPlanner.winningPlan', async () => {
    const c = fresh();
    await c.insertOne({ i: 1 });
    const plan = await c.find({ i: 1 }).explain();
    expect(plan.queryPlanner).toHaveProperty('Plan');
    expect(plan.queryPlanner).not.toHaveProperty('winningPlan');
  });

  it('equality on the first field of an index, or on _id, is an index scan: devdb adds a GIN companion per leading field', async () => {
    const c = fresh<{ _id?: unknown; kind: string; n: number }>();
    await c.createIndex({ kind: 1, n: -1 }, { name: 'kind_n' });
    await c.createIndex({ kind: 1 }, { name: 'kind' });
    await c.insertMany(Array.from({ length: 3000 }, (_, i) => ({ kind: `k${i % 100}`, n: i })));
    const one = await c.findOne({ n: 7 });
    const planOf = async (filter: Document) => JSON.stringify((await c.find(filter).explain()).queryPlanner);
    const indexScan = /Bitmap Index Scan.*devdb_gin_|devdb_gin_.*Bitmap Index Scan/;
    expect(await planOf({ _id: one!._id })).toMatch(indexScan);
    expect(await planOf({ kind: 'k7' })).toMatch(indexScan);
    // As on MongoDB, a field that is not an index's first one cannot seek it.
    expect(await planOf({ n: 7 })).toMatch(/Seq Scan/);
    expect(await c.countDocuments({ kind: 'k7' })).toBe(30);
    // The two indexes share one companion; it stays while either is there.
    await c.dropIndex('kind_n');
    expect(await planOf({ kind: 'k7' })).toMatch(indexScan);
    await c.dropIndex('kind');
    expect(await planOf({ kind: 'k7' })).toMatch(/Seq Scan/);
    expect(await planOf({ _id: one!._id })).toMatch(indexScan);
  });

  it('tables are analyzed within seconds of a bulk load: a lookup by _id stops ANDing in a field every row shares', async () => {
    const c = fresh<{ _id?: unknown; ws: string; n: number }>();
    await c.createIndex({ ws: 1, n: 1 }, { name: 'ws_n' });
    await c.insertMany(Array.from({ length: 5000 }, (_, i) => ({ ws: 'one', n: i })));
    const one = await c.findOne({ n: 7 });
    const planOf = async () => JSON.stringify((await c.find({ _id: one!._id, ws: 'one' }).explain()).queryPlanner);
    // Without statistics PostgreSQL guesses both GIN companions equally selective and ANDs the
    // bitmap of all 5000 rows into the lookup (docs/devdb.md "Statistics"); autovacuum runs every second.
    await expect.poll(planOf, { timeout: 30_000, interval: 250 }).not.toMatch(/BitmapAnd/);
    expect(await planOf()).toMatch(/devdb_gin_/);
  });
});
