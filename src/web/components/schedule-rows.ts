import type { Campaign } from '../../contract/campaigns.js';
import type { SendingWindow } from '../../contract/common.js';
import { formatDateTime } from './format.js';
import { windowLabel } from './window-label.js';

type T = (key: string, o?: Record<string, string>) => string;

/** The window Core applies: the campaign's own, else the workspace's (labelled which). */
export function effectiveWindow(c: Pick<Campaign, 'sending_window'>, workspaceWindow: SendingWindow | null): { window: SendingWindow | null; source: 'campaign' | 'workspace' } {
  return c.sending_window ? { window: c.sending_window, source: 'campaign' } : { window: workspaceWindow, source: 'workspace' };
}

/** The mode's dates, Spread's daily time in the zone Core reads it in, and the effective sending window. */
export function scheduleRows(c: Pick<Campaign, 'mode' | 'start_at' | 'end_at' | 'daily_time' | 'sending_window'>, workspaceWindow: SendingWindow | null, t: T): [string, string][] {
  const rows: [string, string][] = [];
  if (c.mode === 'OnTime' || c.mode === 'Spread') rows.push([t('wizard.startAt'), formatDateTime(c.start_at)]);
  if (c.mode === 'Spread' || c.mode === 'Trigger') rows.push([t('wizard.endAt'), formatDateTime(c.end_at)]);
  const effective = effectiveWindow(c, workspaceWindow);
  if (c.mode === 'Spread') rows.push([t('wizard.dailyTime'), t('wizard.dailyTimeIn', { time: c.daily_time ?? '—', timezone: effective.window?.timezone ?? 'UTC' })]);
  rows.push([t('wizard.sendingWindow'), t(`window.source.${effective.source}`, { window: windowLabel(effective.window, t) })]);
  return rows;
}
