// The wizard's form state and how it becomes the API's create/patch bodies.
import type { Campaign, CampaignMode } from '../../../contract/campaigns.js';

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

export function parametersBody(d: Draft) {
  return { name: d.name.trim(), sender_id: d.sender_id, esme: d.esme, strategy: d.strategy || null, text: d.text, sms_limit: d.sms_limit };
}

export function scheduleBody(d: Draft) {
  return {
    start_at: d.mode === 'OnDemand' ? null : instant(d.start_at),
    end_at: d.mode === 'Spread' || d.mode === 'Trigger' ? instant(d.end_at) : null,
    daily_time: d.mode === 'Spread' ? d.daily_time : null,
    sending_window: d.window_override ? { start: d.window_start, end: d.window_end, timezone: d.window_timezone } : null,
    auto_start: d.auto_start,
  };
}

export const needsRecipients = (mode: CampaignMode) => mode !== 'Trigger';

export type Saved = Campaign | null;
