// The sender addresses the sender form offers: a list to add to, edit and remove from.
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/field.js';

export function SaddrPresets({ saddrs, errors, onChange }: { saddrs: string[]; errors: Record<string, string>; onChange(saddrs: string[]): void }) {
  const { t } = useTranslation();
  const set = (i: number, value: string) => onChange(saddrs.map((s, j) => (j === i ? value : s)));
  return (
    <fieldset className="stack" data-testid="saddr-presets">
      <legend>{t('presetsForm.saddrs')}</legend>
      <p className="muted small">{t('presetsForm.saddrsHint')}</p>
      {saddrs.map((saddr, i) => (
        <div key={i} className="row row-end">
          <Field label={t('presetsForm.saddrN', { n: i + 1 })} error={errors[`saddr:${i}`]}>
            {(p) => <input {...p} name={`saddr_${i}`} maxLength={15} value={saddr} onChange={(e) => set(i, e.target.value)} />}
          </Field>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => onChange(saddrs.filter((_, j) => j !== i))}>
            {t('presetsForm.removeSaddr', { saddr: saddr || t('presetsForm.saddrN', { n: i + 1 }) })}
          </button>
        </div>
      ))}
      <div><button type="button" className="btn btn-secondary btn-small" onClick={() => onChange([...saddrs, ''])}>{t('presetsForm.addSaddr')}</button></div>
    </fieldset>
  );
}
