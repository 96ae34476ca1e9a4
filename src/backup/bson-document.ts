import { BSON, type Document } from 'mongodb';
import { MAX_BSON_SIZE, MIN_BSON_SIZE } from './archive-format.js';

/** The little-endian int32 at `offset`, unsigned so that the terminator reads as 0xffffffff. */
export function readUint32LE(bytes: Uint8Array, offset = 0): number {
  return (
    ((bytes[offset] as number) |
      ((bytes[offset + 1] as number) << 8) |
      ((bytes[offset + 2] as number) << 16) |
      ((bytes[offset + 3] as number) << 24)) >>>
    0
  );
}

export function isPlausibleBsonLength(length: number): boolean {
  return length >= MIN_BSON_SIZE && length <= MAX_BSON_SIZE;
}

/** BSON bytes for a document, checking that raw bytes hold exactly one whole document. */
export function toDocumentBytes(document: Uint8Array | Document): Uint8Array {
  if (!(document instanceof Uint8Array)) return BSON.serialize(document);
  const declared = document.length >= 4 ? readUint32LE(document) : -1;
  if (declared !== document.length || !isPlausibleBsonLength(declared) || document[declared - 1] !== 0) {
    throw new TypeError(`not a single BSON document (${document.length} bytes, declared length ${declared})`);
  }
  return document;
}

/**
 * Decodes a stored document so that re-encoding gives the same bytes: numbers keep their BSON
 * type (a Double 1.0 must not come back as an Int32) and regular expressions keep every flag.
 */
export function decodePreservingTypes(bytes: Uint8Array): Document {
  return BSON.deserialize(bytes, { promoteValues: false, bsonRegExp: true });
}

/**
 * A stored document handed to the driver as its bytes. The BSON encoder calls `toBSON()` when the
 * driver sizes the insert and again when it encodes it, so each decoded copy lives for an instant
 * (young-generation garbage) instead of for the whole insert: restoring keeps a few batches of
 * bytes, not of decoded documents, and memory stays flat (bench: backup / restore).
 */
export class StoredDocument {
  constructor(readonly bytes: Uint8Array) {}

  toBSON(): Document {
    return decodePreservingTypes(this.bytes);
  }
}
