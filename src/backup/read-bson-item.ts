import { ARCHIVE_TERMINATOR, ArchiveFormatError } from './archive-format.js';
import { isPlausibleBsonLength, readUint32LE } from './bson-document.js';
import type { ByteReader } from './byte-reader.js';

export const TERMINATOR = 'terminator';
export const TRUNCATED = 'archive is truncated';

export function corrupt(detail: string): ArchiveFormatError {
  return new ArchiveFormatError(`corrupt archive: ${detail}`);
}

/**
 * The next whole BSON document, the archive terminator, or null at a clean end of input;
 * checks the same things as mongo-tools' parser (common/archive/parser.go).
 */
export async function readBsonOrTerminator(reader: ByteReader): Promise<Uint8Array | typeof TERMINATOR | null> {
  const lengthBytes = await reader.read(4);
  if (lengthBytes.length === 0) return null;
  if (lengthBytes.length < 4) throw new ArchiveFormatError(`${TRUNCATED}: it ends inside a document length`);
  const length = readUint32LE(lengthBytes);
  if (length === ARCHIVE_TERMINATOR) return TERMINATOR;
  if (!isPlausibleBsonLength(length)) throw corrupt(`${length} is neither a BSON document length nor a terminator`);
  const rest = await reader.read(length - 4);
  if (rest.length < length - 4) throw new ArchiveFormatError(`${TRUNCATED}: it ends inside a BSON document`);
  if (rest[rest.length - 1] !== 0) throw corrupt(`a ${length}-byte BSON document does not end with a zero byte`);
  const document = new Uint8Array(length);
  document.set(lengthBytes, 0);
  document.set(rest, 4);
  return document;
}
