import { pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { BSON, Int32, Long, type Document } from 'mongodb';
import {
  ARCHIVE_FORMAT_VERSION,
  MAGIC_NUMBER_BYTES,
  TERMINATOR_BYTES,
  UNKNOWN_SERVER_VERSION,
  type ArchiveHeader,
} from './archive-format.js';
import { collectionTypeOf, serializeCollectionMetadata } from './collection-metadata.js';
import { toDocumentBytes } from './bson-document.js';
import { Crc64 } from './crc64.js';
import { BufferedOutput } from './stream-output.js';

/** One collection to dump: its metadata.json document and its documents, raw or decoded. */
export interface CollectionDump {
  name: string;
  metadata: Document;
  documents: AsyncIterable<Uint8Array | Document>;
}

export interface ArchiveCollectionDump extends CollectionDump {
  db: string;
}

export interface ArchiveWriterOptions {
  /** The source server's version, "x.y.z": mongorestore refuses an archive whose version it cannot parse. */
  serverVersion?: string;
  toolVersion?: string;
  /** Gzip the whole stream, as `mongodump --archive --gzip` does. */
  gzip?: boolean;
}

export interface WrittenCollection {
  db: string;
  name: string;
  count: number;
}

export interface ArchiveWriteResult {
  collections: WrittenCollection[];
  /** Archive bytes before compression. */
  bytes: number;
}

/**
 * Writes a mongodump archive to `out`, one collection after another (a valid special case of
 * the interleaved layout). Resolves once every byte has been handed to `out`; ending `out` is
 * left to the caller.
 */
export async function writeArchive(
  out: Writable,
  collections: ArchiveCollectionDump[],
  options: ArchiveWriterOptions = {},
): Promise<ArchiveWriteResult> {
  if (!options.gzip) return writeArchiveTo(new BufferedOutput(out), collections, options);
  const gzip = createGzip();
  const delivered = pipeline(gzip, out, { end: false });
  try {
    const result = await writeArchiveTo(new BufferedOutput(gzip), collections, options);
    gzip.end();
    await delivered;
    return result;
  } catch (error) {
    gzip.destroy();
    await delivered.catch(() => undefined);
    throw error;
  }
}

async function writeArchiveTo(
  output: BufferedOutput,
  collections: ArchiveCollectionDump[],
  options: ArchiveWriterOptions,
): Promise<ArchiveWriteResult> {
  await writePrelude(output, collections, options);
  const written: WrittenCollection[] = [];
  for (const collection of collections) {
    const count = await writeNamespace(output, collection);
    written.push({ db: collection.db, name: collection.name, count });
  }
  await output.flush();
  return { collections: written, bytes: output.bytes };
}

async function writePrelude(
  output: BufferedOutput,
  collections: ArchiveCollectionDump[],
  options: ArchiveWriterOptions,
): Promise<void> {
  const header: ArchiveHeader = {
    concurrent_collections: 1,
    version: ARCHIVE_FORMAT_VERSION,
    server_version: options.serverVersion ?? UNKNOWN_SERVER_VERSION,
    tool_version: options.toolVersion ?? '',
  };
  await output.write(MAGIC_NUMBER_BYTES);
  await output.write(BSON.serialize({ ...header, concurrent_collections: new Int32(header.concurrent_collections) }));
  for (const collection of collections) {
    await output.write(
      BSON.serialize({
        db: collection.db,
        collection: collection.name,
        metadata: serializeCollectionMetadata(collection.metadata),
        // mongodump leaves this 0 too: the size is unknown until the collection is streamed.
        size: new Int32(0),
        type: collectionTypeOf(collection.metadata),
      }),
    );
  }
  await output.write(TERMINATOR_BYTES);
}

/** A data block (possibly empty, as mongodump writes for an empty collection) then the EOF block. */
async function writeNamespace(output: BufferedOutput, collection: ArchiveCollectionDump): Promise<number> {
  const crc = new Crc64();
  let count = 0;
  await output.write(namespaceHeader(collection, false, 0n));
  for await (const document of collection.documents) {
    const bytes = toDocumentBytes(document);
    crc.update(bytes);
    await output.write(bytes);
    count++;
  }
  await output.write(TERMINATOR_BYTES);
  await output.write(namespaceHeader(collection, true, crc.digest()));
  await output.write(TERMINATOR_BYTES);
  return count;
}

/** Exactly the four fields mongorestore accepts (it rejects any other key); the CRC is uint64 stored as int64. */
function namespaceHeader(collection: ArchiveCollectionDump, eof: boolean, crc: bigint): Uint8Array {
  return BSON.serialize({
    db: collection.db,
    collection: collection.name,
    EOF: eof,
    CRC: Long.fromBigInt(BigInt.asIntN(64, crc)),
  });
}
