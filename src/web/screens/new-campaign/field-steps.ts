// Which wizard step owns each field the server can refuse, so a refusal marks the input where it is.
import type { ParameterErrors } from './step-parameters.js';
import type { ScheduleErrors } from './draft.js';

const PARAMETER_FIELDS = ['name', 'sender_id', 'esme', 'strategy', 'text', 'sms_limit'] as const;
const SCHEDULE_FIELDS = ['start_at', 'end_at', 'daily_time'] as const;

/** The wizard's fields by the labels its steps show them with, for the sentence of a refusal. */
export function wizardFieldLabels(t: (key: string) => string): Record<string, string> {
  const labels: Record<string, string> = {
    name: t('wizard.name'),
    sender_id: t('wizard.sender'),
    esme: t('wizard.esme'),
    strategy: t('wizard.strategy'),
    text: t('wizard.text'),
    sms_limit: t('wizard.smsLimit'),
    start_at: t('wizard.startAt'),
    end_at: t('wizard.endAt'),
    daily_time: t('wizard.dailyTime'),
  };
  for (const part of ['start', 'end', 'timezone']) labels[`sending_window.${part}`] = t(`window.${part}`);
  return labels;
}

export interface StepErrors {
  parameters: ParameterErrors;
  schedule: ScheduleErrors;
  /** The first step with a marked field (1 dates, 2 parameters, 4 sending window), or null when none is a wizard field. */
  firstStep: 1 | 2 | 4 | null;
}

/** Splits the server's field messages (`sending_window.start` → the window control) by step. */
export function errorsByStep(fields: Record<string, string>): StepErrors {
  const parameters: ParameterErrors = {};
  const schedule: ScheduleErrors = {};
  for (const key of PARAMETER_FIELDS) if (fields[key]) parameters[key] = fields[key];
  for (const key of SCHEDULE_FIELDS) if (fields[key]) schedule[key] = fields[key];
  const window = Object.entries(fields).find(([path]) => path === 'sending_window' || path.startsWith('sending_window.'));
  if (window) schedule.window = window[1];
  // The mode step asks for the dates, the schedule step for the sending window.
  const dates = SCHEDULE_FIELDS.some((key) => schedule[key]);
  const firstStep = dates ? 1 : Object.keys(parameters).length ? 2 : schedule.window ? 4 : null;
  return { parameters, schedule, firstStep };
}
