import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Binary, Int32, Long, MongoClient, ObjectId, Timestamp, BSONRegExp, Double, type Db, type Document } from 'mongodb';
import { startDevDb, type DevDbProcess } from '../support/devdb-process.js';

// devdb answers sorted, limited finds from PostgreSQL through the index (tools/devdb/sorted_pages.go)
// instead of FerretDB v1's read-everything-then-sort, and countDocuments with a count in
// PostgreSQL (tools/devdb/counts.go) instead of reading every matching document. Each test checks the answer against the same
// query worked out in JavaScript, and the rows PostgreSQL read (explain's totalDocsExamined).

let devdb: DevDbProcess;
let client: MongoClient;
let db: Db;

const ws = [new ObjectId(), new ObjectId()];
const t0 = Date.UTC(2026, 0, 1);
interface Row { _id: ObjectId; workspace_id: ObjectId; archived: boolean; created_at: Date; n: number; name: string }
const rows: Row[] = Array.from({ length: 10_000 }, (_, i) => ({
  _id: new ObjectId(),
  workspace_id: ws[i % 2]!,
  archived: i % 7 === 0,
  // Three campaigns share each second, so the _id tie-break matters.
  created_at: new Date(t0 + Math.floor(i / 3) * 1000),
  n: i,
  name: `c${i}`,
}));

const hex = (id: ObjectId) => id.toHexString();
const newestFirst = (a: Row, b: Row) => b.created_at.getTime() - a.created_at.getTime() || (hex(b._id) < hex(a._id) ? -1 : 1);
const ids = (docs: Document[]) => docs.map((d) => hex(d._id as ObjectId));

beforeAll(async () => {
  devdb = await startDevDb();
  client = new MongoClient(devdb.uri, { serverSelectionTimeoutMS: 5_000 });
  db = client.db('devdb_sorted_pages');
  const c = db.collection<Row>('campaigns');
  await c.createIndex({ workspace_id: 1, archived: 1, created_at: -1, _id: -1 }, { name: 'workspace_list' });
  for (let i = 0; i < rows.length; i += 2_500) await c.insertMany(rows.slice(i, i + 2_500));
});

afterAll(async () => {
  await client?.close();
  expect(await devdb?.stop()).toBe(0);
});

describe('sorted pages answered through the index', () => {
  it('walks a workspace newest first with a keyset cursor: same pages as MongoDB semantics, a page of rows read each', async () => {
    const c = db.collection<Row>('campaigns');
    const expected = rows.filter((r) => r.workspace_id.equals(ws[0]!) && !r.archived).sort(newestFirst);
    let after: Row | null = null;
    for (let page = 0; page < 4; page++) {
      const filter: Document = { workspace_id: ws[0], archived: false };
      if (after) filter.$and = [{ $or: [{ created_at: { $lt: after.created_at } }, { created_at: after.created_at, _id: { $lt: after._id } }] }];
      const cursor = () => c.find(filter).sort({ created_at: -1, _id: -1 }).limit(51);
      const got = await cursor().toArray();
      expect(ids(got)).toEqual(ids(expected.slice(page * 50, page * 50 + 51)));
      const explained = await cursor().explain('executionStats');
      expect(explained.queryPlanner.devdbSortedPage).toBe(true);
      expect(explained.executionStats.totalDocsExamined).toBeLessThanOrEqual(2 * 51);
      after = got[49] as Row;
    }
  });

  it('returns documents whole: every BSON type the dev database stores, nested objects and arrays, field order', async () => {
    const c = db.collection('types');
    const doc = {
      _id: new ObjectId(),
      k: 'x',
      s: 'ünïcode "quoted"',
      i: new Int32(7),
      l: Long.fromString('9007199254740993'),
      d: new Double(2.5),
      whole: new Double(3),
      b: false,
      nil: null,
      at: new Date(Date.UTC(2026, 11, 2, 3, 4, 5, 678)),
      ts: new Timestamp({ t: 1_700_000_000, i: 3 }),
      bin: new Binary(Buffer.from([0, 1, 2, 255]), 4),
      re: new BSONRegExp('^a.c$', 'i'),
      nested: { z: 1, a: [1, 'two', { three: [new Date(0)] }], empty: {}, none: [] },
    };
    await c.insertOne(doc);
    const explained = await c.find({ k: 'x' }).sort({ _id: 1 }).limit(5).explain();
    expect(explained.queryPlanner.devdbSortedPage).toBe(true);
    // Unpromoted values keep each BSON type visible (Int32, Long, Double) in the comparison.
    const raw = { promoteValues: false, promoteLongs: false } as const;
    const [got] = await c.find({ k: 'x' }, raw).sort({ _id: 1 }).limit(5).toArray();
    const relayed = await c.findOne({ _id: doc._id }, raw); // no sort: FerretDB answers
    expect(got).toEqual(relayed);
    expect(Object.keys(got!)).toEqual(Object.keys(doc));
  });

  it('compares within a type as MongoDB does: a date never matches a number, int and double compare as numbers', async () => {
    const c = db.collection('brackets');
    await c.insertMany([{ v: 5, k: 1 }, { v: 5.5, k: 1 }, { v: new Date(5), k: 1 }, { v: '5', k: 1 }, { v: Long.fromNumber(6), k: 1 }]);
    const sorted = async (filter: Document) => (await c.find(filter).sort({ v: 1 }).limit(10).toArray()).map((d) => d.v);
    expect(await sorted({ k: 1, v: { $gte: 5 } })).toEqual([5, 5.5, 6]);
    expect(await sorted({ k: 1, v: { $lt: new Date(10) } })).toEqual([new Date(5)]);
    expect(await sorted({ k: 1, v: { $gte: '0' } })).toEqual(['5']);
  });

  it('leaves to FerretDB what it cannot answer exactly: a document without the sort field, regex, $in, skip, projection', async () => {
    const c = db.collection('fallbacks');
    await c.insertMany([{ k: 1, at: 2 }, { k: 1 }, { k: 1, at: 1 }, { k: 1, at: 3, tag: 'x' }]);
    // MongoDB orders a missing field as null: first ascending, last descending.
    expect((await c.find({ k: 1 }).sort({ at: -1 }).limit(10).toArray()).map((d) => d.at ?? null)).toEqual([3, 2, 1, null]);
    expect((await c.find({ k: 1 }).sort({ at: 1 }).limit(10).toArray()).map((d) => d.at ?? null)).toEqual([null, 1, 2, 3]);
    const notOurs = [
      c.find({ k: 1, tag: { $regex: '^x' } }).sort({ at: 1 }).limit(5),
      c.find({ k: 1, at: { $in: [1, 3] } }).sort({ at: 1 }).limit(5),
      c.find({ k: 1 }).sort({ at: 1 }).skip(1).limit(5),
      c.find({ k: 1 }, { projection: { at: 1 } }).sort({ at: 1 }).limit(5),
    ];
    // (FerretDB's explain refuses a skip, so that one is checked by its answer alone.)
    for (const i of [0, 1, 3]) expect((await notOurs[i]!.clone().explain()).queryPlanner.devdbSortedPage).toBeUndefined();
    expect((await notOurs[1]!.toArray()).map((d) => d.at)).toEqual([1, 3]);
    expect((await notOurs[2]!.toArray()).map((d) => d.at)).toEqual([1, 2, 3]);
  });
});

describe('counts answered in PostgreSQL', () => {
  const countCommand = (filter: Document) => ({ aggregate: 'campaigns', pipeline: [{ $match: filter }, { $group: { _id: 1, n: { $sum: 1 } } }], cursor: {} });

  it('counts a workspace’s matching rows as MongoDB does (countDocuments), through the index', async () => {
    const c = db.collection<Row>('campaigns');
    const since = new Date(t0 + 1_000_000);
    const cases: Array<[Document, (r: Row) => boolean]> = [
      [{ workspace_id: ws[0] }, (r) => r.workspace_id.equals(ws[0]!)],
      [{ workspace_id: ws[1], archived: true }, (r) => r.workspace_id.equals(ws[1]!) && r.archived],
      [{ workspace_id: ws[0], created_at: { $gte: since } }, (r) => r.workspace_id.equals(ws[0]!) && r.created_at >= since],
      [{ workspace_id: new ObjectId() }, () => false],
    ];
    for (const [filter, matches] of cases) {
      const expected = rows.filter(matches).length;
      expect(await c.countDocuments(filter)).toBe(expected);
      const explained = await db.command({ explain: countCommand(filter), verbosity: 'executionStats' });
      expect(explained.queryPlanner.devdbCount).toBe(true);
      // Only the counted rows are read: none of the other workspace's.
      expect(explained.executionStats.totalDocsExamined).toBeLessThanOrEqual(expected);
    }
  });

  it('leaves to FerretDB a count over a field some document holds an array in (MongoDB matches its elements)', async () => {
    const c = db.collection('tags');
    await c.insertMany([{ k: 1, tag: 'a' }, { k: 1, tag: ['a', 'b'] }, { k: 1, tag: [] }, { k: 2, tag: 'b' }]);
    await c.createIndex({ tag: 1 });
    expect(await c.countDocuments({ tag: 'a' })).toBe(2);
    expect(await c.countDocuments({ k: 1 })).toBe(3);
    const explain = (filter: Document) => db.command({ explain: { ...countCommand(filter), aggregate: 'tags' }, verbosity: 'executionStats' });
    expect((await explain({ tag: 'a' })).queryPlanner.devdbCount).toBeUndefined();
    expect((await explain({ k: 1 })).queryPlanner.devdbCount).toBe(true);
  });
});
