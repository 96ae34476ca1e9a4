// Overview's "sent today" and 24-hour series from progress steps (docs/campaigns.md "Overview").
// Pure: the steps come from the status poller's records, the day from the reader's browser.

export const HOUR_MS = 3_600_000;
/** Every time zone's midnight and hours fall on a quarter hour of UTC (+05:45, −09:30 …). */
export const QUARTER_MS = 15 * 60_000;
/** The longest day a time zone has (a 25-hour day when clocks go back), with room for odd offsets. */
const LONGEST_DAY_MS = 26 * HOUR_MS;

/** Counters Core reports for a job. */
export interface Counters {
  sent: number;
  delivered: number;
  failed: number;
}

/** How much a job's counters grew between two reports, at Core's time of the later one. */
export interface ProgressStep extends Counters {
  at: Date;
}

/**
 * The growth from `from` to `to`; null when nothing grew, or when a counter went back (not a
 * progress step: nothing was sent, and a job's counters only grow).
 */
export function progressGrowth(from: Counters, to: Counters): Counters | null {
  const growth = { sent: to.sent - from.sent, delivered: to.delivered - from.delivered, failed: to.failed - from.failed };
  if (growth.sent < 0 || growth.delivered < 0 || growth.failed < 0) return null;
  return growth.sent + growth.delivered + growth.failed === 0 ? null : growth;
}

/**
 * The hours Overview shows: 24 hours of the reader's day grid (whole hours from `dayStart`, so a
 * day starting at :30 or :45 keeps its hours), the last one holding `now`; null unless the day
 * starts on a quarter hour and holds `now`. `from` is where the
 * steps to read begin (the earlier of the first hour and the day start), `until` where they end.
 */
export function overviewPeriod(dayStart: Date, now: Date) {
  const sinceDayStart = now.getTime() - dayStart.getTime();
  if (!(sinceDayStart >= 0 && sinceDayStart < LONGEST_DAY_MS) || dayStart.getTime() % QUARTER_MS !== 0) return null;
  const currentHour = dayStart.getTime() + Math.floor(sinceDayStart / HOUR_MS) * HOUR_MS;
  const firstHour = currentHour - 23 * HOUR_MS;
  return { dayStart, firstHour: new Date(firstHour), from: new Date(Math.min(firstHour, dayStart.getTime())), until: new Date(currentHour + HOUR_MS) };
}
export type OverviewPeriod = NonNullable<ReturnType<typeof overviewPeriod>>;

/** Midnight UTC of `now`'s day: the day of a reader that does not say where its day starts. */
export const utcDayStart = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));

/** Sums the steps into the day's total and the 24 hourly buckets (each labelled by its start). */
export function overviewFigures(steps: Iterable<ProgressStep>, period: OverviewPeriod) {
  const first = period.firstHour.getTime();
  const hours = Array.from({ length: 24 }, (_, i) => ({ hour: new Date(first + i * HOUR_MS), sent: 0, delivered: 0, failed: 0 }));
  let sentToday = 0;
  let delivered = 0;
  let failed = 0;
  for (const step of steps) {
    const at = step.at.getTime();
    if (at < period.from.getTime() || at >= period.until.getTime()) continue;
    if (at >= period.dayStart.getTime()) sentToday += step.sent;
    const bucket = hours[Math.floor((at - first) / HOUR_MS)];
    if (!bucket) continue;
    bucket.sent += step.sent;
    bucket.delivered += step.delivered;
    bucket.failed += step.failed;
    delivered += step.delivered;
    failed += step.failed;
  }
  return { sentToday, delivered, failed, hours };
}
