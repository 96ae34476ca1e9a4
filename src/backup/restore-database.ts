import { createReadStream } from 'node:fs';
import { MongoBulkWriteError, type Db, type Document } from 'mongodb';
import { namespaceOf, type ArchiveEvent, type ArchivedCollection } from './archive-format.js';
import { readArchive } from './archive-reader.js';
import type { BackupLocation } from './backup-database.js';
import { StoredDocument } from './bson-document.js';
import { readDumpDirectory } from './dump-directory-reader.js';

export interface RestoreOptions {
  /** Called every INSERT_BATCH documents and once when each collection is complete. */
  onProgress?(collection: string, count: number): void;
  /** Restore only these collections; the others in the source are left alone. */
  onlyCollections?: string[];
}

export interface IndexFailure {
  collection: string;
  index: string;
  message: string;
}

export interface RestoreSummary {
  /** Collections dropped and fully restored, in the order they completed. */
  collections: { name: string; count: number }[];
  /** Collections that were dropped and partly restored when the restore stopped. */
  interrupted: { name: string; count: number }[];
  /** Collections in the source that were not touched (left as they were in the database). */
  notRestored: string[];
  /** Documents the server refused (e.g. duplicate keys), per collection. */
  insertFailures: { collection: string; count: number; message: string }[];
  indexFailures: IndexFailure[];
  /** Why the restore stopped early (corrupt or truncated source, database error); null when it completed. */
  error: string | null;
}

const INSERT_BATCH = 1000;
/**
 * Inserts of one collection that may run while the next batch is read and decoded: the database
 * works while this process decodes, and on the dev database two batches go in at once (bench:
 * backup / restore). Memory stays at a few batches.
 */
const INSERTS_IN_FLIGHT = 2;
// The tools write these index options from the source server; the target sets its own.
const INDEX_FIELDS_NOT_RESTORED = new Set(['v', 'ns', 'key', 'name']);

interface CollectionRestore {
  name: string;
  metadata: Document;
  batch: StoredDocument[];
  count: number;
  /** Inserts sent and not yet counted, oldest first; each settles after the ones before it. */
  inFlight: Promise<void>[];
}

/**
 * Restores a backup into `db`, streaming: a collection is dropped only when its first data
 * arrives, filled in batches, then given its indexes when its end (and checksum) is reached.
 * A corrupt or truncated source stops the restore with `error` set, leaving every collection
 * not yet reached untouched. When the source holds several databases, only the one named like
 * `db` is restored; a single-database source is restored into `db` whatever its name.
 */
export async function restoreDatabase(db: Db, source: BackupLocation, options: RestoreOptions = {}): Promise<RestoreSummary> {
  const summary: RestoreSummary = { collections: [], interrupted: [], notRestored: [], insertFailures: [], indexFailures: [], error: null };
  const wanted = options.onlyCollections ? new Set(options.onlyCollections) : null;
  const open = new Map<string, CollectionRestore>();
  let selected = new Map<string, ArchivedCollection>();
  try {
    for await (const event of eventsOf(source)) {
      if (event.type === 'prelude') {
        selected = selectCollections(event.collections, db.databaseName, wanted);
        continue;
      }
      const ns = namespaceOf(event.db, event.collection);
      const archived = selected.get(ns);
      if (!archived) continue;
      let restore = open.get(ns);
      if (!restore) {
        restore = await startCollection(db, archived, summary);
        open.set(ns, restore);
      }
      if (event.type === 'document') {
        restore.batch.push(new StoredDocument(event.bytes));
        if (restore.batch.length >= INSERT_BATCH) await flushBatch(db, restore, summary, options);
        continue;
      }
      await flushBatch(db, restore, summary, options);
      await Promise.all(restore.inFlight);
      await createIndexes(db, restore, summary);
      open.delete(ns);
      selected.delete(ns);
      summary.collections.push({ name: restore.name, count: restore.count });
      options.onProgress?.(restore.name, restore.count);
    }
  } catch (error) {
    summary.error = error instanceof Error ? error.message : String(error);
  }
  // What was sent before the stop is counted (or its failure recorded) before the summary is final.
  for (const restore of open.values()) {
    const settled = await Promise.allSettled(restore.inFlight);
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed && summary.error === null) summary.error = messageOf(failed.reason);
  }
  summary.interrupted = [...open.values()].map(({ name, count }) => ({ name, count }));
  summary.notRestored = [...selected.keys()].filter((ns) => !open.has(ns)).map((ns) => selected.get(ns)?.collection ?? ns);
  return summary;
}

function eventsOf(source: BackupLocation): AsyncGenerator<ArchiveEvent> {
  return 'dir' in source ? readDumpDirectory(source.dir) : readArchive(createReadStream(source.archiveFile));
}

function selectCollections(
  collections: ArchivedCollection[],
  targetDb: string,
  wanted: Set<string> | null,
): Map<string, ArchivedCollection> {
  const databases = new Set(collections.map((collection) => collection.db));
  const sourceDb = databases.size === 1 ? [...databases][0] : targetDb;
  const selected = new Map<string, ArchivedCollection>();
  for (const collection of collections) {
    if (collection.db !== sourceDb || collection.type !== 'collection') continue;
    if (collection.collection.startsWith('system.')) continue;
    if (wanted && !wanted.has(collection.collection)) continue;
    selected.set(namespaceOf(collection.db, collection.collection), collection);
  }
  return selected;
}

async function startCollection(db: Db, archived: ArchivedCollection, summary: RestoreSummary): Promise<CollectionRestore> {
  const name = archived.collection;
  await db.collection(name).drop().catch((error: unknown) => {
    if (!isNamespaceNotFound(error)) throw error;
  });
  // Created up front so that options (capped, validator…) apply and an empty collection still exists.
  const options: unknown = archived.metadata.options;
  const withOptions = options && typeof options === 'object' ? (options as Document) : {};
  await db.command({ create: name, ...withOptions }).catch(async (error: unknown) => {
    if (Object.keys(withOptions).length === 0) throw error;
    summary.insertFailures.push({ collection: name, count: 0, message: `collection options refused: ${messageOf(error)}` });
    await db.command({ create: name });
  });
  return { name, metadata: archived.metadata, batch: [], count: 0, inFlight: [] };
}

/** Sends the batch without waiting for it, once fewer than INSERTS_IN_FLIGHT of the collection's inserts are outstanding. */
async function flushBatch(db: Db, restore: CollectionRestore, summary: RestoreSummary, options: RestoreOptions): Promise<void> {
  if (restore.batch.length === 0) return;
  const batch = restore.batch;
  restore.batch = [];
  if (restore.inFlight.length >= INSERTS_IN_FLIGHT) await restore.inFlight.shift();
  // forceServerObjectId: the driver leaves the documents alone (each stored one carries its _id).
  const inserting = db.collection(restore.name).insertMany(batch as unknown as Document[], { ordered: false, forceServerObjectId: true });
  const previous = restore.inFlight.at(-1) ?? Promise.resolve();
  const counted = countInserted(inserting, previous, batch.length, restore, summary, options);
  counted.catch(() => undefined); // observed when shifted, at the collection's end, or by restoreDatabase
  restore.inFlight.push(counted);
}

async function countInserted(
  inserting: Promise<unknown>,
  previous: Promise<void>,
  size: number,
  restore: CollectionRestore,
  summary: RestoreSummary,
  options: RestoreOptions,
): Promise<void> {
  let failure: unknown = null;
  await inserting.catch((error: unknown) => {
    failure = error;
  });
  await previous;
  if (failure === null) restore.count += size;
  else {
    if (!(failure instanceof MongoBulkWriteError)) throw failure;
    restore.count += failure.result.insertedCount;
    summary.insertFailures.push({ collection: restore.name, count: size - failure.result.insertedCount, message: failure.message });
  }
  options.onProgress?.(restore.name, restore.count);
}

async function createIndexes(db: Db, restore: CollectionRestore, summary: RestoreSummary): Promise<void> {
  const indexes: unknown = restore.metadata.indexes;
  if (!Array.isArray(indexes)) return;
  for (const index of indexes as Document[]) {
    const name = typeof index.name === 'string' ? index.name : JSON.stringify(index.key);
    if (name === '_id_') continue;
    const spec: Document = { key: index.key, name };
    for (const [field, value] of Object.entries(index)) {
      if (!INDEX_FIELDS_NOT_RESTORED.has(field)) spec[field] = value;
    }
    try {
      await db.command({ createIndexes: restore.name, indexes: [spec] });
    } catch (error) {
      summary.indexFailures.push({ collection: restore.name, index: name, message: messageOf(error) });
    }
  }
}

function isNamespaceNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 26;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
