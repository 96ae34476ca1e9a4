import { hash, timingSafeEqual } from 'node:crypto';
import { BSON, type Document } from 'mongodb';
import { deriveKey } from '../auth/session-token.js';

/** The HMAC key of audit events: HKDF of NEXTAUTH_SECRET with the label `audit` (security.md). */
export const auditMacKey = (secret: string): Buffer => deriveKey(secret, 'audit');

/** Canonical Extended JSON v2: the fallback file's line format and the text the mac covers. */
export const canonicalEjson = (doc: Document): string => BSON.EJSON.stringify(doc, { relaxed: false });

const SHA256_BLOCK = 64;
const keyPads = new WeakMap<Buffer, { inner: Buffer; outer: Buffer }>();

function padsOf(key: Buffer): { inner: Buffer; outer: Buffer } {
  let pads = keyPads.get(key);
  if (!pads) {
    const block = Buffer.alloc(SHA256_BLOCK);
    (key.length > SHA256_BLOCK ? hash('sha256', key, 'buffer') : key).copy(block);
    pads = { inner: block.map((b) => b ^ 0x36) as Buffer, outer: block.map((b) => b ^ 0x5c) as Buffer };
    keyPads.set(key, pads);
  }
  return pads;
}

/**
 * HMAC-SHA256 (RFC 2104) from two one-shot hashes over the key's cached pads: the drain checks a
 * mac per line, and a `createHmac` object per line cost five times as much as this.
 */
export function macOfText(text: string, key: Buffer): string {
  const { inner, outer } = padsOf(key);
  const message = Buffer.allocUnsafe(SHA256_BLOCK + Buffer.byteLength(text));
  inner.copy(message);
  message.write(text, SHA256_BLOCK);
  const innerHash = hash('sha256', message, 'buffer');
  const last = Buffer.allocUnsafe(SHA256_BLOCK + innerHash.length);
  outer.copy(last);
  innerHash.copy(last, SHA256_BLOCK);
  return hash('sha256', last, 'base64url');
}

function macOf(docWithoutMac: Document, key: Buffer): string {
  return macOfText(canonicalEjson(docWithoutMac), key);
}

function sameMac(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

const TRAILING_MAC = /,"mac":"([A-Za-z0-9_-]{43})"}$/;

/**
 * Verifies a fallback-file line as text: a line we wrote is the canonical Extended JSON of the
 * event with `mac` appended last, so the signed text is the line without that field — no
 * re-serialisation needed, which keeps the drain close to a bare insert. Lines of another shape
 * fall back to verifying the parsed document.
 */
export function verifyAuditLine(text: string, key: Buffer, parse: () => Document): boolean {
  const m = TRAILING_MAC.exec(text);
  if (m) return sameMac(macOfText(`${text.slice(0, m.index)}}`, key), m[1]!);
  return verifyAuditDocument(parse(), key);
}

/** Returns the document with `mac` as its last field (any previous mac is replaced). */
export function signAuditDocument<T extends Document>(doc: T, key: Buffer): T & { mac: string } {
  const { mac: _previous, ...rest } = doc;
  return { ...rest, mac: macOf(rest, key) } as T & { mac: string };
}

/** True when `mac` is the HMAC of the rest of the document, in its field order. */
export function verifyAuditDocument(doc: Document, key: Buffer): boolean {
  const { mac, ...rest } = doc;
  return typeof mac === 'string' && sameMac(macOf(rest, key), mac);
}
