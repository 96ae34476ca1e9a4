// The wizard's own checks and bodies (pure: src/web/screens/new-campaign/draft.ts).
import { describe, expect, it } from 'vitest';
import type { Campaign } from '../../src/contract/campaigns.js';
import { changedFields, dateErrors, emptyDraft, scheduleBody, type Draft } from '../../src/web/screens/new-campaign/draft.js';

const t = (key: string) => key;
const NOW = Date.parse('2026-12-02T10:00:00Z');
const draft = (fields: Partial<Draft>): Draft => ({ ...emptyDraft(), ...fields });
const local = (iso: string) => {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

describe('dateErrors', () => {
  it('asks each mode for its own dates', () => {
    expect(dateErrors(draft({ mode: 'OnDemand' }), t, NOW)).toEqual({});
    expect(dateErrors(draft({ mode: 'OnTime' }), t, NOW)).toEqual({ start_at: 'forms.required' });
    expect(dateErrors(draft({ mode: 'Spread', daily_time: '' }), t, NOW)).toEqual({ start_at: 'forms.required', end_at: 'forms.required', daily_time: 'forms.required' });
    expect(dateErrors(draft({ mode: 'Trigger' }), t, NOW)).toEqual({ end_at: 'forms.required' });
  });

  it('wants dates in the future and the end after the start', () => {
    expect(dateErrors(draft({ mode: 'OnTime', start_at: local('2026-12-02T09:59:00Z') }), t, NOW)).toEqual({ start_at: 'wizard.mustBeFuture' });
    const reversed = draft({ mode: 'Spread', start_at: local('2026-12-03T10:00:00Z'), end_at: local('2026-12-02T11:00:00Z') });
    expect(dateErrors(reversed, t, NOW)).toEqual({ end_at: 'wizard.endAfterStart' });
    expect(dateErrors({ ...reversed, end_at: local('2026-12-05T10:00:00Z') }, t, NOW)).toEqual({});
  });
});

describe('scheduleBody', () => {
  it('sends only the fields of the mode, as instants', () => {
    const body = scheduleBody(draft({ mode: 'Trigger', start_at: local('2026-12-03T10:00:00Z'), end_at: local('2026-12-04T10:00:00Z') }));
    expect(body).toMatchObject({ start_at: null, end_at: '2026-12-04T10:00:00.000Z', daily_time: null, sending_window: null });
  });
});

describe('changedFields', () => {
  it('keeps only what differs from the saved campaign (same instants written differently are equal)', () => {
    const saved = { name: 'A', start_at: '2026-12-03T10:00:00.000Z', sending_window: null, sender: { sender_name_id: 's1' } } as unknown as Campaign;
    expect(changedFields({ name: 'A', start_at: '2026-12-03T10:00:00Z', sending_window: null, sender_id: 's1' }, saved)).toEqual({});
    expect(changedFields({ name: 'B', sender_id: 's2' }, saved)).toEqual({ name: 'B', sender_id: 's2' });
  });
});
