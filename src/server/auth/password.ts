import { hash, verify } from '@node-rs/bcrypt';
import { randomInt } from 'node:crypto';
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

export function passwordProblem(password: string, email: string): string | null {
  if (password.length < PASSWORD_MIN) return `must be at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `must be at most ${PASSWORD_MAX} characters`;
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) return 'must not be the e-mail address';
  return null;
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** 16 random characters from an unambiguous alphabet: temporary and seeded passwords. */
export function randomPassword(length = 16): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}
