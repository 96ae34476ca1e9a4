import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { Binary, type CollectionInfo, type Db, type Document } from 'mongodb';
import { UNKNOWN_SERVER_VERSION } from './archive-format.js';
import { writeArchive, type CollectionDump } from './archive-writer.js';
import { buildCollectionMetadata } from './collection-metadata.js';
import { writeDumpDirectory } from './dump-directory-writer.js';

/** Where a backup goes or a restore comes from. */
export type BackupLocation = { archiveFile: string } | { dir: string };

export interface BackupOptions {
  gzip: boolean;
  /** Called every PROGRESS_EVERY documents and once at the end of each collection. */
  onProgress?(collection: string, count: number): void;
  /** Sees each document's bytes as they are written (the digest `--verify` compares against). */
  onDocument?(collection: string, bson: Uint8Array): void;
}

export interface BackupResult {
  collections: { name: string; count: number }[];
  /** Bytes on disk (the archive file, or the sum of the directory's files). */
  bytes: number;
}

const PROGRESS_EVERY = 1000;
const TOOL_VERSION = 'message-center-backup';

/**
 * Streams every collection of `db` (views and system.* excluded) into a mongodump archive or
 * dump directory, with each collection's options and indexes in its metadata. Documents go
 * through as raw BSON, so memory stays constant and types are untouched.
 */
export async function backupDatabase(db: Db, target: BackupLocation, options: BackupOptions): Promise<BackupResult> {
  const infos = await listDumpableCollections(db);
  const collections: CollectionDump[] = [];
  for (const info of infos) {
    collections.push({
      name: info.name,
      metadata: await collectionMetadata(db, info),
      documents: countedDocuments(db, info.name, options),
    });
  }
  const versions = { serverVersion: await serverVersionOf(db), toolVersion: TOOL_VERSION };
  if ('dir' in target) return writeDumpDirectory(target.dir, db.databaseName, collections, { ...versions, gzip: options.gzip });

  const file = createWriteStream(target.archiveFile, { mode: 0o600 }); // every password and token hash is in it
  try {
    const result = await writeArchive(
      file,
      collections.map((collection) => ({ ...collection, db: db.databaseName })),
      { ...versions, gzip: options.gzip },
    );
    file.end();
    await finished(file);
    return {
      collections: result.collections.map(({ name, count }) => ({ name, count })),
      bytes: (await stat(target.archiveFile)).size,
    };
  } catch (error) {
    file.destroy();
    throw error;
  }
}

async function listDumpableCollections(db: Db): Promise<CollectionInfo[]> {
  const infos = (await db.listCollections({}, { nameOnly: false }).toArray()) as CollectionInfo[];
  return infos
    .filter((info) => (info.type ?? 'collection') === 'collection' && !info.name.startsWith('system.'))
    .sort((a, b) => a.name.localeCompare(b.name));
}

async function collectionMetadata(db: Db, info: CollectionInfo): Promise<Document> {
  const indexes = await db.collection(info.name).listIndexes().toArray();
  const uuid: unknown = info.info?.uuid;
  return buildCollectionMetadata({
    collectionName: info.name,
    options: info.options ?? {},
    indexes,
    ...(uuid instanceof Binary ? { uuid: uuid.toString('hex') } : {}),
    type: 'collection',
  });
}

async function* countedDocuments(
  db: Db,
  name: string,
  { onProgress, onDocument }: BackupOptions,
): AsyncGenerator<Uint8Array> {
  let count = 0;
  // raw: the driver hands over each document's BSON bytes without decoding them.
  const cursor = db.collection(name).find({}, { raw: true });
  try {
    // The next batch is asked for before this one is written: the database reads while we write.
    let more = cursor.hasNext();
    while (await more) {
      const batch = cursor.readBufferedDocuments() as unknown as Uint8Array[];
      more = cursor.hasNext();
      more.catch(() => undefined); // observed by the loop's next await
      for (const bytes of batch) {
        onDocument?.(name, bytes);
        yield bytes;
        count++;
        if (count % PROGRESS_EVERY === 0) onProgress?.(name, count);
      }
    }
  } finally {
    await cursor.close();
  }
  onProgress?.(name, count);
}

async function serverVersionOf(db: Db): Promise<string> {
  try {
    const info = await db.admin().command({ buildInfo: 1 });
    return typeof info.version === 'string' ? info.version : UNKNOWN_SERVER_VERSION;
  } catch {
    return UNKNOWN_SERVER_VERSION;
  }
}
