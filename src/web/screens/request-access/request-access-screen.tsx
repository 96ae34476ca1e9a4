// For signed-in users without a workspace: ask to join one that accepts requests.
import { useState } from 'react';
import { useDocumentTitle } from '../../components/document-title.js';
import { useTranslation } from 'react-i18next';
import { ApiFailure, post, wsPath } from '../../api/client.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { Field } from '../../components/field.js';
import { formatDateTime } from '../../components/format.js';
import { Pager } from '../../components/pager.js';
import { usePagedList } from '../../components/use-paged-list.js';
import { useSession } from '../../session/session-context.js';
import type { joinableWorkspaceSchema } from '../../../contract/workspaces.js';

export function RequestAccessScreen() {
  const { t } = useTranslation();
  useDocumentTitle(t('requestAccess.title'));
  const { logout } = useSession();
  const available = usePagedList<typeof joinableWorkspaceSchema>('/api/join-requests/available', '?limit=50');
  const [message, setMessage] = useState('');
  const [sent, setSent] = useState<string[]>([]);
  const [error, setError] = useState<ApiFailure | null>(null);
  const items = available.items;

  async function request(slug: string) {
    setError(null);
    try {
      await post(wsPath(slug, '/join-requests'), { message: message.trim() });
      setSent([...sent, slug]);
    } catch (err) {
      if (err instanceof ApiFailure) setError(err);
    }
  }

  return (
    <main className="auth-page">
      <div className="card auth-card stack">
        <h1>{t('requestAccess.title')}</h1>
        <p className="muted">{t('requestAccess.text')}</p>
        <ErrorNotice error={available.error ?? error} />
        {items.length === 0 ? (
          <p className="empty">{t('requestAccess.none')}</p>
        ) : (
          <>
            <Field label={t('settings.message')}>{(p) => <textarea {...p} rows={3} maxLength={500} value={message} onChange={(e) => setMessage(e.target.value)} />}</Field>
            <ul className="list">
              {items.map((w) => (
                <li key={w.slug} className="row row-between">
                  <span>
                    {w.name}
                    {w.last_rejection && !sent.includes(w.slug) && (
                      <span className="muted small" data-testid="join-rejection">
                        <br />
                        {t('requestAccess.rejected', { date: formatDateTime(w.last_rejection.decided_at) })}
                        {w.last_rejection.note && ` ${t('requestAccess.rejectedNote', { note: w.last_rejection.note })}`}
                      </span>
                    )}
                  </span>
                  {sent.includes(w.slug) || w.pending_request ? (
                    <span className="badge badge-success">{t('requestAccess.sent')}</span>
                  ) : (
                    <button type="button" className="btn btn-primary btn-small" onClick={() => void request(w.slug)}>{t('requestAccess.request')}</button>
                  )}
                </li>
              ))}
            </ul>
            <Pager {...available} />
          </>
        )}
        <button type="button" className="btn btn-ghost" onClick={() => void logout()}>{t('nav.signOut')}</button>
      </div>
    </main>
  );
}
