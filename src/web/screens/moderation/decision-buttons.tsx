import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiFailure } from '../../api/client.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { ReasonForm } from '../../components/reason-form.js';

/** Inline Accept / Reject-with-reason for one queue row. */
export function DecisionButtons({ allowed, approve, reject, onDone, disabled = false }: {
  allowed: boolean;
  approve(): Promise<unknown>;
  reject(reason: string): Promise<unknown>;
  onDone(): void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const [rejecting, setRejecting] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [busy, setBusy] = useState(false);
  if (!allowed) return <span className="muted small">{t('moderation.notYours')}</span>;
  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await action();
      onDone();
    } catch (err) {
      setError(err instanceof ApiFailure ? err : new ApiFailure(0, 'generic', String(err)));
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="stack-tight">
      <div className="row">
        <button type="button" className="btn btn-primary btn-small" disabled={busy || disabled} onClick={() => void run(approve)}>
          {t('actions.accept')}
        </button>
        <button type="button" className="btn btn-danger btn-small" disabled={busy} onClick={() => setRejecting(true)}>
          {t('actions.reject')}
        </button>
      </div>
      {rejecting && <ReasonForm onSubmit={(reason) => run(() => reject(reason))} onCancel={() => setRejecting(false)} />}
      <ErrorNotice error={error} />
    </div>
  );
}
