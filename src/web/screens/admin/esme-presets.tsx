// The ESME part of the presets form: offer every enabled ESME, or only the chosen ones, each with its
// rate (at most the Proxy's) and its strategies.
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/field.js';
import type { EsmeRow, PresetsForm } from './presets-form-state.js';

export function EsmePresets({ form, errors, onChange }: { form: PresetsForm; errors: Record<string, string>; onChange(f: PresetsForm): void }) {
  const { t } = useTranslation();
  const setRow = (id: string, patch: Partial<EsmeRow>) => onChange({ ...form, esmes: form.esmes.map((r) => (r.id === id ? { ...r, ...patch } : r)) });
  return (
    <fieldset className="stack" data-testid="esme-presets">
      <legend>{t('presetsForm.esmes')}</legend>
      <label className="check">
        <input type="radio" name="esme_scope" checked={!form.narrow} onChange={() => onChange({ ...form, narrow: false })} />
        {t('presetsForm.everyEsme')}
      </label>
      <label className="check">
        <input type="radio" name="esme_scope" checked={form.narrow} onChange={() => onChange({ ...form, narrow: true })} />
        {t('presetsForm.chosenEsmes')}
      </label>
      {form.narrow &&
        form.esmes.map((r) => (
          <div key={r.id} className="preset-esme stack" data-testid={`esme-${r.id}`}>
            <label className="check">
              <input type="checkbox" name={`offer_${r.id}`} checked={r.offered} onChange={(e) => setRow(r.id, { offered: e.target.checked })} aria-describedby={errors[`esme:${r.id}`] ? `esme-${r.id}-error` : undefined} />
              <strong>{r.name}</strong> <span className="muted small mono">{r.id}</span>
              {r.atProxy && !r.atProxy.enabled && <span className="badge badge-muted">{t('presetsForm.disabledAtProxy')}</span>}
              {!r.atProxy && <span className="badge badge-danger">{t('presetsForm.notAtProxy')}</span>}
            </label>
            {errors[`esme:${r.id}`] && <div className="field-error" id={`esme-${r.id}-error`}>{errors[`esme:${r.id}`]}</div>}
            {r.offered && (
              <div className="grid-3">
                <Field label={t('presetsForm.rate', { name: r.name })} error={errors[`rate:${r.id}`]} hint={r.atProxy ? t('presetsForm.rateCeiling', { limit: r.atProxy.ceiling }) : undefined}>
                  {(p) => <input {...p} name={`rate_${r.id}`} type="number" inputMode="numeric" min={1} max={r.atProxy?.ceiling} placeholder={r.atProxy?.ceiling.toString()} value={r.rate} onChange={(e) => setRow(r.id, { rate: e.target.value })} />}
                </Field>
                <fieldset className="stack" aria-describedby={errors[`strategies:${r.id}`] ? `strategies-${r.id}-error` : undefined}>
                  <legend>{t('presetsForm.strategies', { name: r.name })}</legend>
                  <label className="check">
                    <input type="checkbox" name={`every_strategy_${r.id}`} checked={r.everyStrategy} onChange={(e) => setRow(r.id, { everyStrategy: e.target.checked })} />
                    {t('presetsForm.everyStrategy')}
                  </label>
                  {!r.everyStrategy &&
                    (r.atProxy?.strategies ?? r.strategies.map((id) => ({ id, name: id }))).map((s) => (
                      <label key={s.id} className="check">
                        <input
                          type="checkbox"
                          name={`strategy_${r.id}_${s.id}`}
                          checked={r.strategies.includes(s.id)}
                          onChange={(e) => setRow(r.id, { strategies: e.target.checked ? [...r.strategies, s.id] : r.strategies.filter((x) => x !== s.id) })}
                        />
                        {s.name}
                      </label>
                    ))}
                  {errors[`strategies:${r.id}`] && <div className="field-error" id={`strategies-${r.id}-error`}>{errors[`strategies:${r.id}`]}</div>}
                </fieldset>
              </div>
            )}
          </div>
        ))}
    </fieldset>
  );
}
