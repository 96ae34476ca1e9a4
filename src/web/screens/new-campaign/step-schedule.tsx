import { useTranslation } from 'react-i18next';
import { Field } from '../../components/field.js';
import type { Draft } from './draft.js';

export type ScheduleErrors = Partial<Record<'start_at' | 'end_at' | 'daily_time' | 'window', string>>;

export function StepSchedule({ draft, update, errors, workspaceWindow }: {
  draft: Draft;
  update(p: Partial<Draft>): void;
  errors: ScheduleErrors;
  workspaceWindow: string;
}) {
  const { t } = useTranslation();
  const timed = draft.mode !== 'OnDemand';
  const ends = draft.mode === 'Spread' || draft.mode === 'Trigger';
  return (
    <div className="stack">
      {!timed && <p className="muted">{t('wizard.onDemandSchedule')}</p>}
      <div className="grid-3">
        {timed && (
          <Field label={t('wizard.startAt')} error={errors.start_at}>
            {(p) => <input {...p} type="datetime-local" name="start_at" value={draft.start_at} onChange={(e) => update({ start_at: e.target.value })} />}
          </Field>
        )}
        {ends && (
          <Field label={t('wizard.endAt')} error={errors.end_at}>
            {(p) => <input {...p} type="datetime-local" name="end_at" value={draft.end_at} onChange={(e) => update({ end_at: e.target.value })} />}
          </Field>
        )}
        {draft.mode === 'Spread' && (
          <Field label={t('wizard.dailyTime')} error={errors.daily_time}>
            {(p) => <input {...p} type="time" name="daily_time" value={draft.daily_time} onChange={(e) => update({ daily_time: e.target.value })} />}
          </Field>
        )}
      </div>
      <fieldset className="box">
        <legend>{t('wizard.sendingWindow')}</legend>
        <p className="muted">{t('wizard.workspaceWindow', { window: workspaceWindow })}</p>
        <label className="check">
          <input type="checkbox" checked={draft.window_override} onChange={(e) => update({ window_override: e.target.checked })} />
          {t('wizard.overrideWindow')}
        </label>
        {draft.window_override && (
          <div className="grid-3">
            <Field label={t('window.start')} error={errors.window}>
              {(p) => <input {...p} type="time" value={draft.window_start} onChange={(e) => update({ window_start: e.target.value })} />}
            </Field>
            <Field label={t('window.end')}>
              {(p) => <input {...p} type="time" value={draft.window_end} onChange={(e) => update({ window_end: e.target.value })} />}
            </Field>
            <Field label={t('window.timezone')}>
              {(p) => <input {...p} value={draft.window_timezone} onChange={(e) => update({ window_timezone: e.target.value })} />}
            </Field>
          </div>
        )}
      </fieldset>
      <label className="check">
        <input type="checkbox" name="auto_start" checked={draft.auto_start} onChange={(e) => update({ auto_start: e.target.checked })} />
        {t('wizard.autoStart')}
      </label>
    </div>
  );
}

export function scheduleErrors(d: Draft, t: (k: string) => string): ScheduleErrors {
  const errors: ScheduleErrors = {};
  if (d.mode !== 'OnDemand' && !d.start_at) errors.start_at = t('forms.required');
  if ((d.mode === 'Spread' || d.mode === 'Trigger') && !d.end_at) errors.end_at = t('forms.required');
  if (d.start_at && d.end_at && new Date(d.end_at) <= new Date(d.start_at)) errors.end_at = t('wizard.endAfterStart');
  if (d.mode === 'Spread' && !d.daily_time) errors.daily_time = t('forms.required');
  if (d.window_override && d.window_start === d.window_end) errors.window = t('wizard.windowEmpty');
  return errors;
}
