import { createHash } from 'node:crypto';

// mongodump names files with Go's url.QueryEscape of the collection name, shortened with a
// SHA-1 suffix when the name would exceed the file-system limit (mongodump/prepare.go outputPath).

const LONGEST_ESCAPED_NAME = 238;
const TRUNCATED_PREFIX_LENGTH = 208;

export const BSON_SUFFIX = '.bson';
export const METADATA_SUFFIX = '.metadata.json';
export const PRELUDE_FILE = 'prelude.json';
export const GZIP_SUFFIX = '.gz';

function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x30 && byte <= 0x39) ||
    (byte >= 0x41 && byte <= 0x5a) ||
    (byte >= 0x61 && byte <= 0x7a) ||
    byte === 0x2d ||
    byte === 0x2e ||
    byte === 0x5f ||
    byte === 0x7e
  );
}

/** Go's url.QueryEscape: unreserved bytes kept, space as "+", everything else %XX. */
export function queryEscape(text: string): string {
  let escaped = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    if (isUnreserved(byte)) escaped += String.fromCharCode(byte);
    else if (byte === 0x20) escaped += '+';
    else escaped += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return escaped;
}

export function queryUnescape(text: string): string {
  return decodeURIComponent(text.replace(/\+/g, ' '));
}

/** The file name stem mongodump uses for a collection (before ".bson" / ".metadata.json"). */
export function collectionFileStem(collection: string): string {
  const escaped = queryEscape(collection);
  if (escaped.length <= LONGEST_ESCAPED_NAME) return escaped;
  const hash = createHash('sha1').update(collection, 'utf8').digest('base64url');
  return `${escaped.slice(0, TRUNCATED_PREFIX_LENGTH)}%24${hash}`;
}
