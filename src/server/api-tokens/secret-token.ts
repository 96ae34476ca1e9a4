import { createHash, randomBytes } from 'node:crypto';

/** SHA-256 hex: what is stored and looked up for API and invitation tokens (never the token). */
export const sha256Hex = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

/** 32 random bytes, base64url, after `prefix`; also used for invitation tokens (no prefix). */
export function newSecretToken(prefix = ''): { token: string; hash: string } {
  const token = prefix + randomBytes(32).toString('base64url');
  return { token, hash: sha256Hex(token) };
}
