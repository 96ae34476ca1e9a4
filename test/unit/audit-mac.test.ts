import { describe, expect, it } from 'vitest';
import { BSON, Double, Int32, Long, ObjectId } from 'mongodb';
import { auditMacKey, canonicalEjson, signAuditDocument, verifyAuditDocument, verifyAuditLine } from '../../src/server/audit/audit-mac.js';
import { buildAuditEvent } from '../../src/server/audit/audit-log.js';

const key = auditMacKey('test-secret-test-secret-test-secret-0123456789');
const event = () =>
  buildAuditEvent(
    { action: 'campaign.paused', workspaceId: new ObjectId(), resource: { type: 'campaign', id: 'ext-1' }, before: { status: 'Sending' }, after: { status: 'Paused' } },
    { actor: { type: 'user', id: new ObjectId().toHexString(), email: 'a@example.test' }, ip: '127.0.0.1', userAgent: 'ua', requestId: 'req-1' },
    new Date('2026-03-04T05:06:07.089Z'),
  );

describe('audit mac', () => {
  it('derives a 32-byte key that depends on the secret and differs from the session key', () => {
    expect(key).toHaveLength(32);
    expect(auditMacKey('another-secret-another-secret-0123456789').equals(key)).toBe(false);
  });

  it('signs as the last field and verifies after a canonical Extended JSON round trip', () => {
    const signed = signAuditDocument(event(), key);
    expect(Object.keys(signed).at(-1)).toBe('mac');
    expect(verifyAuditDocument(signed, key)).toBe(true);
    const line = canonicalEjson(signed);
    expect(line).not.toContain('\n');
    expect(line).toContain('"$date":{"$numberLong":"');
    expect(verifyAuditDocument(BSON.EJSON.parse(line, { relaxed: false }), key)).toBe(true);
  });

  it('keeps number types exact through the line (Int32, Long, Double)', () => {
    const e = { ...event(), after: { n: new Int32(1), big: Long.fromString('9007199254740993'), d: new Double(1) } };
    const back = BSON.EJSON.parse(canonicalEjson(signAuditDocument(e, key)), { relaxed: false });
    expect(verifyAuditDocument(back, key)).toBe(true);
    expect(back.after.big.toString()).toBe('9007199254740993');
  });

  it.each([
    ['action', (d: Record<string, unknown>) => ({ ...d, action: 'campaign.resumed' })],
    ['ts', (d: Record<string, unknown>) => ({ ...d, ts: new Date(0) })],
    ['_id', (d: Record<string, unknown>) => ({ ...d, _id: new ObjectId() })],
    ['actor', (d: Record<string, unknown>) => ({ ...d, actor: { type: 'system', id: null, email: null } })],
    ['after', (d: Record<string, unknown>) => ({ ...d, after: null })],
    ['an added field', (d: Record<string, unknown>) => ({ ...d, extra: 1 })],
    // The last character is replaced by a different one (a fixed 'A' left 1 mac in 64 unchanged).
    ['the mac itself', (d: Record<string, unknown>) => ({ ...d, mac: `${String(d.mac).slice(0, -1)}${String(d.mac).endsWith('A') ? 'B' : 'A'}` })],
  ])('refuses a document whose %s changed', (_name, change) => {
    const signed = signAuditDocument(event(), key) as unknown as Record<string, unknown>;
    expect(verifyAuditDocument(change(signed), key)).toBe(false);
  });

  it('refuses a document without a mac, or signed with another key', () => {
    expect(verifyAuditDocument(event(), key)).toBe(false);
    expect(verifyAuditDocument(signAuditDocument(event(), auditMacKey('x'.repeat(40))), key)).toBe(false);
  });

  it('re-signing replaces the previous mac instead of covering it', () => {
    const once = signAuditDocument(event(), key);
    expect(signAuditDocument(once, key).mac).toBe(once.mac);
  });

  describe('verifying a fallback-file line as text', () => {
    const line = () => canonicalEjson(signAuditDocument(event(), key));
    const parse = (text: string) => () => BSON.EJSON.parse(text, { relaxed: false });

    it('accepts a line we wrote, without re-serialising it', () => {
      const text = line();
      let parsed = false;
      expect(verifyAuditLine(text, key, () => ((parsed = true), parse(text)()))).toBe(true);
      expect(parsed).toBe(false);
    });

    it('refuses a line whose content changed but kept its mac', () => {
      const text = line().replace('"Paused"', '"Cancelled"');
      expect(verifyAuditLine(text, key, parse(text))).toBe(false);
    });

    it('refuses a line signed with another key', () => {
      const other = auditMacKey('another-secret-another-secret-0123456789');
      const text = canonicalEjson(signAuditDocument(event(), other));
      expect(verifyAuditLine(text, key, parse(text))).toBe(false);
    });

    it('falls back to the document check for another layout (mac not last)', () => {
      const { mac, ...rest } = signAuditDocument(event(), key);
      const text = canonicalEjson({ mac, ...rest });
      expect(verifyAuditLine(text, key, parse(text))).toBe(true);
      const forged = canonicalEjson({ mac, ...rest, action: 'campaign.deleted' });
      expect(verifyAuditLine(forged, key, parse(forged))).toBe(false);
    });
  });
});

