import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BSON, Binary, Decimal128, Double, Int32, Long, ObjectId, Timestamp, type Document } from 'mongodb';
import { buildAuditEvent } from '../../src/server/audit/audit-log.js';
import { auditMacKey, canonicalEjson, macOfText, signAuditDocument } from '../../src/server/audit/audit-mac.js';
import { parseFallbackLine, readFallbackLine } from '../../src/server/audit/fallback-line.js';

const key = auditMacKey('test-secret-test-secret-test-secret-0123456789');

const eventWith = (after: Record<string, unknown>) =>
  buildAuditEvent(
    { action: 'campaign.updated', workspaceId: new ObjectId(), resource: { type: 'campaign', id: 'ext-1' }, before: { status: 'New' }, after },
    { actor: { type: 'user', id: new ObjectId().toHexString(), email: 'a@example.test' }, ip: '127.0.0.1', userAgent: 'ua', requestId: 'req-1' },
    new Date('2026-03-04T05:06:07.089Z'),
  );

const lineOf = (after: Record<string, unknown>) => canonicalEjson(signAuditDocument(eventWith(after), key));

/** What the generic parser makes of a line, as BSON bytes: the reference the fast reader must match. */
const genericBytes = (line: string) => Buffer.from(BSON.serialize(BSON.EJSON.parse(line, { relaxed: false }) as Document));

describe('fallback line reader', () => {
  // Every value type an audit event's fields can carry through canonical Extended JSON.
  const values: Array<[string, unknown]> = [
    ['string with escapes and non-ASCII', 'He said "привет"\n\t\\ é 😀'],
    ['null', null],
    ['true and false', [true, false]],
    ['Int32 (a plain integer)', 42],
    ['negative int32 bounds', [-2147483648, 2147483647]],
    ['Double holding an integer', new Double(1)],
    ['fractional double', 0.1],
    ['double beyond int32', 4294967296],
    ['negative zero', -0],
    ['Infinity, -Infinity and NaN', [Infinity, -Infinity, NaN]],
    ['Long', Long.fromString('9007199254740993')],
    ['negative Long', Long.fromString('-9223372036854775808')],
    ['explicit Int32', new Int32(7)],
    ['Decimal128', Decimal128.fromString('1234.5678')],
    ['Date', new Date('1969-12-31T23:59:59.999Z')],
    ['ObjectId', new ObjectId()],
    ['nested objects and arrays', { list: [{ at: new Date(0), id: new ObjectId() }, [1, 'two', null]], empty: {}, none: [] }],
    ['Binary (generic parser path)', new Binary(Buffer.from('bytes'))],
    ['Timestamp (generic parser path)', new Timestamp({ t: 1, i: 2 })],
  ];

  it.each(values)('reads %s to the same BSON as the generic Extended JSON parser', (_name, value) => {
    const line = lineOf({ value });
    const doc = parseFallbackLine(line) as Document;
    expect(Buffer.from(BSON.serialize(doc)).equals(genericBytes(line))).toBe(true);
  });

  it('keeps the event fields typed: _id an ObjectId, ts a Date, mac a string', () => {
    const doc = readFallbackLine(lineOf({ n: 1 }), key) as Document;
    expect(doc._id).toBeInstanceOf(ObjectId);
    expect(doc.ts).toEqual(new Date('2026-03-04T05:06:07.089Z'));
    expect(doc.workspace_id).toBeInstanceOf(ObjectId);
    expect(typeof doc.mac).toBe('string');
  });

  it.each([
    ['a bare integer beyond int32', '{"n":4294967296}'],
    ['a bare fraction', '{"n":1.5}'],
    ['a bare negative zero', '{"n":-0}'],
    ['a $-key after other keys', '{"a":1,"$oid":"0123456789abcdef01234567"}'],
    ['a wrapper with two keys', '{"v":{"$numberInt":"1","x":2}}'],
    ['a non-canonical $numberLong', '{"v":{"$numberLong":"007"}}'],
    ['an ISO $date', '{"v":{"$date":"2026-01-01T00:00:00Z"}}'],
    ['a $date holding something else', '{"v":{"$date":{"$numberInt":"5"}}}'],
    ['an upper-case $oid', '{"v":{"$oid":"0123456789ABCDEF01234567"}}'],
    ['an unknown $ key', '{"v":{"$set":{"a":1}}}'],
    ['a __proto__ key', '{"__proto__":{"polluted":{"$numberInt":"1"}}}'],
  ])('matches the generic parser on an uncommon line: %s', (_name, line) => {
    let generic: Buffer | Error;
    try {
      generic = genericBytes(line);
    } catch (error) {
      generic = error as Error;
    }
    if (generic instanceof Error) expect(() => BSON.serialize(parseFallbackLine(line) as Document)).toThrow();
    else expect(Buffer.from(BSON.serialize(parseFallbackLine(line) as Document)).equals(generic)).toBe(true);
  });

  it.each([
    ['an unterminated object', '{"_id": {"$oid": "not-closed"', /^not Extended JSON/],
    ['a truncated line', '{"_id":{"$oid":"0123456789abcdef01234567"},"ts":', /^not Extended JSON/],
    ['an array', '[1,2]', /^not a JSON object$/],
    ['a string', '"text"', /^not a JSON object$/],
    ['null', 'null', /^not a JSON object$/],
    ['an invalid $oid', '{"_id":{"$oid":"zz"}}', /^not Extended JSON/],
  ])('refuses %s with its reason', (_name, line, reason) => {
    expect(readFallbackLine(line, key)).toMatch(reason);
  });

  it('refuses a line whose text was altered after signing, and one signed with another key', () => {
    const line = lineOf({ status: 'Paused' });
    expect(readFallbackLine(line, key)).toMatchObject({ after: { status: 'Paused' } });
    expect(readFallbackLine(line.replace('"Paused"', '"Sending"'), key)).toBe('mac does not verify (forged or altered)');
    expect(readFallbackLine(lineOf({}).replace('"campaign.updated"', '"user.created"'), key)).toMatch(/mac does not verify/);
    const otherKey = canonicalEjson(signAuditDocument(eventWith({}), auditMacKey('x'.repeat(40))));
    expect(readFallbackLine(otherKey, key)).toMatch(/mac does not verify/);
  });

  it('refuses a line without a mac, and one whose mac is not last (checked on the parsed document)', () => {
    expect(readFallbackLine(canonicalEjson(eventWith({})), key)).toMatch(/mac does not verify/);
    const signed = signAuditDocument(eventWith({}), key) as Document;
    const { mac, ...rest } = signed;
    expect(readFallbackLine(canonicalEjson({ mac, ...rest }), key)).toMatchObject({ mac });
    expect(readFallbackLine(canonicalEjson({ mac, ...rest, action: 'user.created' }), key)).toMatch(/mac does not verify/);
  });

  it('computes the mac as HMAC-SHA256 of the text (RFC 2104), for short and long keys', () => {
    for (const k of [key, Buffer.alloc(100, 7), Buffer.alloc(0)]) {
      for (const text of ['', 'a', 'é'.repeat(100), lineOf({})]) {
        expect(macOfText(text, k)).toBe(createHmac('sha256', k).update(text).digest('base64url'));
      }
    }
  });
});
