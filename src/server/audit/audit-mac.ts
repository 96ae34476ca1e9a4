import { createHmac, timingSafeEqual } from 'node:crypto';
import { BSON, type Document } from 'mongodb';
import { deriveKey } from '../auth/session-token.js';

/** The HMAC key of audit events: HKDF of NEXTAUTH_SECRET with the label `audit` (security.md). */
export const auditMacKey = (secret: string): Buffer => deriveKey(secret, 'audit');

/** Canonical Extended JSON v2: the fallback file's line format and the text the mac covers. */
export const canonicalEjson = (doc: Document): string => BSON.EJSON.stringify(doc, { relaxed: false });

function macOf(docWithoutMac: Document, key: Buffer): string {
  return createHmac('sha256', key).update(canonicalEjson(docWithoutMac)).digest('base64url');
}

/** Returns the document with `mac` as its last field (any previous mac is replaced). */
export function signAuditDocument<T extends Document>(doc: T, key: Buffer): T & { mac: string } {
  const { mac: _previous, ...rest } = doc;
  return { ...rest, mac: macOf(rest, key) } as T & { mac: string };
}

/** True when `mac` is the HMAC of the rest of the document, in its field order. */
export function verifyAuditDocument(doc: Document, key: Buffer): boolean {
  const { mac, ...rest } = doc;
  if (typeof mac !== 'string') return false;
  const expected = Buffer.from(macOf(rest, key));
  const given = Buffer.from(mac);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
