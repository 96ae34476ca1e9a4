import type { Env } from './env-schema.js';

/**
 * Values that are public: the ones in deploy/mc.env.example, the simulator's and the tests'
 * defaults. A production server refuses to start with any of them (or anything saying
 * "change me"), however long it is.
 */
export const KNOWN_SECRET_VALUES: readonly string[] = [
  'change-me-to-at-least-32-random-bytes-xxxxxxxx',
  'change-me',
  'change-me-please',
  'change-me-metrics-token',
  'dev-core-key',
  'dev-proxy-password',
  'test-secret-test-secret-test-secret-0123456789',
  'root-password-1',
];

const PLACEHOLDER = /change[-_ ]?me|replace[-_ ]?me|example|placeholder/i;

/** Each secret and its shortest acceptable length (characters; NEXTAUTH_SECRET counts bytes). */
const SECRETS: readonly (readonly [keyof Env, number])[] = [
  ['NEXTAUTH_SECRET', 32],
  ['METRICS_TOKEN', 32],
  ['CORE_ADMIN_API_KEY', 16],
  ['BFF_PROXY_PASSWORD', 16],
  ['SEED_SUPER_ADMIN_PASSWORD', 16],
];

/** Problems that stop a production start: known or placeholder values, short secrets, a cheap bcrypt. */
export function productionSecretProblems(e: Env): string[] {
  const problems: string[] = [];
  for (const [name, min] of SECRETS) {
    const value = e[name];
    if (typeof value !== 'string' || value === '') continue;
    if (KNOWN_SECRET_VALUES.includes(value) || PLACEHOLDER.test(value)) problems.push(`${name} is a published example value: generate a real one (see README "Secrets")`);
    else if (Buffer.byteLength(value) < min) problems.push(`${name} must be at least ${min} characters in production`);
  }
  if (e.BCRYPT_COST < 12) problems.push('BCRYPT_COST must be at least 12 in production');
  return problems;
}
