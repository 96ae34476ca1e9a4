import type { SendingWindow } from '../../contract/common.js';

/** Sending windows are shown in their own time zone, labelled (product.md §6). */
export function windowLabel(window: SendingWindow | null | undefined, t: (key: string, o?: Record<string, string>) => string): string {
  if (!window) return t('window.anyTime');
  return t('window.range', { start: window.start, end: window.end, timezone: window.timezone });
}
