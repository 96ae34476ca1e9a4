import { describe, expect, it } from 'vitest';
import { SESSION_MAX_AGE_MS, SessionTokens } from '../../src/server/auth/session-token.js';

const secret = 's'.repeat(40);
const tokens = new SessionTokens(secret, 30 * 60_000);
const now = 1_800_000_000_000;
const claims = { u: '6b077abc794c8daeb2c245ec', v: 3, iat: now, la: now };

describe('session tokens', () => {
  it('verify what they signed', () => {
    expect(tokens.verify(tokens.sign(claims), now + 1000)).toEqual(claims);
  });

  it('refuse a token signed with another secret, a tampered payload and garbage', () => {
    const other = new SessionTokens('t'.repeat(40), 30 * 60_000).sign(claims);
    expect(tokens.verify(other, now)).toBeNull();
    const [payload, sig] = tokens.sign(claims).split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, v: 99 })).toString('base64url');
    expect(tokens.verify(`${forged}.${sig}`, now)).toBeNull();
    expect(tokens.verify(`${payload}.`, now)).toBeNull();
    expect(tokens.verify('not-a-token', now)).toBeNull();
    expect(tokens.verify(undefined, now)).toBeNull();
    expect(tokens.verify('a'.repeat(5000), now)).toBeNull();
  });

  it('expire after 8 hours and after the idle timeout', () => {
    const t = tokens.sign(claims);
    expect(tokens.verify(t, now + 29 * 60_000)).not.toBeNull();
    expect(tokens.verify(t, now + 31 * 60_000)).toBeNull();
    const active = tokens.sign({ ...claims, la: now + SESSION_MAX_AGE_MS - 1000 });
    expect(tokens.verify(active, now + SESSION_MAX_AGE_MS - 500)).not.toBeNull();
    expect(tokens.verify(active, now + SESSION_MAX_AGE_MS + 1)).toBeNull();
  });
});
