import { describe, expect, it } from 'vitest';
import { overviewFigures, overviewPeriod, progressGrowth, utcDayStart } from '../../src/domain/overview-figures.js';

const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);

describe('overview figures', () => {
  it('a step is the growth of the counters; none when nothing grew or a counter went back', () => {
    expect(progressGrowth({ sent: 5, delivered: 4, failed: 1 }, { sent: 9, delivered: 7, failed: 2 })).toEqual({ sent: 4, delivered: 3, failed: 1 });
    expect(progressGrowth({ sent: 5, delivered: 4, failed: 1 }, { sent: 5, delivered: 4, failed: 1 })).toBeNull();
    expect(progressGrowth({ sent: 5, delivered: 4, failed: 1 }, { sent: 0, delivered: 0, failed: 0 })).toBeNull();
  });

  it('the hours follow the reader’s day (a +05:45 midnight), the last one holding now', () => {
    const dayStart = at('2026-03-01T00:00:00+05:45');
    const period = overviewPeriod(dayStart, at('2026-03-01T02:10:00+05:45'))!;
    expect(period.firstHour).toEqual(at('2026-02-28T03:00:00+05:45'));
    expect(period.until).toEqual(at('2026-03-01T03:00:00+05:45'));
    expect(period.from).toEqual(period.firstHour);
    const figures = overviewFigures(
      [
        { at: at('2026-02-28T23:59:59+05:45'), sent: 7, delivered: 6, failed: 1 },
        { at: at('2026-03-01T00:00:00+05:45'), sent: 10, delivered: 9, failed: 1 },
        { at: at('2026-03-01T02:59:59+05:45'), sent: 3, delivered: 3, failed: 0 },
        { at: at('2026-03-01T03:00:00+05:45'), sent: 100, delivered: 100, failed: 0 },
        { at: at('2026-02-28T02:59:59+05:45'), sent: 100, delivered: 100, failed: 0 },
      ],
      period,
    );
    expect(figures.sentToday).toBe(13);
    expect(figures.hours).toHaveLength(24);
    expect(figures.hours[20]).toEqual({ hour: at('2026-02-28T23:00:00+05:45'), sent: 7, delivered: 6, failed: 1 });
    expect(figures.hours[21]).toEqual({ hour: dayStart, sent: 10, delivered: 9, failed: 1 });
    expect(figures.hours[23]?.sent).toBe(3);
    expect(figures.hours.reduce((s, h) => s + h.sent, 0)).toBe(20);
    expect([figures.delivered, figures.failed]).toEqual([18, 2]);
  });

  it('a day start after now, more than a day before it, or off the quarter hours, is no period', () => {
    const now = at('2026-03-01T12:00:00Z');
    expect(overviewPeriod(new Date(now.getTime() + 1), now)).toBeNull();
    expect(overviewPeriod(new Date(now.getTime() - 26 * HOUR), now)).toBeNull();
    expect(overviewPeriod(at('2026-03-01T00:10:00Z'), now)).toBeNull();
    expect(overviewPeriod(utcDayStart(now), now)?.dayStart).toEqual(at('2026-03-01T00:00:00Z'));
  });
});
