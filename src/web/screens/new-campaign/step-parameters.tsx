import { useTranslation } from 'react-i18next';
import { query, wsPath } from '../../api/client.js';
import type { sendingOptionsAnswer } from '../../../contract/campaigns.js';
import type { senderListAnswer } from '../../../contract/senders.js';
import { Field } from '../../components/field.js';
import { useApi } from '../../components/use-api.js';
import type { Draft } from './draft.js';
import { SegmentCounter } from './segment-counter.js';
import { BracesSentAsTyped, TemplatePlaceholders } from './template-placeholders.js';

export type ParameterErrors = Partial<Record<'name' | 'sender_id' | 'esme' | 'strategy' | 'text' | 'sms_limit', string>>;

export function StepParameters({ slug, draft, update, errors }: { slug: string; draft: Draft; update(p: Partial<Draft>): void; errors: ParameterErrors }) {
  const { t } = useTranslation();
  const senders = useApi<typeof senderListAnswer>(wsPath(slug, '/senders?status=approved&limit=200'));
  // The Proxy's ESMEs (narrowed by presets) and, once one is chosen, its strategies.
  const options = useApi<typeof sendingOptionsAnswer>(wsPath(slug, `/sending-options${query({ esme: draft.esme })}`));
  const approved = senders.data?.items ?? [];
  // Typed in only when the Proxy's lists cannot be read; while they load the selects stay empty.
  const typed = options.error !== null && options.data === null;
  const esmeList = options.data?.esmes ?? [];
  const strategies = (draft.esme && options.data?.strategies?.map((s) => s.id)) || [];
  return (
    <div className="stack">
      <Field label={t('wizard.name')} error={errors.name}>
        {(p) => <input {...p} name="name" maxLength={120} value={draft.name} onChange={(e) => update({ name: e.target.value })} />}
      </Field>
      <div className="grid-3">
        <Field label={t('wizard.sender')} error={errors.sender_id} hint={approved.length === 0 ? t('wizard.noSenders') : undefined}>
          {(p) => (
            <select {...p} name="sender_id" value={draft.sender_id} onChange={(e) => update({ sender_id: e.target.value })}>
              <option value="">{t('common.choose')}</option>
              {approved.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}{s.current_revision ? ` (${s.current_revision.saddr})` : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('wizard.esme')} error={errors.esme}>
          {(p) =>
            !typed ? (
              <select {...p} name="esme" value={draft.esme} onChange={(e) => update({ esme: e.target.value, strategy: '' })}>
                <option value="">{t('common.choose')}</option>
                {esmeList.map((e) => (
                  <option key={e.id} value={e.id}>{e.name || e.id}</option>
                ))}
              </select>
            ) : (
              <input {...p} name="esme" value={draft.esme} onChange={(e) => update({ esme: e.target.value })} />
            )
          }
        </Field>
        <Field label={t('wizard.strategy')} error={errors.strategy}>
          {(p) =>
            !typed ? (
              <select {...p} name="strategy" value={draft.strategy} onChange={(e) => update({ strategy: e.target.value })}>
                <option value="">{t('wizard.noStrategy')}</option>
                {strategies.map((s) => (
                  <option key={s} value={s}>{s}</option>
                ))}
              </select>
            ) : (
              <input {...p} name="strategy" value={draft.strategy} placeholder={t('wizard.noStrategy')} onChange={(e) => update({ strategy: e.target.value })} />
            )
          }
        </Field>
      </div>
      <Field label={t('wizard.text')} error={errors.text} hint={draft.mode === 'Trigger' ? t('wizard.templateHint', { example: '{{code}}' }) : undefined}>
        {(p) => <textarea {...p} name="text" rows={5} value={draft.text} onChange={(e) => update({ text: e.target.value })} />}
      </Field>
      <SegmentCounter text={draft.text} smsLimit={draft.sms_limit} />
      {draft.mode === 'Trigger' ? <TemplatePlaceholders text={draft.text} /> : <BracesSentAsTyped text={draft.text} />}
      <Field label={t('wizard.smsLimit')} error={errors.sms_limit}>
        {(p) => (
          <input {...p} name="sms_limit" type="number" min={1} max={10} value={draft.sms_limit} onChange={(e) => update({ sms_limit: Number(e.target.value) })} />
        )}
      </Field>
    </div>
  );
}
