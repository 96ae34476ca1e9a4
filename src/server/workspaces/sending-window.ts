import { z } from 'zod';

const HH_MM = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/** True when the runtime knows `zone` as an IANA time zone (Intl throws RangeError otherwise). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** `{start, end, timezone}`; a window may cross midnight (start after end), but not be empty. */
export const sendingWindowSchema = z
  .strictObject({
    start: z.string().regex(HH_MM, 'must be HH:MM (24-hour)'),
    end: z.string().regex(HH_MM, 'must be HH:MM (24-hour)'),
    timezone: z.string().min(1).max(64).refine(isKnownTimeZone, 'must be an IANA time zone, e.g. Asia/Tashkent'),
  })
  .refine((w) => w.start !== w.end, { message: 'start and end must differ', path: ['end'] });

/** Same hours in the same zone (null: any time). */
export function sameWindow(a: { start: string; end: string; timezone: string } | null, b: { start: string; end: string; timezone: string } | null): boolean {
  if (a === null || b === null) return a === b;
  return a.start === b.start && a.end === b.end && a.timezone === b.timezone;
}
