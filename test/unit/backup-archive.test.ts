import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BSON, Binary, Decimal128, Double, Int32, Long, ObjectId, Timestamp, BSONRegExp, type Document } from 'mongodb';
import { readArchive } from '../../src/backup/archive-reader.js';
import { writeArchive, type ArchiveCollectionDump } from '../../src/backup/archive-writer.js';
import { ArchiveFormatError, type ArchiveEvent } from '../../src/backup/archive-format.js';
import { Crc64 } from '../../src/backup/crc64.js';

// Reference CRC-64 (Go hash/crc64, ECMA table), bit by bit with BigInt: independent of src/.
function referenceCrc64(bytes: Uint8Array): bigint {
  const poly = 0xc96c5795d7870f42n;
  let crc = 0xffffffffffffffffn;
  for (const byte of bytes) {
    crc ^= BigInt(byte);
    for (let bit = 0; bit < 8; bit++) crc = crc & 1n ? (crc >> 1n) ^ poly : crc >> 1n;
  }
  return crc ^ 0xffffffffffffffffn;
}

const TERMINATOR = Buffer.from([0xff, 0xff, 0xff, 0xff]);
const MAGIC = Buffer.from([0x6d, 0xe2, 0x99, 0x81]);

function everyBsonType(n: number): Document {
  return {
    _id: new ObjectId(),
    at: new Date(Date.UTC(2026, 3, 28, 12, 0, n)),
    int: new Int32(n),
    long: Long.fromString('9007199254740993'),
    double: new Double(1),
    fraction: new Double(n + 0.5),
    decimal: Decimal128.fromString('12345.6789'),
    binary: new Binary(Buffer.from([0, 1, 2, 255]), 0),
    uuid: new Binary(Buffer.alloc(16, 7), 4),
    flag: n % 2 === 0,
    nothing: null,
    nested: { deeper: { list: [1, 'two', { three: 3 }] } },
    array: [new Int32(1), new Double(2), 'x'],
    ts: new Timestamp({ t: 1700000000, i: n }),
    regex: new BSONRegExp('^a.c$', 'imsx'),
  };
}

async function* documents(docs: (Document | Uint8Array)[]): AsyncGenerator<Document | Uint8Array> {
  yield* docs;
}

async function writeToBuffer(collections: ArchiveCollectionDump[], gzip = false): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await writeArchive(out, collections, { serverVersion: '7.0.0', toolVersion: 'test', gzip });
  out.end();
  return Buffer.concat(chunks);
}

async function collect(input: AsyncIterable<Uint8Array>): Promise<ArchiveEvent[]> {
  const events: ArchiveEvent[] = [];
  for await (const event of readArchive(input)) events.push(event);
  return events;
}

async function* chunked(bytes: Uint8Array, size = 7): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function readError(bytes: Uint8Array): Promise<ArchiveFormatError> {
  try {
    await collect(chunked(bytes));
  } catch (error) {
    if (error instanceof ArchiveFormatError) return error;
    throw error;
  }
  throw new Error('expected the archive to be refused');
}

function documentsOf(events: ArchiveEvent[], collection: string): Uint8Array[] {
  return events.flatMap((event) => (event.type === 'document' && event.collection === collection ? [event.bytes] : []));
}

/** An archive laid out by hand from spec.md, with blocks of two collections interleaved. */
function handBuiltInterleavedArchive(a: Uint8Array[], b: Uint8Array[], crcOverride?: bigint): Buffer {
  const meta = (name: string) =>
    JSON.stringify({ indexes: [{ v: { $numberInt: '2' }, key: { _id: { $numberInt: '1' } }, name: '_id_' }], collectionName: name, type: 'collection' });
  const header = (collection: string, eof: boolean, crc: bigint) =>
    BSON.serialize({ db: 'mc', collection, EOF: eof, CRC: Long.fromBigInt(BigInt.asIntN(64, crc)) });
  const crcA = referenceCrc64(Buffer.concat(a));
  const crcB = referenceCrc64(Buffer.concat(b));
  return Buffer.concat([
    MAGIC,
    BSON.serialize({ concurrent_collections: 4, version: '0.1', server_version: '7.0.14', tool_version: '100.10.0' }),
    BSON.serialize({ db: 'mc', collection: 'alpha', metadata: meta('alpha'), size: 0, type: 'collection' }),
    BSON.serialize({ db: 'mc', collection: 'beta', metadata: meta('beta'), size: 0, type: 'collection' }),
    TERMINATOR,
    header('alpha', false, 0n), ...a.slice(0, 1), TERMINATOR,
    header('beta', false, 0n), ...b.slice(0, 2), TERMINATOR,
    header('alpha', false, 0n), ...a.slice(1), TERMINATOR,
    header('beta', false, 0n), ...b.slice(2), TERMINATOR,
    header('beta', true, crcOverride ?? crcB), TERMINATOR,
    header('alpha', true, crcA), TERMINATOR,
  ]);
}

describe('CRC-64 as mongodump computes it', () => {
  it('gives the CRC-64/XZ check value for "123456789"', () => {
    expect(new Crc64().update(Buffer.from('123456789')).digest()).toBe(0x995dc9bbdf1939fan);
  });

  it('matches the bitwise reference when fed in pieces', () => {
    const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 37) & 0xff));
    const crc = new Crc64().update(bytes.subarray(0, 3)).update(bytes.subarray(3, 500)).update(bytes.subarray(500));
    expect(crc.digest()).toBe(referenceCrc64(bytes));
  });

  it('is 0 for no bytes', () => {
    expect(new Crc64().digest()).toBe(0n);
  });
});

describe('archive writer and reader', () => {
  const users = [everyBsonType(1), everyBsonType(2), everyBsonType(3)];
  const logs = Array.from({ length: 50 }, (_, i) => ({ _id: i, line: `event ${i}` }));
  const collections = (): ArchiveCollectionDump[] => [
    { db: 'mc', name: 'users', metadata: { indexes: [{ v: 2, key: { _id: 1 }, name: '_id_' }], collectionName: 'users', type: 'collection' }, documents: documents(users) },
    { db: 'mc', name: 'empty', metadata: { indexes: [], collectionName: 'empty', type: 'collection' }, documents: documents([]) },
    { db: 'mc', name: 'audit_logs', metadata: { options: { capped: true, size: 4096 }, indexes: [], collectionName: 'audit_logs' }, documents: documents(logs.map((log) => BSON.serialize(log))) },
  ];

  for (const gzip of [false, true]) {
    it(`round-trips several collections, byte for byte (${gzip ? 'gzip' : 'plain'})`, async () => {
      const archive = await writeToBuffer(collections(), gzip);
      expect(archive[0] === 0x1f && archive[1] === 0x8b).toBe(gzip);
      const events = await collect(chunked(archive, 13));
      const prelude = events[0];
      expect(prelude?.type).toBe('prelude');
      if (prelude?.type !== 'prelude') return;
      expect(prelude.header).toEqual({ concurrent_collections: 1, version: '0.1', server_version: '7.0.0', tool_version: 'test' });
      expect(prelude.collections.map((c) => [c.db, c.collection, c.type])).toEqual([
        ['mc', 'users', 'collection'],
        ['mc', 'empty', 'collection'],
        ['mc', 'audit_logs', 'collection'],
      ]);
      expect(prelude.collections[2]?.metadata.options).toEqual({ capped: true, size: new Int32(4096) });
      expect(documentsOf(events, 'users').map((bytes) => Buffer.from(bytes))).toEqual(users.map((doc) => Buffer.from(BSON.serialize(doc))));
      expect(documentsOf(events, 'audit_logs')).toHaveLength(50);
      expect(documentsOf(events, 'empty')).toHaveLength(0);
      expect(events.filter((e) => e.type === 'end').map((e) => e.type === 'end' && e.collection)).toEqual(['users', 'empty', 'audit_logs']);
    });
  }

  it('keeps every BSON type exactly', async () => {
    const archive = await writeToBuffer(collections());
    const [first] = documentsOf(await collect(chunked(archive)), 'users');
    const decoded = BSON.deserialize(first as Uint8Array, { promoteValues: false, bsonRegExp: true });
    expect(decoded).toEqual(BSON.deserialize(BSON.serialize(users[0] as Document), { promoteValues: false, bsonRegExp: true }));
    expect(decoded.double).toBeInstanceOf(Double);
    expect(decoded.long).toBeInstanceOf(Long);
    expect(decoded.regex).toEqual(new BSONRegExp('^a.c$', 'imsx'));
  });

  it('writes the layout of spec.md: magic, header, prelude entries, terminator, blocks with CRCs', async () => {
    const archive = await writeToBuffer([{ db: 'mc', name: 'one', metadata: { indexes: [], collectionName: 'one' }, documents: documents([{ _id: 1 }]) }]);
    const doc = Buffer.from(BSON.serialize({ _id: 1 }));
    const expected = Buffer.concat([
      MAGIC,
      BSON.serialize({ concurrent_collections: 1, version: '0.1', server_version: '7.0.0', tool_version: 'test' }),
      BSON.serialize({ db: 'mc', collection: 'one', metadata: '{"indexes":[],"collectionName":"one"}', size: 0, type: 'collection' }),
      TERMINATOR,
      BSON.serialize({ db: 'mc', collection: 'one', EOF: false, CRC: Long.fromNumber(0) }),
      doc,
      TERMINATOR,
      BSON.serialize({ db: 'mc', collection: 'one', EOF: true, CRC: Long.fromBigInt(BigInt.asIntN(64, referenceCrc64(doc))) }),
      TERMINATOR,
    ]);
    expect(archive).toEqual(expected);
  });

  it('reads interleaved blocks as mongodump writes them with concurrency', async () => {
    const a = [1, 2, 3].map((i) => BSON.serialize({ _id: i, in: 'alpha' }));
    const b = [1, 2, 3, 4].map((i) => BSON.serialize({ _id: i, in: 'beta', big: 'x'.repeat(i * 100) }));
    const events = await collect(chunked(handBuiltInterleavedArchive(a, b), 5));
    expect(events.map((e) => (e.type === 'prelude' ? 'prelude' : `${e.type}:${e.collection}`))).toEqual([
      'prelude',
      'document:alpha',
      'document:beta', 'document:beta',
      'document:alpha', 'document:alpha',
      'document:beta', 'document:beta',
      'end:beta',
      'end:alpha',
    ]);
    expect(documentsOf(events, 'beta').map((bytes) => Buffer.from(bytes))).toEqual(b.map((bytes) => Buffer.from(bytes)));
    const prelude = events[0];
    expect(prelude?.type === 'prelude' && prelude.header.server_version).toBe('7.0.14');
    expect(prelude?.type === 'prelude' && prelude.collections[0]?.metadata.indexes[0].name).toBe('_id_');
  });

  it('refuses a checksum mismatch, naming the collection', async () => {
    const a = [BSON.serialize({ _id: 1 })];
    const b = [1, 2, 3].map((i) => BSON.serialize({ _id: i }));
    const error = await readError(handBuiltInterleavedArchive(a, b, 12345n));
    expect(error.message).toMatch(/^checksum mismatch for mc\.beta/);
  });

  it('detects a flipped byte inside a document through the checksum', async () => {
    const archive = await writeToBuffer([{ db: 'mc', name: 'one', metadata: { indexes: [] }, documents: documents([{ _id: 1, s: 'abc' }]) }]);
    const tampered = Buffer.from(archive);
    tampered[tampered.indexOf('abc') + 1] = 0x78;
    expect((await readError(tampered)).message).toMatch(/^checksum mismatch for mc\.one/);
  });

  it('refuses a wrong magic number', async () => {
    const error = await readError(Buffer.from(BSON.serialize({ hello: 'world' })));
    expect(error.message).toMatch(/^not a mongodump archive/);
    expect((await readError(Buffer.alloc(0))).message).toMatch(/^not a mongodump archive/);
  });

  it('refuses a truncated archive, wherever it is cut, plain or gzipped', async () => {
    const archive = await writeToBuffer(collections());
    for (const cut of [6, 40, Math.floor(archive.length / 2), archive.length - 4, archive.length - 1]) {
      expect((await readError(archive.subarray(0, cut))).message).toMatch(/^archive is truncated/);
    }
    const gzipped = gzipSync(archive);
    expect((await readError(gzipped.subarray(0, gzipped.length - 10))).message).toMatch(/^archive is truncated/);
  });

  it('refuses blocks for a collection the prelude does not list', async () => {
    const archive = Buffer.concat([
      MAGIC,
      BSON.serialize({ concurrent_collections: 1, version: '0.1', server_version: '7.0.0', tool_version: '' }),
      TERMINATOR,
      BSON.serialize({ db: 'mc', collection: 'ghost', EOF: false, CRC: Long.fromNumber(0) }),
      TERMINATOR,
    ]);
    expect((await readError(archive)).message).toMatch(/^corrupt archive: data for mc\.ghost/);
  });

  it('refuses a raw document whose length prefix is wrong when writing', async () => {
    const bad = Buffer.from(BSON.serialize({ _id: 1 })).subarray(0, 8);
    await expect(writeToBuffer([{ db: 'mc', name: 'x', metadata: {}, documents: documents([bad]) }])).rejects.toThrow(/not a single BSON document/);
  });
});
