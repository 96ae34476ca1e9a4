import { BSON, Decimal128, Double, Long, ObjectId, type Document } from 'mongodb';
import { verifyAuditLine } from './audit-mac.js';

/** The line is not one our writer produces in full: the generic Extended JSON parser decides. */
class NotFastPath extends Error {}
const notFastPath = new NotFastPath();

const INTEGER = /^-?\d+$/;
const OBJECT_ID = /^[0-9a-f]{24}$/;
const DOUBLE = /^(-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|-?Infinity|NaN)$/;

/** The value of a one-key type wrapper such as `{"$oid": "…"}`. */
function wrapped(wrapper: Record<string, unknown>): unknown {
  let type = '';
  let only: unknown;
  for (const key in wrapper) {
    if (type) throw notFastPath;
    type = key;
    only = wrapper[key];
  }
  if (type === '$date') {
    if (only === null || typeof only !== 'object') throw notFastPath;
    const millis = wrapped(only as Record<string, unknown>);
    if (!(millis instanceof Long)) throw notFastPath;
    return new Date(millis.toNumber());
  }
  if (typeof only !== 'string') throw notFastPath;
  switch (type) {
    case '$oid':
      if (!OBJECT_ID.test(only)) throw notFastPath;
      return ObjectId.createFromHexString(only);
    case '$numberInt': {
      const n = Number(only);
      // The BSON encoder writes an integer number in int32 range as an Int32, as EJSON's Int32 does.
      if (!INTEGER.test(only) || (n | 0) !== n || Object.is(n, -0)) throw notFastPath;
      return n;
    }
    case '$numberDouble':
      if (!DOUBLE.test(only)) throw notFastPath;
      return new Double(Number(only));
    case '$numberLong': {
      const long = INTEGER.test(only) ? Long.fromString(only) : null;
      if (long === null || long.toString() !== only) throw notFastPath;
      return long;
    }
    case '$numberDecimal':
      try {
        return Decimal128.fromString(only);
      } catch {
        throw notFastPath;
      }
    default:
      throw notFastPath;
  }
}

function convert(value: unknown): unknown {
  if (typeof value === 'number') {
    // Canonical lines hold no bare numbers; the generic parser types one by its range.
    if ((value | 0) !== value || Object.is(value, -0)) throw notFastPath;
    return value;
  }
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = convert(value[i]);
    return value;
  }
  const object = value as Record<string, unknown>;
  let first = true;
  for (const key in object) {
    if (key.charCodeAt(0) === 36 /* $ */) {
      if (!first) throw notFastPath;
      return wrapped(object);
    }
    first = false;
    if (key === '__proto__') throw notFastPath;
    const item = object[key];
    if (typeof item === 'object' || typeof item === 'number') object[key] = convert(item);
  }
  return object;
}

/**
 * Reads one fallback-file line (canonical Extended JSON v2, as `canonicalEjson` writes it) into
 * the value `BSON.EJSON.parse(line, { relaxed: false })` gives, encoding to the same BSON
 * bytes, but from one `JSON.parse` and a walk that turns the type wrappers our events hold
 * ($oid, $date, $numberInt, $numberDouble, $numberLong, $numberDecimal) into their values — several
 * times faster than the generic parser. A line holding any other `$` wrapper goes to the generic
 * parser, so every line it accepts is read exactly as before. Throws on a line that is not JSON.
 */
export function parseFallbackLine(text: string): unknown {
  const parsed: unknown = JSON.parse(text);
  try {
    return convert(parsed);
  } catch (error) {
    if (error !== notFastPath) throw error;
    return BSON.EJSON.parse(text, { relaxed: false });
  }
}

/** One fallback-file line as the event to insert, or why it is refused (it does not parse, or its mac does not verify). */
export function readFallbackLine(text: string, key: Buffer): Document | string {
  let doc: unknown;
  try {
    doc = parseFallbackLine(text);
  } catch (err) {
    return `not Extended JSON: ${(err as Error).message}`;
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return 'not a JSON object';
  if (!verifyAuditLine(text, key, () => doc as Document)) return 'mac does not verify (forged or altered)';
  return doc as Document;
}
