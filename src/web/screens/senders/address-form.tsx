// A sender address with its SMPP parameters: used for a new sender and for a new revision.
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { checkSaddr, defaultsFor, isValidNpi, isValidTon, type SenderAddress } from '../../../domain/sender-address.js';
import { ApiFailure } from '../../api/client.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { Field, focusFirstError } from '../../components/field.js';
import { useErrorMessage } from '../../components/use-error-message.js';
import { SaddrField } from './saddr-field.js';

export interface AddressFormValues extends SenderAddress {
  name: string;
  reason: string;
}

type Errors = Partial<Record<keyof AddressFormValues, string>>;

export function AddressForm({ withName, submitLabel, onSubmit, onCancel }: {
  withName: boolean;
  submitLabel: string;
  onSubmit(v: AddressFormValues): Promise<void>;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const errorMessages = useErrorMessage();
  const form = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<AddressFormValues>({ name: '', saddr: '', reason: '', ...defaultsFor('') });
  const [touchedSmpp, setTouchedSmpp] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<ApiFailure | null>(null);

  const setSaddr = (saddr: string) => setValues((v) => ({ ...v, saddr, ...(touchedSmpp ? {} : defaultsFor(saddr)) }));
  const setNumber = (key: 'ston' | 'snpi' | 'dton' | 'dnpi', value: string) => {
    setTouchedSmpp(true);
    setValues((v) => ({ ...v, [key]: Number(value) }));
  };

  function check(): Errors {
    const e: Errors = {};
    if (withName && !values.name.trim()) e.name = t('forms.required');
    // A new revision must say why the address changes.
    if (!withName && !values.reason.trim()) e.reason = t('forms.required');
    const saddr = checkSaddr(values.saddr);
    if (!saddr.ok) e.saddr = t(`senders.saddrErrors.${saddr.reason}`);
    for (const k of ['ston', 'dton'] as const) if (!isValidTon(values[k])) e[k] = t('senders.tonRange');
    for (const k of ['snpi', 'dnpi'] as const) if (!isValidNpi(values[k])) e[k] = t('senders.npiRange');
    return e;
  }

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    setFailure(null);
    const e = check();
    setErrors(e);
    if (Object.keys(e).length) return focusFirstError(form.current);
    try {
      await onSubmit(values);
    } catch (err) {
      const failed = err instanceof ApiFailure ? err : new ApiFailure(0, 'generic', String(err));
      setFailure(failed);
      setErrors(errorMessages.fields(failed) as Errors);
      focusFirstError(form.current);
    }
  }

  const numberField = (key: 'ston' | 'snpi' | 'dton' | 'dnpi') => (
    <Field label={t(`senders.${key}`)} error={errors[key]}>
      {(p) => <input {...p} name={key} type="number" min={0} max={key.endsWith('ton') ? 6 : 18} value={values[key]} onChange={(e) => setNumber(key, e.target.value)} />}
    </Field>
  );

  return (
    <form ref={form} className="card stack" onSubmit={submit} noValidate data-testid="address-form">
      {withName && (
        <Field label={t('senders.name')} error={errors.name}>
          {(p) => <input {...p} name="name" maxLength={60} value={values.name} onChange={(e) => setValues({ ...values, name: e.target.value })} />}
        </Field>
      )}
      <SaddrField value={values.saddr} error={errors.saddr} onChange={setSaddr} />
      <div className="grid-4">
        {numberField('ston')}
        {numberField('snpi')}
        {numberField('dton')}
        {numberField('dnpi')}
      </div>
      <Field label={t('senders.reason')} error={errors.reason}>
        {(p) => <input {...p} name="reason" maxLength={500} value={values.reason} onChange={(e) => setValues({ ...values, reason: e.target.value })} />}
      </Field>
      <ErrorNotice error={failure} />
      <div className="row">
        <button type="submit" className="btn btn-primary">{submitLabel}</button>
        <button type="button" className="btn btn-ghost" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}

export const addressBody = (v: AddressFormValues) => ({ saddr: v.saddr, ston: v.ston, snpi: v.snpi, dton: v.dton, dnpi: v.dnpi, reason: v.reason.trim() });
