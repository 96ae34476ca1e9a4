import { useTranslation } from 'react-i18next';
import { Field } from '../../components/field.js';
import { TimeZoneSelect } from '../../components/time-zone-select.js';
import { hasEnd, hasStart, type Draft, type ScheduleErrors } from './draft.js';

/**
 * The dates a mode needs, asked with the mode on step 1 (the campaign and its Core job are created
 * with them on step 2): OnTime a start, Spread a start, an end and a daily time, Trigger an end.
 */
export function ModeDates({ draft, update, errors, dailyZone }: {
  draft: Draft;
  update(p: Partial<Draft>): void;
  errors: ScheduleErrors;
  dailyZone: string;
}) {
  const { t } = useTranslation();
  const browserTime = t('wizard.browserTime', { timezone: Intl.DateTimeFormat().resolvedOptions().timeZone });
  if (draft.mode === 'OnDemand') return <p className="muted">{t('wizard.onDemandSchedule')}</p>;
  return (
    <fieldset className="box" data-testid="mode-dates">
      <legend>{t('wizard.when')}</legend>
      <div className="grid-3">
        {hasStart(draft) && (
          <Field label={t('wizard.startAt')} error={errors.start_at} hint={browserTime}>
            {(p) => <input {...p} type="datetime-local" name="start_at" value={draft.start_at} onChange={(e) => update({ start_at: e.target.value })} />}
          </Field>
        )}
        {hasEnd(draft) && (
          <Field label={t('wizard.endAt')} error={errors.end_at} hint={draft.mode === 'Trigger' ? `${t('wizard.triggerEnd')} · ${browserTime}` : browserTime}>
            {(p) => <input {...p} type="datetime-local" name="end_at" value={draft.end_at} onChange={(e) => update({ end_at: e.target.value })} />}
          </Field>
        )}
        {draft.mode === 'Spread' && (
          <Field label={t('wizard.dailyTime')} error={errors.daily_time} hint={t('wizard.dailyTimeZone', { timezone: dailyZone })}>
            {(p) => <input {...p} type="time" name="daily_time" value={draft.daily_time} onChange={(e) => update({ daily_time: e.target.value })} />}
          </Field>
        )}
      </div>
    </fieldset>
  );
}

/** Step 4: the sending window (the workspace's, or this campaign's own) and auto-start. */
export function StepSchedule({ draft, update, errors, workspaceWindow }: {
  draft: Draft;
  update(p: Partial<Draft>): void;
  errors: ScheduleErrors;
  workspaceWindow: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="stack">
      <fieldset className="box">
        <legend>{t('wizard.sendingWindow')}</legend>
        <p className="muted">{t('wizard.workspaceWindow', { window: workspaceWindow })}</p>
        <label className="check">
          <input type="checkbox" name="window_override" checked={draft.window_override} onChange={(e) => update({ window_override: e.target.checked })} />
          {t('wizard.overrideWindow')}
        </label>
        {draft.window_override && (
          <div className="grid-3">
            <Field label={t('window.start')} error={errors.window}>
              {(p) => <input {...p} type="time" name="window_start" value={draft.window_start} onChange={(e) => update({ window_start: e.target.value })} />}
            </Field>
            <Field label={t('window.end')}>
              {(p) => <input {...p} type="time" name="window_end" value={draft.window_end} onChange={(e) => update({ window_end: e.target.value })} />}
            </Field>
            <Field label={t('window.timezone')}>
              {(p) => <TimeZoneSelect {...p} name="window_timezone" value={draft.window_timezone} onZone={(zone) => update({ window_timezone: zone })} />}
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
