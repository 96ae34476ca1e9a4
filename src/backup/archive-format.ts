import type { Document } from 'mongodb';

// Constants of mongodump's archive format (mongo-tools common/archive/archive.go, spec.md).

/** 0x8199e26d, written little-endian as the first four bytes of every archive. */
export const ARCHIVE_MAGIC_NUMBER = 0x8199e26d;
/** Ends the prelude and every namespace block; can never be a BSON length. */
export const ARCHIVE_TERMINATOR = 0xffffffff;
export const ARCHIVE_FORMAT_VERSION = '0.1';
/** Same bounds as the tools' parser: an empty document is 5 bytes, the server allows 16 MiB. */
export const MIN_BSON_SIZE = 5;
export const MAX_BSON_SIZE = 16 * 1024 * 1024;

/** Written when the source server's version is unknown; mongorestore needs some "x.y.z". */
export const UNKNOWN_SERVER_VERSION = '0.0.0';

export const TERMINATOR_BYTES: Uint8Array = Uint8Array.of(0xff, 0xff, 0xff, 0xff);
export const MAGIC_NUMBER_BYTES: Uint8Array = Uint8Array.of(0x6d, 0xe2, 0x99, 0x81);

/** The archive header document that follows the magic number. */
export interface ArchiveHeader {
  concurrent_collections: number;
  version: string;
  server_version: string;
  tool_version: string;
}

/** One collection announced by the prelude; `metadata` is the parsed metadata.json document. */
export interface ArchivedCollection {
  db: string;
  collection: string;
  metadata: Document;
  /** listCollections' type: "collection", "view", "timeseries" ("" in some archives). */
  type: string;
}

export type ArchiveEvent =
  | { type: 'prelude'; header: ArchiveHeader; collections: ArchivedCollection[] }
  /** One raw BSON document; in an archive its checksum is verified only at the matching `end`. */
  | { type: 'document'; db: string; collection: string; bytes: Uint8Array }
  | { type: 'end'; db: string; collection: string };

/** The input is not a (complete, intact) mongodump archive or dump directory. */
export class ArchiveFormatError extends Error {
  override readonly name = 'ArchiveFormatError';
}

export function namespaceOf(db: string, collection: string): string {
  return `${db}.${collection}`;
}
