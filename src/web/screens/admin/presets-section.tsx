import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiFailure, put } from '../../api/client.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { Field } from '../../components/field.js';
import { useApi } from '../../components/use-api.js';
import type { presetsAnswer } from '../../../contract/campaigns.js';

/** Global presets (ESMEs with rate limits, sender and strategy presets), edited as JSON. */
export function PresetsSection() {
  const { t } = useTranslation();
  const loaded = useApi<typeof presetsAnswer>('/api/admin/presets');
  const [text, setText] = useState('');
  const [parseError, setParseError] = useState<string | undefined>();
  const [error, setError] = useState<ApiFailure | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (loaded.data) setText(JSON.stringify(loaded.data.presets, null, 2));
  }, [loaded.data]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    setError(null);
    let value: unknown;
    try {
      value = JSON.parse(text);
      setParseError(undefined);
    } catch {
      return setParseError(t('admin.invalidJson'));
    }
    try {
      await put('/api/admin/presets', value);
      setSaved(true);
      loaded.reload();
    } catch (err) {
      if (err instanceof ApiFailure) setError(err);
    }
  }

  return (
    <form className="card stack" onSubmit={submit} noValidate>
      <ErrorNotice error={loaded.error ?? error} />
      <Field label={t('admin.presetsJson')} error={parseError}>
        {(p) => <textarea {...p} className="mono" rows={16} value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      {saved && <p className="notice notice-success" role="status">{t('common.saved')}</p>}
      <div><button type="submit" className="btn btn-primary">{t('common.save')}</button></div>
    </form>
  );
}
