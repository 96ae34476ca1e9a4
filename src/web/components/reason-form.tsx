import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, focusFirstError } from './field.js';

/** Rejecting needs a reason (product.md §3): an inline form, not a modal. */
export function ReasonForm({ onSubmit, onCancel }: { onSubmit(reason: string): Promise<void>; onCancel(): void }) {
  const { t } = useTranslation();
  const form = useRef<HTMLFormElement>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) {
      setError(t('forms.required'));
      return focusFirstError(form.current);
    }
    await onSubmit(reason.trim());
  }
  return (
    <form ref={form} className="reason-form" onSubmit={submit} noValidate>
      <Field label={t('moderation.reason')} error={error}>
        {(p) => <input {...p} name="reason" maxLength={500} autoFocus value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <div className="row">
        <button type="submit" className="btn btn-danger btn-small">{t('actions.confirmReject')}</button>
        <button type="button" className="btn btn-ghost btn-small" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
