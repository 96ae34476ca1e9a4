import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BSON, Decimal128, Double, Int32, ObjectId, type Document } from 'mongodb';
import { readDumpDirectory } from '../../src/backup/dump-directory-reader.js';
import { writeDumpDirectory } from '../../src/backup/dump-directory-writer.js';
import { collectionFileStem, queryEscape, queryUnescape } from '../../src/backup/dump-file-names.js';
import { ArchiveFormatError, type ArchiveEvent } from '../../src/backup/archive-format.js';
import { findMongoTool } from '../../src/backup/find-mongo-tool.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mc-backup-dir-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function* documents(docs: Document[]): AsyncGenerator<Document> {
  yield* docs;
}

async function collect(events: AsyncIterable<ArchiveEvent>): Promise<ArchiveEvent[]> {
  const all: ArchiveEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

const campaigns = [
  { _id: new ObjectId(), name: 'spring', price: Decimal128.fromString('0.05'), ratio: new Double(2), n: new Int32(3) },
  { _id: new ObjectId(), name: 'summer', tags: ['a', 'b'], at: new Date(0) },
];

describe('dump directory layout', () => {
  for (const gzip of [false, true]) {
    it(`round-trips DB/COLL.bson and DB/COLL.metadata.json (${gzip ? 'gzip' : 'plain'})`, async () => {
      const result = await writeDumpDirectory(
        dir,
        'mc',
        [
          { name: 'campaigns', metadata: { indexes: [{ v: 2, key: { _id: 1 }, name: '_id_' }], collectionName: 'campaigns', type: 'collection' }, documents: documents(campaigns) },
          { name: 'empty', metadata: { indexes: [], collectionName: 'empty' }, documents: documents([]) },
        ],
        { gzip, serverVersion: '7.0.5' },
      );
      expect(result.collections).toEqual([{ name: 'campaigns', count: 2 }, { name: 'empty', count: 0 }]);
      const gz = gzip ? '.gz' : '';
      expect((await readdir(join(dir, 'mc'))).sort()).toEqual(
        [`campaigns.bson${gz}`, `campaigns.metadata.json${gz}`, `empty.bson${gz}`, `empty.metadata.json${gz}`, `prelude.json${gz}`].sort(),
      );
      const rawMetadata = await readFile(join(dir, 'mc', `campaigns.metadata.json${gz}`));
      expect((gzip ? gunzipSync(rawMetadata) : rawMetadata).toString()).toBe(
        '{"indexes":[{"v":{"$numberInt":"2"},"key":{"_id":{"$numberInt":"1"}},"name":"_id_"}],"collectionName":"campaigns","type":"collection"}',
      );
      const rawBson = await readFile(join(dir, 'mc', `campaigns.bson${gz}`));
      expect(gzip ? gunzipSync(rawBson) : rawBson).toEqual(Buffer.concat(campaigns.map((doc) => BSON.serialize(doc))));

      for (const root of [dir, join(dir, 'mc')]) {
        const events = await collect(readDumpDirectory(root));
        const prelude = events[0];
        expect(prelude?.type === 'prelude' && prelude.header.server_version).toBe('7.0.5');
        expect(prelude?.type === 'prelude' && prelude.collections.map((c) => `${c.db}.${c.collection}`)).toEqual(['mc.campaigns', 'mc.empty']);
        const docs = events.flatMap((e) => (e.type === 'document' ? [Buffer.from(e.bytes)] : []));
        expect(docs).toEqual(campaigns.map((doc) => Buffer.from(BSON.serialize(doc))));
        expect(events.filter((e) => e.type === 'end')).toHaveLength(2);
      }
    });
  }

  it('refuses a truncated .bson file, naming it', async () => {
    await writeDumpDirectory(dir, 'mc', [{ name: 'c', metadata: { indexes: [] }, documents: documents(campaigns) }]);
    const path = join(dir, 'mc', 'c.bson');
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, bytes.length - 3));
    const failure = collect(readDumpDirectory(dir));
    await expect(failure).rejects.toBeInstanceOf(ArchiveFormatError);
    await expect(failure).rejects.toThrow(/^archive is truncated.*c\.bson/);
  });

  it('refuses a directory without dump files', async () => {
    await expect(collect(readDumpDirectory(dir))).rejects.toThrow(/not a mongodump directory/);
  });

  it('names files like Go url.QueryEscape and shortens very long names', () => {
    expect(queryEscape('audit logs/2026 $x~é')).toBe('audit+logs%2F2026+%24x~%C3%A9');
    expect(queryUnescape('audit+logs%2F2026+%24x~%C3%A9')).toBe('audit logs/2026 $x~é');
    const long = collectionFileStem('x'.repeat(300));
    expect(long).toHaveLength(208 + 3 + 27);
    expect(long.startsWith('x'.repeat(208) + '%24')).toBe(true);
  });
});

describe('findMongoTool', () => {
  it('finds an executable on the given PATH and returns null otherwise', async () => {
    const tool = join(dir, 'mongodump');
    await writeFile(tool, '#!/bin/sh\n', { mode: 0o755 });
    expect(findMongoTool('mongodump', `/nonexistent:${dir}`)).toBe(tool);
    expect(findMongoTool('mongorestore', dir)).toBeNull();
  });
});
