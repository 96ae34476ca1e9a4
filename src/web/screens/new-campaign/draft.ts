// The wizard's form state and how it becomes the API's create/patch bodies.
import type { Campaign, CampaignMode } from '../../../contract/campaigns.js';
import type { SendingWindow } from '../../../contract/common.js';

export interface Draft {
  external_id: string;
  mode: CampaignMode;
  name: string;
  sender_id: string;
  esme: string;
  strategy: string;
  text: string;
  sms_limit: number;
  start_at: string;
  end_at: string;
  daily_time: string;
  window_override: boolean;
  window_start: string;
  window_end: string;
  window_timezone: string;
  auto_start: boolean;
}

/** UUID v4 from the browser's CSPRNG (crypto.randomUUID needs a secure context; plain-http intranets lack one). */
export function uuidV4(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function emptyDraft(): Draft {
  return {
    external_id: uuidV4(),
    mode: 'OnDemand',
    name: '',
    sender_id: '',
    esme: '',
    strategy: '',
    text: '',
    sms_limit: 3,
    start_at: '',
    end_at: '',
    daily_time: '10:00',
    window_override: false,
    window_start: '09:00',
    window_end: '21:00',
    window_timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    auto_start: true,
  };
}

/** `datetime-local` values are the browser's local time; the API wants ISO instants. */
const instant = (local: string) => (local ? new Date(local).toISOString() : null);

/** An ISO instant as a `datetime-local` value in the browser's time zone. */
export function localInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The wizard's form filled from a saved campaign (Edit opens the same steps pre-filled). */
export function draftFromCampaign(c: Campaign): Draft {
  const empty = emptyDraft();
  return {
    external_id: c.external_id,
    mode: c.mode,
    name: c.name,
    sender_id: c.sender?.sender_name_id ?? '',
    esme: c.esme ?? '',
    strategy: c.strategy ?? '',
    text: c.text,
    sms_limit: c.sms_limit,
    start_at: localInput(c.start_at),
    end_at: localInput(c.end_at),
    daily_time: c.daily_time ?? empty.daily_time,
    window_override: c.sending_window !== null,
    window_start: c.sending_window?.start ?? empty.window_start,
    window_end: c.sending_window?.end ?? empty.window_end,
    window_timezone: c.sending_window?.timezone ?? empty.window_timezone,
    auto_start: c.auto_start,
  };
}

export function parametersBody(d: Draft) {
  return { name: d.name.trim(), sender_id: d.sender_id, esme: d.esme, strategy: d.strategy || null, text: d.text, sms_limit: d.sms_limit };
}

export function scheduleBody(d: Draft) {
  return {
    start_at: hasStart(d) ? instant(d.start_at) : null,
    end_at: hasEnd(d) ? instant(d.end_at) : null,
    daily_time: d.mode === 'Spread' ? d.daily_time : null,
    sending_window: d.window_override ? { start: d.window_start, end: d.window_end, timezone: d.window_timezone } : null,
    auto_start: d.auto_start,
  };
}

export const needsRecipients = (mode: CampaignMode) => mode !== 'Trigger';

/** The fields of `body` whose value differs from the saved campaign's (an unchanged step saves nothing). */
export function changedFields(body: Record<string, unknown>, saved: Campaign): Record<string, unknown> {
  const current: Record<string, unknown> = { ...saved, sender_id: saved.sender?.sender_name_id ?? null };
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const sameInstant = (a: unknown, b: unknown) => (a && b ? new Date(String(a)).getTime() === new Date(String(b)).getTime() : same(a, b));
  return Object.fromEntries(
    Object.entries(body).filter(([key, value]) => !(key === 'start_at' || key === 'end_at' ? sameInstant(value, current[key]) : same(value, current[key]))),
  );
}

/** The time zone Core reads a Spread campaign's daily time in: its sending window's, else UTC. */
export function dailyTimeZone(d: Draft, workspaceWindow: SendingWindow | null | undefined): string {
  if (d.window_override) return d.window_timezone;
  return workspaceWindow?.timezone ?? 'UTC';
}

export type ScheduleErrors = Partial<Record<'start_at' | 'end_at' | 'daily_time' | 'window', string>>;

export const hasStart = (d: Pick<Draft, 'mode'>) => d.mode === 'OnTime' || d.mode === 'Spread';
export const hasEnd = (d: Pick<Draft, 'mode'>) => d.mode === 'Spread' || d.mode === 'Trigger';

/** Step 1's checks, before any request: the mode's dates are given, in the future, and the end after the start. */
export function dateErrors(d: Draft, t: (k: string) => string, now = Date.now()): ScheduleErrors {
  const errors: ScheduleErrors = {};
  const future = (field: 'start_at' | 'end_at') => {
    if (d[field] && new Date(d[field]).getTime() <= now) errors[field] = t('wizard.mustBeFuture');
  };
  if (hasStart(d)) {
    if (!d.start_at) errors.start_at = t('forms.required');
    future('start_at');
  }
  if (hasEnd(d)) {
    if (!d.end_at) errors.end_at = t('forms.required');
    future('end_at');
  }
  if (!errors.end_at && hasStart(d) && hasEnd(d) && d.start_at && d.end_at && new Date(d.end_at) <= new Date(d.start_at)) errors.end_at = t('wizard.endAfterStart');
  if (d.mode === 'Spread' && !d.daily_time) errors.daily_time = t('forms.required');
  return errors;
}

/** Step 4's check: an override window must not be empty. */
export function windowErrors(d: Draft, t: (k: string) => string): ScheduleErrors {
  return d.window_override && d.window_start === d.window_end ? { window: t('wizard.windowEmpty') } : {};
}
