// The five-step wizard. The campaign is created when step 2 is saved (its Core job is needed for the upload).
import { useRef, useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiFailure, patch, post, wsPath } from '../../api/client.js';
import type { Campaign } from '../../api/types.js';
import { campaignAction } from '../../components/campaign-actions.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useErrorMessage } from '../../components/use-error-message.js';
import { focusFirstError } from '../../components/field.js';
import { PageHeader } from '../../components/page-header.js';
import { windowLabel } from '../../components/window-label.js';
import { useCoreStatus } from '../../core/core-status.js';
import { useCurrentWorkspace } from '../../session/permissions.js';
import { errorsByStep, wizardFieldLabels } from './field-steps.js';
import { emptyDraft, needsRecipients, parametersBody, scheduleBody, type Draft } from './draft.js';
import { textProblem } from './segment-counter.js';
import { StepMode } from './step-mode.js';
import { StepParameters, type ParameterErrors } from './step-parameters.js';
import { StepRecipients } from './step-recipients.js';
import { StepReview } from './step-review.js';
import { StepSchedule, scheduleErrors, type ScheduleErrors } from './step-schedule.js';
import { WizardSteps } from './wizard-steps.js';

export function NewCampaignScreen() {
  const { t } = useTranslation();
  const errorMessages = useErrorMessage();
  const { slug = '' } = useParams();
  const navigate = useNavigate();
  const workspace = useCurrentWorkspace();
  const { coreDown } = useCoreStatus();
  const form = useRef<HTMLFormElement>(null);
  const [step, setStep] = useState(1);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [campaign, setCampaign] = useState<Campaign | null>(null);
  const [paramErrors, setParamErrors] = useState<ParameterErrors>({});
  const [schedErrors, setSchedErrors] = useState<ScheduleErrors>({});
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const update = (p: Partial<Draft>) => setDraft((d) => ({ ...d, ...p }));
  const skipped = needsRecipients(draft.mode) ? [] : [3];

  function parameterErrors(): ParameterErrors {
    const e: ParameterErrors = {};
    if (!draft.name.trim()) e.name = t('forms.required');
    if (!draft.sender_id) e.sender_id = t('forms.required');
    if (!draft.esme.trim()) e.esme = t('forms.required');
    if (!(draft.sms_limit >= 1 && draft.sms_limit <= 10)) e.sms_limit = t('wizard.smsLimitRange');
    const problem = textProblem(draft.text, draft.sms_limit);
    if (problem) e.text = problem === 'required' ? t('forms.required') : t(`wizard.${problem}`);
    return e;
  }

  async function save(): Promise<boolean> {
    if (step === 2) {
      const e = parameterErrors();
      setParamErrors(e);
      if (Object.keys(e).length) return false;
      const saved = campaign
        ? await patch<{ campaign: Campaign }>(wsPath(slug, `/campaigns/${campaign.external_id}`), { ...parametersBody(draft), version: campaign.version })
        : await post<{ campaign: Campaign }>(wsPath(slug, '/campaigns'), { external_id: draft.external_id, mode: draft.mode, ...parametersBody(draft) });
      setCampaign(saved.campaign);
    }
    if (step === 3 && !campaign?.recipients?.accepted) {
      setFailure(new ApiFailure(400, 'recipients_required', t('errors.recipients_required')));
      return false;
    }
    if (step === 4 && campaign) {
      const e = scheduleErrors(draft, t);
      setSchedErrors(e);
      if (Object.keys(e).length) return false;
      setCampaign((await patch<{ campaign: Campaign }>(wsPath(slug, `/campaigns/${campaign.external_id}`), { ...scheduleBody(draft), version: campaign.version })).campaign);
    }
    return true;
  }

  async function next(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    setBusy(true);
    try {
      if (step === 5 && campaign) {
        await campaignAction(slug, campaign, 'submit');
        navigate(`/w/${slug}/campaigns/${campaign.external_id}`);
        return;
      }
      if (!(await save())) return focusFirstError(form.current);
      setStep(step === 2 && skipped.includes(3) ? 4 : step + 1);
    } catch (err) {
      const failed = err instanceof ApiFailure ? err : new ApiFailure(0, 'generic', String(err));
      setFailure(failed);
      const { parameters, schedule, firstStep } = errorsByStep(errorMessages.fields(failed));
      setParamErrors(parameters);
      setSchedErrors(schedule);
      // A refusal at submit names a field of an earlier step: go back there (never ahead of a saved campaign).
      if (firstStep !== null && firstStep < step) setStep(firstStep);
      focusFirstError(form.current);
    } finally {
      setBusy(false);
    }
  }

  const back = () => setStep(step === 4 && skipped.includes(3) ? 2 : step - 1);
  const blockedByCore = coreDown && (step === 2 || step === 5);

  return (
    <>
      <PageHeader title={t('wizard.title')} subtitle={campaign ? t('wizard.savedAsDraft') : undefined} />
      <WizardSteps current={step} skipped={skipped} />
      <form ref={form} className="card wizard" onSubmit={next} noValidate aria-label={t(`wizard.steps.${['mode', 'parameters', 'recipients', 'schedule', 'review'][step - 1]}`)}>
        {step === 1 && <StepMode slug={slug} draft={draft} update={update} locked={campaign !== null} />}
        {step === 2 && <StepParameters slug={slug} draft={draft} update={update} errors={paramErrors} />}
        {step === 3 && campaign && <StepRecipients slug={slug} campaign={campaign} onUploaded={setCampaign} />}
        {step === 4 && <StepSchedule draft={draft} update={update} errors={schedErrors} workspaceWindow={windowLabel(workspace?.sending_window, t)} />}
        {step === 5 && campaign && <StepReview campaign={campaign} />}
        <ErrorNotice error={failure} fieldLabels={wizardFieldLabels(t)} />
        <div className="wizard-actions">
          <button type="button" className="btn btn-secondary" disabled={step === 1 || busy} onClick={back}>
            {t('common.back')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy || blockedByCore} data-testid="wizard-next">
            {step === 5 ? t('wizard.submit') : t('common.next')}
          </button>
        </div>
      </form>
    </>
  );
}
