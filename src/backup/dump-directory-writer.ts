import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { UNKNOWN_SERVER_VERSION } from './archive-format.js';
import type { CollectionDump } from './archive-writer.js';
import { toDocumentBytes } from './bson-document.js';
import { serializeCollectionMetadata } from './collection-metadata.js';
import { BSON_SUFFIX, GZIP_SUFFIX, METADATA_SUFFIX, PRELUDE_FILE, collectionFileStem } from './dump-file-names.js';
import { BufferedOutput } from './stream-output.js';

export interface DumpDirectoryOptions {
  /** Gzip every file separately and add ".gz", as `mongodump --out --gzip` does. */
  gzip?: boolean;
  serverVersion?: string;
  toolVersion?: string;
}

export interface DumpDirectoryResult {
  collections: { name: string; count: number }[];
  /** Bytes written to disk, after compression. */
  bytes: number;
}

interface OutputFile {
  path: string;
  stream: Writable;
  done: Promise<void>;
}

function openOutputFile(path: string, gzip: boolean): OutputFile {
  const file = createWriteStream(path, { mode: 0o600 }); // a backup holds every password hash and token hash
  if (!gzip) return { path, stream: file, done: finished(file) };
  const compressor = createGzip();
  return { path, stream: compressor, done: pipeline(compressor, file) };
}

async function writeWholeFile(path: string, gzip: boolean, content: string): Promise<number> {
  const output = openOutputFile(path, gzip);
  output.stream.end(content);
  await output.done;
  return (await stat(path)).size;
}

async function writeBsonFile(path: string, gzip: boolean, documents: CollectionDump['documents']): Promise<number> {
  const output = openOutputFile(path, gzip);
  const buffered = new BufferedOutput(output.stream);
  let count = 0;
  try {
    for await (const document of documents) {
      await buffered.write(toDocumentBytes(document));
      count++;
    }
    await buffered.flush();
    output.stream.end();
    await output.done;
  } catch (error) {
    output.stream.destroy();
    await output.done.catch(() => undefined);
    throw error;
  }
  return count;
}

const DUMP_FILE_ENDINGS = [BSON_SUFFIX, METADATA_SUFFIX, PRELUDE_FILE].flatMap((end) => [end, end + GZIP_SUFFIX]);

/**
 * Removes an earlier backup's files from DIR/DB (other files stay), so a backup written over it
 * is the only one there: a restore reads every file of the folder, and a leftover ".bson.gz"
 * beside a new ".bson", or a collection dropped since, would come back from the old backup.
 */
export async function clearDumpDirectory(dir: string, db: string): Promise<void> {
  const dbDir = join(dir, db);
  const names = await readdir(dbDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  for (const name of names) if (DUMP_FILE_ENDINGS.some((end) => name.endsWith(end))) await rm(join(dbDir, name), { force: true });
}

/**
 * Writes mongodump's directory layout for one database: DIR/DB/COLL.bson (the documents back
 * to back), DIR/DB/COLL.metadata.json and DIR/DB/prelude.json, each with ".gz" when gzipped.
 */
export async function writeDumpDirectory(
  dir: string,
  db: string,
  collections: CollectionDump[],
  options: DumpDirectoryOptions = {},
): Promise<DumpDirectoryResult> {
  const gzip = options.gzip ?? false;
  const suffix = gzip ? GZIP_SUFFIX : '';
  const dbDir = join(dir, db);
  await clearDumpDirectory(dir, db);
  await mkdir(dbDir, { recursive: true, mode: 0o700 });
  const written: DumpDirectoryResult['collections'] = [];
  let bytes = 0;
  for (const collection of collections) {
    const stem = join(dbDir, collectionFileStem(collection.name));
    bytes += await writeWholeFile(stem + METADATA_SUFFIX + suffix, gzip, serializeCollectionMetadata(collection.metadata));
    const bsonPath = stem + BSON_SUFFIX + suffix;
    const count = await writeBsonFile(bsonPath, gzip, collection.documents);
    bytes += (await stat(bsonPath)).size;
    written.push({ name: collection.name, count });
  }
  const prelude = JSON.stringify({ ServerVersion: options.serverVersion ?? UNKNOWN_SERVER_VERSION, ToolVersion: options.toolVersion ?? '' });
  bytes += await writeWholeFile(join(dbDir, PRELUDE_FILE + suffix), gzip, prelude);
  return { collections: written, bytes };
}
