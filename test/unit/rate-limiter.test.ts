import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/server/http/rate-limiter.js';
import { decodeCursor, encodeCursor } from '../../src/server/http/cursor.js';
import { requestIdFrom } from '../../src/server/http/request-id.js';
import { redactUrl } from '../../src/server/http/redact.js';

describe('rate limiter', () => {
  it('allows the limit per window and then says how long to wait', () => {
    let t = 0;
    const l = new RateLimiter(3, 60_000, () => t);
    expect([l.hit('ip'), l.hit('ip'), l.hit('ip')]).toEqual([0, 0, 0]);
    expect(l.hit('ip')).toBe(60);
    expect(l.hit('other')).toBe(0);
    t = 59_500;
    expect(l.hit('ip')).toBe(1);
    t = 60_000;
    expect(l.hit('ip')).toBe(0);
  });
});

/** Counts the entries any iteration of the limiter's map visits: the work a hit does. */
function countVisits(limiter: RateLimiter): { visits: number; size: () => number } {
  const windows = (limiter as unknown as { windows: Map<string, unknown> }).windows;
  const counter = { visits: 0, size: () => windows.size };
  for (const name of [Symbol.iterator, 'entries', 'keys', 'values'] as const) {
    const original = (windows as any)[name].bind(windows);
    (windows as any)[name] = () => {
      const it = original();
      return { [Symbol.iterator]() { return this; }, next: () => { counter.visits++; return it.next(); } };
    };
  }
  return counter;
}

describe('rate limiter eviction (issue 18: no rescan of the whole map per new key)', () => {
  it('a new key past 50 k live keys visits a bounded number of entries', () => {
    let t = 0;
    const l = new RateLimiter(3, 60_000, () => t);
    for (let i = 0; i < 50_050; i++) l.hit(`k${i}`);
    const c = countVisits(l);
    for (let i = 0; i < 500; i++) l.hit(`new${i}`);
    expect(c.visits).toBeLessThan(2 * 500 + 10);
  });

  it('drops expired windows as time passes, each once', () => {
    let t = 0;
    const l = new RateLimiter(3, 60_000, () => t);
    for (let i = 0; i < 10_000; i++) l.hit(`k${i}`);
    t = 30_000;
    l.hit('k0'); // still the same window: it stays where it is
    t = 61_000;
    const c = countVisits(l);
    expect(l.hit('late')).toBe(0);
    expect(c.size()).toBe(1);
    for (let i = 0; i < 100; i++) l.hit(`again${i}`);
    expect(c.visits).toBeLessThan(10_000 + 2 * 100 + 10);
    t = 62_000;
    expect(l.hit('k0')).toBe(0); // its old window ended at 60 s: a new one
  });
});

describe('request ids, cursors and log redaction', () => {
  it('keeps only safe request ids', () => {
    expect(requestIdFrom('abc-123_x.y')).toBe('abc-123_x.y');
    expect(requestIdFrom('a b')).not.toBe('a b');
    expect(requestIdFrom('x'.repeat(65))).toHaveLength(36);
    expect(requestIdFrom(undefined)).toHaveLength(36);
  });

  it('round-trips cursors and refuses foreign ones with a 400', () => {
    expect(decodeCursor(encodeCursor({ t: 1, id: 'x' }))).toEqual({ t: 1, id: 'x' });
    expect(decodeCursor(undefined)).toBeNull();
    expect(() => decodeCursor('%%%')).toThrow(/not valid/);
  });

  it('logs invitation tokens as a template and escapes control characters', () => {
    expect(redactUrl('/api/invitations/SECRETTOKEN/accept')).toBe('/api/invitations/:token/accept');
    expect(redactUrl('/x\n{"forged":1}')).toBe('/x\\u000a{"forged":1}');
  });
});
