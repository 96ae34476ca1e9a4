import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { can } from '../../../domain/permissions.js';
import { CAMPAIGN_MODES } from '../../../domain/campaign-lifecycle.js';
import type { CampaignMode } from '../../../contract/campaigns.js';
import { useMe } from '../../session/session-context.js';
import { memberIn } from '../../session/permissions.js';
import type { Draft, ScheduleErrors } from './draft.js';
import { ModeDates } from './step-schedule.js';

export function StepMode(props: { slug: string; draft: Draft; update(p: Partial<Draft>): void; locked: boolean; errors: ScheduleErrors; dailyZone: string }) {
  const { slug, draft, update, locked } = props;
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const workspaces = me.workspaces.filter((w) => !w.archived_at && can(memberIn(me, w), 'campaign.create').allowed);
  return (
    <div className="stack">
      <fieldset className="choice-grid" disabled={locked}>
        <legend>{t('wizard.mode')}</legend>
        {CAMPAIGN_MODES.map((mode: CampaignMode) => (
          <label key={mode} className={`choice${draft.mode === mode ? ' selected' : ''}`}>
            <input type="radio" name="mode" value={mode} checked={draft.mode === mode} onChange={() => update({ mode })} />
            <span className="choice-title">{t(`mode.${mode}`)}</span>
            <span className="choice-help">{t(`modeHelp.${mode}`)}</span>
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="wizard-workspace">{t('wizard.workspace')}</label>
        <select id="wizard-workspace" value={slug} disabled={locked} onChange={(e) => navigate(`/w/${e.target.value}/campaigns/new`)}>
          {workspaces.map((w) => (
            <option key={w.id} value={w.slug}>{w.name}</option>
          ))}
        </select>
      </div>
      <ModeDates draft={draft} update={update} errors={props.errors} dailyZone={props.dailyZone} />
    </div>
  );
}
