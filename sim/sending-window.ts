// Sending windows: {start:"09:00", end:"21:00", timezone:"Asia/Tashkent"}. A window whose end
// is before its start spans midnight (e.g. 22:00–06:00).
export interface SendingWindow {
  start: string;
  end: string;
  timezone: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

export function isValidTimezone(timezone: string): boolean {
  try {
    formatterFor(timezone);
    return true;
  } catch {
    return false;
  }
}

/** Minutes since local midnight in `timezone` at instant `ms`. */
export function localMinutes(ms: number, timezone: string): number {
  const parts = formatterFor(timezone).formatToParts(new Date(ms));
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return hour * 60 + minute;
}

export function parseHhMm(value: string): number | null {
  const match = /^([01][0-9]|2[0-3]):([0-5][0-9])$/.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

export function isInsideWindow(window: SendingWindow | null, ms: number): boolean {
  if (!window) return true;
  const start = parseHhMm(window.start) ?? 0;
  const end = parseHhMm(window.end) ?? 24 * 60;
  const now = localMinutes(ms, window.timezone);
  if (start === end) return true;
  return start < end ? now >= start && now < end : now >= start || now < end;
}
