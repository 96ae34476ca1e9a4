// The five-step wizard, for a new campaign and for editing one while it is New. The mode's dates are
// asked on step 1, so the campaign (and its held Core job, which the upload needs) is created on
// step 2 with everything its mode requires.
import { useRef, useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiFailure, patch, post, wsPath } from '../../api/client.js';
import type { Campaign, campaignAnswer } from '../../../contract/campaigns.js';
import { campaignAction } from '../../components/campaign-actions.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useErrorMessage } from '../../components/use-error-message.js';
import { focusFirstError } from '../../components/field.js';
import { PageHeader } from '../../components/page-header.js';
import { useApi } from '../../components/use-api.js';
import { windowLabel } from '../../components/window-label.js';
import { useCoreStatus } from '../../core/core-status.js';
import { useCurrentWorkspace } from '../../session/permissions.js';
import { changedFields, dailyTimeZone, dateErrors, draftFromCampaign, emptyDraft, needsRecipients, parametersBody, scheduleBody, windowErrors, type Draft, type ScheduleErrors } from './draft.js';
import { errorsByStep, wizardFieldLabels } from './field-steps.js';
import { textProblem } from './segment-counter.js';
import { StepMode } from './step-mode.js';
import { StepParameters, type ParameterErrors } from './step-parameters.js';
import { StepRecipients } from './step-recipients.js';
import { StepReview } from './step-review.js';
import { StepSchedule } from './step-schedule.js';
import { STEP_KEYS, WizardSteps } from './wizard-steps.js';

const DATE_FIELDS = ['start_at', 'end_at', 'daily_time'] as const;

export function NewCampaignScreen() {
  return <CampaignWizard initial={null} />;
}

/** Edit opens the same steps, pre-filled, on a New campaign (draft, submitted or approved). */
export function EditCampaignScreen() {
  const { t } = useTranslation();
  const { slug = '', externalId = '' } = useParams();
  const loaded = useApi<typeof campaignAnswer>(wsPath(slug, `/campaigns/${externalId}`));
  if (loaded.error) return <ErrorNotice error={loaded.error} />;
  if (!loaded.data) return <p className="muted">{t('common.loading')}</p>;
  return <CampaignWizard key={externalId} initial={loaded.data.campaign} />;
}

function CampaignWizard({ initial }: { initial: Campaign | null }) {
  const { t } = useTranslation();
  const errorMessages = useErrorMessage();
  const { slug = '' } = useParams();
  const navigate = useNavigate();
  const workspace = useCurrentWorkspace();
  const { coreDown } = useCoreStatus();
  const form = useRef<HTMLFormElement>(null);
  const [step, setStep] = useState(1);
  const [draft, setDraft] = useState<Draft>(() => (initial ? draftFromCampaign(initial) : emptyDraft()));
  const [campaign, setCampaign] = useState<Campaign | null>(initial);
  const [paramErrors, setParamErrors] = useState<ParameterErrors>({});
  const [schedErrors, setSchedErrors] = useState<ScheduleErrors>({});
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const update = (p: Partial<Draft>) => setDraft((d) => ({ ...d, ...p }));
  const skipped = needsRecipients(draft.mode) ? [] : [3];
  const editing = initial !== null;
  const wasApproved = initial?.approved_at != null;

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

  /** PATCHes what changed (with the version read); an unchanged step sends nothing. */
  async function saveChanges(body: Record<string, unknown>): Promise<void> {
    if (!campaign) return;
    const changed = changedFields(body, campaign);
    if (Object.keys(changed).length === 0) return;
    setCampaign((await patch<typeof campaignAnswer>(wsPath(slug, `/campaigns/${campaign.external_id}`), { ...changed, version: campaign.version })).campaign);
  }

  /** Replacing the recipients of an approved campaign is an edit: it goes back to the queue first. */
  async function beforeUpload(): Promise<void> {
    if (campaign?.approved_at)
      setCampaign((await patch<typeof campaignAnswer>(wsPath(slug, `/campaigns/${campaign.external_id}`), { version: campaign.version })).campaign);
  }

  async function save(): Promise<boolean> {
    if (step === 1) {
      const e = dateErrors(draft, t);
      setSchedErrors(e);
      if (Object.keys(e).length) return false;
      const schedule = scheduleBody(draft);
      await saveChanges(Object.fromEntries(DATE_FIELDS.map((f) => [f, schedule[f]])));
    }
    if (step === 2) {
      const e = parameterErrors();
      setParamErrors(e);
      if (Object.keys(e).length) return false;
      if (campaign) await saveChanges(parametersBody(draft));
      else
        setCampaign(
          (await post<typeof campaignAnswer>(wsPath(slug, '/campaigns'), { external_id: draft.external_id, mode: draft.mode, ...parametersBody(draft), ...scheduleBody(draft) })).campaign,
        );
    }
    if (step === 3 && !campaign?.recipients?.accepted) {
      setFailure(new ApiFailure(422, 'no_recipients', t('errors.no_recipients')));
      return false;
    }
    if (step === 4) {
      const e = windowErrors(draft, t);
      setSchedErrors(e);
      if (Object.keys(e).length) return false;
      await saveChanges(scheduleBody(draft));
    }
    return true;
  }

  async function finish(c: Campaign) {
    if (c.submitted_at === null) await campaignAction(slug, c, 'submit');
    navigate(`/w/${slug}/campaigns/${c.external_id}`);
  }

  async function next(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    setBusy(true);
    try {
      if (step === 5 && campaign) return await finish(campaign);
      if (!(await save())) return focusFirstError(form.current);
      setStep(step === 2 && skipped.includes(3) ? 4 : step + 1);
    } catch (err) {
      const failed = err instanceof ApiFailure ? err : new ApiFailure(0, 'generic', String(err));
      setFailure(failed);
      if (failed.code === 'no_recipients') setStep(3);
      const { parameters, schedule, firstStep } = errorsByStep(errorMessages.fields(failed));
      setParamErrors(parameters);
      setSchedErrors(schedule);
      // A refusal names a field of an earlier step: go back there (never ahead of a saved campaign).
      if (firstStep !== null && firstStep < step) setStep(firstStep);
      focusFirstError(form.current);
    } finally {
      setBusy(false);
    }
  }

  const back = () => setStep(step === 4 && skipped.includes(3) ? 2 : step - 1);
  const blockedByCore = coreDown && ((step === 2 && !campaign) || step === 5);
  const submitted = campaign?.submitted_at != null;
  const title = editing ? t('wizard.editTitle', { name: initial.name }) : t('wizard.title');
  const subtitle = editing ? undefined : campaign ? t('wizard.savedAsDraft') : undefined;

  return (
    <>
      <PageHeader title={title} subtitle={subtitle} />
      {wasApproved && (
        <p className="notice notice-warning" role="status" data-testid="edit-approved-notice">
          {campaign?.approved_at ? t('wizard.editApprovedWarning') : t('wizard.editApprovedDone')}
        </p>
      )}
      <WizardSteps current={step} skipped={skipped} />
      <form ref={form} className="card wizard" onSubmit={next} noValidate aria-label={t(`wizard.steps.${STEP_KEYS[step - 1]}`)}>
        {step === 1 && (
          <StepMode
            slug={slug}
            draft={draft}
            update={update}
            locked={campaign !== null}
            errors={schedErrors}
            dailyZone={dailyTimeZone(draft, workspace?.sending_window)}
          />
        )}
        {step === 2 && <StepParameters slug={slug} draft={draft} update={update} errors={paramErrors} />}
        {step === 3 && campaign && <StepRecipients slug={slug} campaign={campaign} onUploaded={setCampaign} beforeUpload={beforeUpload} />}
        {step === 4 && <StepSchedule draft={draft} update={update} errors={schedErrors} workspaceWindow={windowLabel(workspace?.sending_window, t)} />}
        {step === 5 && campaign && <StepReview campaign={campaign} workspaceWindow={workspace?.sending_window ?? null} />}
        <ErrorNotice error={failure} fieldLabels={wizardFieldLabels(t)} />
        <div className="wizard-actions">
          <button type="button" className="btn btn-secondary" disabled={step === 1 || busy} onClick={back}>
            {t('common.back')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy || blockedByCore} data-testid="wizard-next">
            {step === 5 ? (submitted ? t('wizard.finish') : t('wizard.submit')) : t('common.next')}
          </button>
        </div>
      </form>
    </>
  );
}
