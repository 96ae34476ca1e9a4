// Global presets (super admin) as a form: the ESMEs and strategies chosen from what the Proxy has, rate
// limits capped at the Proxy's, and the sender addresses the sender form offers.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldMessage } from '../../../domain/error-catalogue.js';
import { ApiFailure, put } from '../../api/client.js';
import { catalogueLanguage } from '../../api/api-error.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { focusFirstError } from '../../components/field.js';
import { formatDateTime } from '../../components/format.js';
import { useApi } from '../../components/use-api.js';
import { useErrorMessage } from '../../components/use-error-message.js';
import type { presetsAnswer, proxyOptionsAnswer } from '../../../contract/campaigns.js';
import { EsmePresets } from './esme-presets.js';
import { bodyOf, checkForm, formFrom, formKeyOf, type FormProblem, type PresetsForm } from './presets-form-state.js';
import { SaddrPresets } from './saddr-presets.js';

export function PresetsSection() {
  const { t, i18n } = useTranslation();
  const errorMessages = useErrorMessage();
  const formRef = useRef<HTMLFormElement>(null);
  const loaded = useApi<typeof presetsAnswer>('/api/admin/presets');
  const proxy = useApi<typeof proxyOptionsAnswer>('/api/admin/proxy-options');
  const [form, setForm] = useState<PresetsForm | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (loaded.data && proxy.data) setForm(formFrom(loaded.data.presets, proxy.data));
  }, [loaded.data, proxy.data]);

  const say = (p: FormProblem) => ('saddr' in p ? t(`senders.saddrErrors.${p.saddr}`) : fieldMessage(p, catalogueLanguage(i18n.language)));
  const change = (next: PresetsForm) => {
    setSaved(false);
    setForm(next);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!form) return;
    setSaved(false);
    setFailure(null);
    const found = Object.fromEntries(Object.entries(checkForm(form)).map(([key, p]) => [key, say(p)]));
    setErrors(found);
    if (Object.keys(found).length) return focusFirstError(formRef.current);
    try {
      await put('/api/admin/presets', bodyOf(form));
      setSaved(true);
      loaded.reload();
    } catch (err) {
      if (!(err instanceof ApiFailure)) throw err;
      setFailure(err);
      const byKey: Record<string, string> = {};
      for (const [path, message] of Object.entries(errorMessages.fields(err))) byKey[formKeyOf(form, path) ?? path] = message;
      setErrors(byKey);
      focusFirstError(formRef.current);
    }
  }

  return (
    <form ref={formRef} className="card stack" onSubmit={submit} noValidate data-testid="presets-form" aria-label={t('admin.tabs.presets')}>
      <ErrorNotice error={loaded.error ?? proxy.error ?? failure} />
      {!form ? (
        !(loaded.error ?? proxy.error) && <p className="muted">{t('common.loading')}</p>
      ) : (
        <>
          <EsmePresets form={form} errors={errors} onChange={change} />
          <SaddrPresets saddrs={form.saddrs} errors={errors} onChange={(saddrs) => change({ ...form, saddrs })} />
          {saved && <p className="notice notice-success" role="status">{t('common.saved')}</p>}
          <div className="row">
            <button type="submit" className="btn btn-primary">{t('common.save')}</button>
            {loaded.data?.presets.updated_at && <span className="muted small">{t('presetsForm.updatedAt', { date: formatDateTime(loaded.data.presets.updated_at) })}</span>}
          </div>
        </>
      )}
    </form>
  );
}
