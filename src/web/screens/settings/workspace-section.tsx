import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiFailure, patch, wsPath } from '../../api/client.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { Field } from '../../components/field.js';
import { TimeZoneSelect } from '../../components/time-zone-select.js';
import { useApi } from '../../components/use-api.js';
import { useSession } from '../../session/session-context.js';
import type { updatedWorkspaceAnswer, WindowSync, windowFollowersAnswer, workspaceWithRoleAnswer } from '../../../contract/workspaces.js';

/** Name, join requests, and the default sending window (in its own, labelled time zone). */
export function WorkspaceSection({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const loaded = useApi<typeof workspaceWithRoleAnswer>(wsPath(slug));
  // Shown only when it loads (an admin's count); a refusal changes nothing on the form.
  const followers = useApi<typeof windowFollowersAnswer>(loaded.data ? wsPath(slug, '/window-followers') : null);
  const [name, setName] = useState('');
  const [allowJoin, setAllowJoin] = useState(false);
  const [windowOn, setWindowOn] = useState(false);
  const [win, setWin] = useState({ start: '09:00', end: '21:00', timezone: 'Asia/Tashkent' });
  const [error, setError] = useState<ApiFailure | null>(null);
  const [saved, setSaved] = useState(false);
  const [windowSync, setWindowSync] = useState<WindowSync | null>(null);

  useEffect(() => {
    const w = loaded.data?.workspace;
    if (!w) return;
    setName(w.name);
    setAllowJoin(w.allow_join_requests);
    setWindowOn(w.sending_window !== null);
    if (w.sending_window) setWin(w.sending_window);
  }, [loaded.data]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    setWindowSync(null);
    try {
      const body = { name: name.trim(), allow_join_requests: allowJoin, sending_window: windowOn ? win : null };
      const answer = await patch<typeof updatedWorkspaceAnswer>(wsPath(slug), body);
      setSaved(true);
      setWindowSync(answer.window_sync);
      followers.reload();
      await refresh();
    } catch (err) {
      if (err instanceof ApiFailure) setError(err);
    }
  }

  return (
    <form className="card stack" onSubmit={submit} noValidate>
      <ErrorNotice error={loaded.error} />
      <Field label={t('settings.workspaceName')}>
        {(p) => <input {...p} value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <label className="check">
        <input type="checkbox" checked={allowJoin} onChange={(e) => setAllowJoin(e.target.checked)} />
        {t('settings.allowJoin')}
      </label>
      <fieldset className="box">
        <legend>{t('wizard.sendingWindow')}</legend>
        <label className="check">
          <input type="checkbox" checked={windowOn} onChange={(e) => setWindowOn(e.target.checked)} />
          {t('settings.limitWindow')}
        </label>
        {windowOn && (
          <div className="grid-3">
            <Field label={t('window.start')}>{(p) => <input {...p} type="time" value={win.start} onChange={(e) => setWin({ ...win, start: e.target.value })} />}</Field>
            <Field label={t('window.end')}>{(p) => <input {...p} type="time" value={win.end} onChange={(e) => setWin({ ...win, end: e.target.value })} />}</Field>
            <Field label={t('window.timezone')}>{(p) => <TimeZoneSelect {...p} value={win.timezone} onZone={(zone) => setWin({ ...win, timezone: zone })} />}</Field>
          </div>
        )}
        {followers.data && followers.data.campaigns + followers.data.running > 0 && (
          <p className="field-hint">
            {t('settings.windowFollowers', { count: followers.data.campaigns })}
            {followers.data.running > 0 && <> {t('settings.windowFollowersRunning', { count: followers.data.running })}</>}
          </p>
        )}
      </fieldset>
      <ErrorNotice error={error} />
      {saved && <p className="notice notice-success" role="status">{t('common.saved')}{windowSync && <WindowSyncNote sync={windowSync} />}</p>}
      <div><button type="submit" className="btn btn-primary">{t('common.save')}</button></div>
    </form>
  );
}

const names = (refs: WindowSync['running']) => refs.map((c) => c.name).join(', ');

/** Where a new default window went: the Core jobs that took it, the running ones, the ones still to come. */
function WindowSyncNote({ sync }: { sync: WindowSync }) {
  const { t } = useTranslation();
  if (sync.campaigns === 0) return null;
  return (
    <>
      {' '}
      {t('settings.windowSent', { count: sync.updated })}
      {sync.running.length > 0 && <> {t('settings.windowRunning', { names: names(sync.running) })}</>}
      {sync.pending.length > 0 && <> {t('settings.windowPending', { names: names(sync.pending) })}</>}
    </>
  );
}
