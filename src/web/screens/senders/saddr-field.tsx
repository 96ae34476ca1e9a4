// The sender address field: the super admin's saddr presets offered as a list (with "Other address" to
// type one), or a text field when there are none.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import type { saddrPresetsAnswer } from '../../../contract/campaigns.js';
import { wsPath } from '../../api/client.js';
import { Field } from '../../components/field.js';
import { useApi } from '../../components/use-api.js';

const OTHER = '__other__'; // never a saddr: those have no underscores

export function SaddrField({ value, error, onChange }: { value: string; error: string | undefined; onChange(saddr: string): void }) {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const presets = useApi<typeof saddrPresetsAnswer>(wsPath(slug, '/saddr-presets')).data?.saddrs ?? [];
  const [otherChosen, setOtherChosen] = useState(false);
  const offered = presets.length > 0;
  // An address typed before the presets arrived stays in its text field.
  const typing = otherChosen || (value !== '' && !presets.includes(value));
  const typed = (
    <Field label={offered ? t('senders.otherSaddr') : t('senders.saddr')} error={error} hint={t('senders.saddrHint')}>
      {(p) => <input {...p} name="saddr" maxLength={15} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
  if (!offered) return typed;
  return (
    <>
      <Field label={t('senders.saddr')} error={typing ? undefined : error} hint={t('senders.saddrPresetHint')}>
        {(p) => (
          <select
            {...p}
            name="saddr_preset"
            value={typing ? OTHER : presets.includes(value) ? value : ''}
            onChange={(e) => {
              const choice = e.target.value;
              setOtherChosen(choice === OTHER);
              onChange(choice === OTHER ? '' : choice);
            }}
          >
            <option value="">{t('common.choose')}</option>
            {presets.map((s) => <option key={s} value={s}>{s}</option>)}
            <option value={OTHER}>{t('senders.otherSaddrOption')}</option>
          </select>
        )}
      </Field>
      {typing && typed}
    </>
  );
}
