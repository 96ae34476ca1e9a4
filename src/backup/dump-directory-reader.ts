import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Document } from 'mongodb';
import {
  ARCHIVE_FORMAT_VERSION,
  ArchiveFormatError,
  UNKNOWN_SERVER_VERSION,
  type ArchiveEvent,
  type ArchiveHeader,
  type ArchivedCollection,
} from './archive-format.js';
import { ByteReader } from './byte-reader.js';
import { collectionTypeOf, parseCollectionMetadata } from './collection-metadata.js';
import { BSON_SUFFIX, GZIP_SUFFIX, METADATA_SUFFIX, PRELUDE_FILE, queryUnescape } from './dump-file-names.js';
import { GzipStreamError, gunzipIfCompressed } from './gzip-detection.js';
import { TERMINATOR, TRUNCATED, corrupt, readBsonOrTerminator } from './read-bson-item.js';

interface CollectionFiles {
  db: string;
  stem: string;
  bsonPath?: string;
  metadataPath?: string;
}

interface DumpLayout {
  header: ArchiveHeader;
  collections: { archived: ArchivedCollection; bsonPath?: string }[];
}

/**
 * Reads mongodump's directory layout as the same events as an archive. `dir` is either the
 * dump root (one sub-directory per database) or one database's directory. Collections are
 * read in name order; those with only a metadata file (views) appear in the prelude alone.
 */
export async function* readDumpDirectory(dir: string): AsyncGenerator<ArchiveEvent> {
  const layout = await readLayout(dir);
  yield { type: 'prelude', header: layout.header, collections: layout.collections.map((entry) => entry.archived) };
  for (const { archived, bsonPath } of layout.collections) {
    if (bsonPath === undefined) continue;
    for await (const bytes of readBsonFile(bsonPath)) {
      yield { type: 'document', db: archived.db, collection: archived.collection, bytes };
    }
    yield { type: 'end', db: archived.db, collection: archived.collection };
  }
}

async function readLayout(dir: string): Promise<DumpLayout> {
  const entries = await readdir(dir, { withFileTypes: true });
  const holdsCollections = entries.some((entry) => entry.isFile() && stemOf(entry.name) !== null);
  const dbDirs = holdsCollections
    ? [{ db: basename(dir), path: dir }]
    : entries.filter((entry) => entry.isDirectory()).map((entry) => ({ db: entry.name, path: join(dir, entry.name) }));
  const files: CollectionFiles[] = [];
  for (const { db, path } of dbDirs) files.push(...(await collectionFilesIn(db, path)));
  if (files.length === 0) throw new ArchiveFormatError(`not a mongodump directory: no .bson or .metadata.json files in ${dir}`);
  const prelude = (await readPreludeFile(dir)) ?? (dbDirs.length === 1 && dbDirs[0] ? await readPreludeFile(dbDirs[0].path) : null);
  const collections: DumpLayout['collections'] = [];
  for (const file of files.sort((a, b) => (a.db + '\0' + a.stem).localeCompare(b.db + '\0' + b.stem))) {
    const metadata = file.metadataPath ? await readMetadataFile(file.metadataPath) : {};
    const collection = typeof metadata.collectionName === 'string' ? metadata.collectionName : queryUnescape(file.stem);
    collections.push({
      archived: { db: file.db, collection, metadata, type: collectionTypeOf(metadata) },
      ...(file.bsonPath === undefined ? {} : { bsonPath: file.bsonPath }),
    });
  }
  return {
    header: {
      concurrent_collections: 1,
      version: ARCHIVE_FORMAT_VERSION,
      server_version: prelude?.ServerVersion ?? UNKNOWN_SERVER_VERSION,
      tool_version: prelude?.ToolVersion ?? '',
    },
    collections,
  };
}

/** "name.bson", "name.metadata.json" and their ".gz" forms; null for anything else. */
function stemOf(fileName: string): { stem: string; kind: 'bson' | 'metadata' } | null {
  const plain = fileName.endsWith(GZIP_SUFFIX) ? fileName.slice(0, -GZIP_SUFFIX.length) : fileName;
  if (plain.endsWith(METADATA_SUFFIX)) return { stem: plain.slice(0, -METADATA_SUFFIX.length), kind: 'metadata' };
  if (plain.endsWith(BSON_SUFFIX)) return { stem: plain.slice(0, -BSON_SUFFIX.length), kind: 'bson' };
  return null;
}

async function collectionFilesIn(db: string, dbDir: string): Promise<CollectionFiles[]> {
  const byStem = new Map<string, CollectionFiles>();
  for (const entry of await readdir(dbDir, { withFileTypes: true })) {
    const parsed = entry.isFile() ? stemOf(entry.name) : null;
    if (!parsed) continue;
    const files = byStem.get(parsed.stem) ?? { db, stem: parsed.stem };
    if (parsed.kind === 'bson') files.bsonPath = join(dbDir, entry.name);
    else files.metadataPath = join(dbDir, entry.name);
    byStem.set(parsed.stem, files);
  }
  return [...byStem.values()];
}

async function readSmallFile(path: string): Promise<string> {
  const raw = await readFile(path);
  return (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8');
}

async function readMetadataFile(path: string): Promise<Document> {
  try {
    return parseCollectionMetadata(await readSmallFile(path));
  } catch (error) {
    throw new ArchiveFormatError(`corrupt dump: ${path} is not a metadata file (${(error as Error).message})`);
  }
}

async function readPreludeFile(dir: string): Promise<{ ServerVersion?: string; ToolVersion?: string } | null> {
  for (const name of [PRELUDE_FILE, PRELUDE_FILE + GZIP_SUFFIX]) {
    try {
      const parsed: unknown = JSON.parse(await readSmallFile(join(dir, name)));
      if (parsed !== null && typeof parsed === 'object') return parsed as { ServerVersion?: string; ToolVersion?: string };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return null;
}

/** Documents of a .bson(.gz) file, one by one, in constant memory; errors name the file. */
async function* readBsonFile(path: string): AsyncGenerator<Uint8Array> {
  const reader = new ByteReader(gunzipIfCompressed(createReadStream(path)));
  try {
    for (;;) {
      const item = await readBsonOrTerminator(reader);
      if (item === null) return;
      if (item === TERMINATOR) throw corrupt('a .bson file holds an archive terminator');
      yield item;
    }
  } catch (error) {
    if (error instanceof GzipStreamError) throw new ArchiveFormatError(`${TRUNCATED} or damaged: ${path} (${error.message})`);
    if (error instanceof ArchiveFormatError) throw new ArchiveFormatError(`${error.message} (in ${path})`);
    throw error;
  } finally {
    await reader.close();
  }
}
