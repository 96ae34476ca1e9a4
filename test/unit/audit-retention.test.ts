import { describe, expect, it } from 'vitest';
import { expiredDays } from '../../src/server/audit/retention-sweeper.js';

describe('expiredDays', () => {
  it('starts the day before the cut-off day and goes back scanDays', () => {
    expect(expiredDays(new Date('2026-03-10T12:00:00Z'), 7, 3)).toEqual(['2026-03-02', '2026-03-01', '2026-02-28']);
  });

  it('keeps the whole cut-off day, also just after midnight', () => {
    expect(expiredDays(new Date('2026-03-10T00:00:01Z'), 1, 1)).toEqual(['2026-03-08']);
    expect(expiredDays(new Date('2026-03-09T23:59:59Z'), 1, 1)).toEqual(['2026-03-07']);
  });

  it('crosses years and leap days', () => {
    expect(expiredDays(new Date('2024-03-02T10:00:00Z'), 1, 3)).toEqual(['2024-02-29', '2024-02-28', '2024-02-27']);
    expect(expiredDays(new Date('2027-01-01T10:00:00Z'), 0, 1)).toEqual(['2026-12-31']);
  });

  it('defaults to a bounded scan', () => {
    expect(expiredDays(new Date(), 90)).toHaveLength(366);
  });
});
