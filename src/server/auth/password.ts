import { hash, verify } from '@node-rs/bcrypt';
import { randomInt } from 'node:crypto';
import type { FieldProblem } from '../../domain/error-catalogue.js';
import { withBcryptSlot } from './bcrypt-slots.js';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** Runs on libuv's thread pool (napi async), so hashing never blocks the event loop. */
export const hashPassword = (password: string, cost: number) => withBcryptSlot(() => hash(password, { cost }));

export async function verifyPassword(password: string, passwordHash: string): Promise<boolean> {
  try {
    return await withBcryptSlot(() => verify(password, passwordHash));
  } catch {
    return false;
  }
}

/** Why `password` may not be chosen, as a field problem of `path`; null when it may. */
export function passwordProblem(path: string, password: string, email: string): FieldProblem | null {
  if (password.length < PASSWORD_MIN) return { path, reason: `must be at least ${PASSWORD_MIN} characters`, rule: 'too_short', limit: PASSWORD_MIN };
  if (password.length > PASSWORD_MAX) return { path, reason: `must be at most ${PASSWORD_MAX} characters`, rule: 'too_long', limit: PASSWORD_MAX };
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) return { path, reason: 'must not be the e-mail address', rule: 'password_is_email' };
  return null;
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** 16 random characters from an unambiguous alphabet: temporary and seeded passwords. */
export function randomPassword(length = 16): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}
