import type { Readable } from 'node:stream';
import { BSON, type Document } from 'mongodb';
import {
  ArchiveFormatError,
  MAGIC_NUMBER_BYTES,
  namespaceOf,
  type ArchiveEvent,
  type ArchiveHeader,
  type ArchivedCollection,
} from './archive-format.js';
import { ByteReader } from './byte-reader.js';
import { parseCollectionMetadata } from './collection-metadata.js';
import { Crc64 } from './crc64.js';
import { GzipStreamError, gunzipIfCompressed } from './gzip-detection.js';
import { TERMINATOR, TRUNCATED, corrupt, readBsonOrTerminator } from './read-bson-item.js';

// Timeseries data is stored under this prefix by servers before 8.3 (mongo-tools common/intents).
const TIMESERIES_BUCKET_PREFIX = 'system.buckets.';

interface NamespaceState {
  db: string;
  collection: string;
  status: 'unopened' | 'open' | 'closed';
  crc: Crc64;
}

/**
 * Reads a mongodump archive (plain or gzipped) as a stream of events, in constant memory.
 * Blocks of several collections may be interleaved, as mongodump writes them with
 * concurrency. Throws ArchiveFormatError on a wrong magic number, a truncated stream, a
 * malformed block or a checksum mismatch; documents are yielded before their collection's
 * checksum can be verified at its `end`.
 */
export async function* readArchive(input: Readable | AsyncIterable<Uint8Array>): AsyncGenerator<ArchiveEvent> {
  const reader = new ByteReader(withGzipErrorsAsFormatErrors(gunzipIfCompressed(input)));
  try {
    await readMagicNumber(reader);
    const header = parseHeader(await readRequiredDocument(reader));
    const collections: ArchivedCollection[] = [];
    for (;;) {
      const item = await readBsonOrTerminator(reader);
      if (item === null) throw new ArchiveFormatError(`${TRUNCATED}: it ends inside the prelude`);
      if (item === TERMINATOR) break;
      collections.push(parsePreludeEntry(item));
    }
    yield { type: 'prelude', header, collections };
    yield* readNamespaceBlocks(reader, namespaceStates(collections));
  } finally {
    await reader.close();
  }
}

async function* readNamespaceBlocks(
  reader: ByteReader,
  namespaces: Map<string, NamespaceState>,
): AsyncGenerator<ArchiveEvent> {
  for (;;) {
    const block = await readBsonOrTerminator(reader);
    if (block === null) break;
    if (block === TERMINATOR) throw corrupt('a terminator where a block header was expected');
    const header = parseNamespaceHeader(block);
    const ns = namespaceOf(header.db, header.collection);
    const state = namespaces.get(ns);
    if (!state) throw corrupt(`data for ${ns}, which the prelude does not list`);
    if (state.status === 'closed') throw corrupt(`a block for ${ns} after its end`);
    if (header.EOF) {
      const actual = state.crc.digest();
      if (actual !== header.CRC) {
        throw new ArchiveFormatError(
          `checksum mismatch for ${ns}: the archive records ${header.CRC.toString(16)}, its documents give ${actual.toString(16)}`,
        );
      }
      state.status = 'closed';
      const after = await readBsonOrTerminator(reader);
      if (after === null) throw new ArchiveFormatError(`${TRUNCATED}: it ends inside the end block of ${ns}`);
      if (after !== TERMINATOR) throw corrupt(`documents inside the end block of ${ns}`);
      yield { type: 'end', db: state.db, collection: state.collection };
      continue;
    }
    state.status = 'open';
    for (;;) {
      const item = await readBsonOrTerminator(reader);
      if (item === null) throw new ArchiveFormatError(`${TRUNCATED}: it ends inside a block of ${ns}`);
      if (item === TERMINATOR) break;
      state.crc.update(item);
      yield { type: 'document', db: state.db, collection: state.collection, bytes: item };
    }
  }
  const unfinished = [...namespaces.entries()].filter(([, state]) => state.status !== 'closed').map(([ns]) => ns);
  if (unfinished.length > 0) {
    throw new ArchiveFormatError(`${TRUNCATED}: it ends before the end of ${unfinished.join(', ')}`);
  }
}

function namespaceStates(collections: ArchivedCollection[]): Map<string, NamespaceState> {
  const states = new Map<string, NamespaceState>();
  for (const { db, collection, type } of collections) {
    const dataCollection = type === 'timeseries' ? TIMESERIES_BUCKET_PREFIX + collection : collection;
    // Since 8.3 timeseries data is stored under the collection's own name.
    for (const name of new Set([collection, dataCollection])) {
      states.set(namespaceOf(db, name), { db, collection: name, status: 'unopened', crc: new Crc64() });
    }
  }
  return states;
}

async function readMagicNumber(reader: ByteReader): Promise<void> {
  const magic = await reader.read(4);
  if (magic.length < 4 || magic.some((byte, i) => byte !== MAGIC_NUMBER_BYTES[i])) {
    throw new ArchiveFormatError('not a mongodump archive: it does not start with the archive magic number');
  }
}

async function readRequiredDocument(reader: ByteReader): Promise<Uint8Array> {
  const item = await readBsonOrTerminator(reader);
  if (item === null) throw new ArchiveFormatError(`${TRUNCATED}: it ends before the archive header`);
  if (item === TERMINATOR) throw corrupt('a terminator where the archive header was expected');
  return item;
}

function decode(bytes: Uint8Array, what: string): Document {
  try {
    return BSON.deserialize(bytes, { useBigInt64: true });
  } catch (error) {
    throw corrupt(`the ${what} is not valid BSON (${(error as Error).message})`);
  }
}

function stringField(document: Document, field: string, what: string): string {
  const value: unknown = document[field];
  if (typeof value !== 'string') throw corrupt(`the ${what} has no string field "${field}"`);
  return value;
}

function parseHeader(bytes: Uint8Array): ArchiveHeader {
  const document = decode(bytes, 'archive header');
  const concurrent: unknown = document.concurrent_collections;
  return {
    concurrent_collections: typeof concurrent === 'number' ? concurrent : Number(concurrent ?? 0),
    version: stringField(document, 'version', 'archive header'),
    server_version: typeof document.server_version === 'string' ? document.server_version : '',
    tool_version: typeof document.tool_version === 'string' ? document.tool_version : '',
  };
}

function parsePreludeEntry(bytes: Uint8Array): ArchivedCollection {
  const document = decode(bytes, 'prelude entry');
  const db = stringField(document, 'db', 'prelude entry');
  const collection = stringField(document, 'collection', 'prelude entry');
  const metadataJson = typeof document.metadata === 'string' ? document.metadata : '';
  let metadata: Document;
  try {
    metadata = parseCollectionMetadata(metadataJson);
  } catch (error) {
    throw corrupt(`the metadata of ${namespaceOf(db, collection)} is not Extended JSON (${(error as Error).message})`);
  }
  const type = typeof document.type === 'string' && document.type !== '' ? document.type : 'collection';
  return { db, collection, metadata, type };
}

interface NamespaceHeader {
  db: string;
  collection: string;
  EOF: boolean;
  CRC: bigint;
}

function parseNamespaceHeader(bytes: Uint8Array): NamespaceHeader {
  const document = decode(bytes, 'block header');
  const crc: unknown = document.CRC;
  if (typeof document.EOF !== 'boolean' || typeof crc !== 'bigint') {
    throw corrupt('a block header lacks its EOF flag or its int64 CRC');
  }
  const collection = stringField(document, 'collection', 'block header');
  if (collection === '') throw corrupt('a block header names no collection');
  return {
    db: stringField(document, 'db', 'block header'),
    collection,
    EOF: document.EOF,
    CRC: BigInt.asUintN(64, crc),
  };
}

async function* withGzipErrorsAsFormatErrors(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    yield* source;
  } catch (error) {
    if (error instanceof GzipStreamError) {
      throw new ArchiveFormatError(
        /end of file/i.test(error.message)
          ? `${TRUNCATED}: the gzip stream ends early`
          : `corrupt archive: the gzip stream is damaged (${error.message})`,
      );
    }
    throw error;
  }
}
