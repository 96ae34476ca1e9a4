// Changing my password: after sign-in when it is required, and in Settings → Account.
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiFailure, post } from '../../api/client.js';
import type { User, userAnswer } from '../../../contract/users.js';
import { Field, focusFirstError } from '../../components/field.js';
import { useErrorMessage } from '../../components/use-error-message.js';

interface Errors {
  current?: string;
  next?: string;
  repeat?: string;
}

export function PasswordForm({ email, onChanged }: { email: string; onChanged(user: User): void }) {
  const { t } = useTranslation();
  const errorMessages = useErrorMessage();
  const form = useRef<HTMLFormElement>(null);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  function check(): Errors {
    const found: Errors = {};
    if (!current) found.current = t('forms.required');
    if (next.length < 8 || next.length > 128) found.next = t('password.lengthRule');
    else if (next.toLowerCase() === email.toLowerCase()) found.next = t('password.notEmail');
    if (repeat !== next) found.repeat = t('password.mismatch');
    return found;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(false);
    const found = check();
    setErrors(found);
    if (Object.keys(found).length) return focusFirstError(form.current);
    setBusy(true);
    try {
      const answer = await post<typeof userAnswer>('/api/me/password', { current_password: current, new_password: next });
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(true);
      onChanged(answer.user);
    } catch (err) {
      const failed = err instanceof ApiFailure ? err : new ApiFailure(0, 'generic', String(err));
      const fields = errorMessages.fields(failed);
      setErrors(failed.code === 'wrong_password' ? { current: errorMessages.message(failed) } : { next: fields['new_password'] ?? errorMessages.message(failed) });
      focusFirstError(form.current);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form ref={form} onSubmit={submit} noValidate className="stack">
      <Field label={t('password.current')} error={errors.current}>
        {(p) => <input {...p} name="current_password" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />}
      </Field>
      <Field label={t('password.new')} error={errors.next} hint={t('password.lengthRule')}>
        {(p) => <input {...p} name="new_password" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />}
      </Field>
      <Field label={t('password.repeat')} error={errors.repeat}>
        {(p) => <input {...p} name="repeat_password" type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} />}
      </Field>
      {done && <p className="notice notice-success" role="status">{t('password.changed')}</p>}
      <div>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('password.submit')}
        </button>
      </div>
    </form>
  );
}
