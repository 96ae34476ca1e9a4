// Which wizard step owns each field the server can refuse, so a refusal marks the input where it is.
import type { ParameterErrors } from './step-parameters.js';
import type { ScheduleErrors } from './step-schedule.js';

const PARAMETER_FIELDS = ['name', 'sender_id', 'esme', 'strategy', 'text', 'sms_limit'] as const;
const SCHEDULE_FIELDS = ['start_at', 'end_at', 'daily_time'] as const;

export interface StepErrors {
  parameters: ParameterErrors;
  schedule: ScheduleErrors;
  /** The first step with a marked field (2 parameters, 4 schedule), or null when none is a wizard field. */
  firstStep: 2 | 4 | null;
}

/** Splits the server's field messages (`sending_window.start` → the window control) by step. */
export function errorsByStep(fields: Record<string, string>): StepErrors {
  const parameters: ParameterErrors = {};
  const schedule: ScheduleErrors = {};
  for (const key of PARAMETER_FIELDS) if (fields[key]) parameters[key] = fields[key];
  for (const key of SCHEDULE_FIELDS) if (fields[key]) schedule[key] = fields[key];
  const window = Object.entries(fields).find(([path]) => path === 'sending_window' || path.startsWith('sending_window.'));
  if (window) schedule.window = window[1];
  const firstStep = Object.keys(parameters).length ? 2 : Object.keys(schedule).length ? 4 : null;
  return { parameters, schedule, firstStep };
}
