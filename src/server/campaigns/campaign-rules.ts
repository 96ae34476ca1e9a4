import type { CampaignAction, CampaignMode } from '../../domain/campaign-lifecycle.js';
import { countSegments, MAX_TEXT_LENGTH, type SegmentCount } from '../../domain/message-text.js';
import { parseTemplate } from '../../domain/template.js';
import { ApiError } from '../http/errors.js';
import type { FieldProblem, FieldRule } from '../http/validation.js';
import type { CampaignDoc } from './campaign-store.js';

export interface ScheduleFields {
  mode: CampaignMode;
  text: string;
  sms_limit: number;
  start_at: Date | null;
  end_at: Date | null;
  daily_time: string | null;
}

/**
 * The mode's field rules and the message text rules (product.md §3–4), on the campaign as it
 * would be saved. Dates must lie in the future only when this request sets them (`given`), so an
 * unrelated edit of an older draft is not refused for a date that has since passed.
 */
export function checkCampaignRules(c: ScheduleFields, given: ReadonlySet<string>, now: Date): { problems: FieldProblem[]; segments: SegmentCount } {
  const problems: FieldProblem[] = [];
  const add = (field: string, reason: string, rule: FieldRule, limits: Pick<FieldProblem, 'limit' | 'parts'> = {}) =>
    problems.push({ path: `body.${field}`, reason, rule, ...limits });
  const future = (field: 'start_at' | 'end_at') => {
    const value = c[field];
    if (value && given.has(field) && value.getTime() <= now.getTime()) add(field, 'must be in the future', 'not_in_future');
  };
  const forbid = (field: 'start_at' | 'end_at' | 'daily_time', why: string) => {
    if (c[field] !== null) add(field, why, 'not_for_mode');
  };

  switch (c.mode) {
    case 'OnDemand':
      forbid('start_at', 'an OnDemand campaign starts on approval; leave start_at empty');
      forbid('daily_time', 'only Spread campaigns have a daily time');
      break;
    case 'OnTime':
      if (!c.start_at) add('start_at', 'required for an OnTime campaign', 'required_for_mode');
      forbid('daily_time', 'only Spread campaigns have a daily time');
      break;
    case 'Spread':
      if (!c.start_at) add('start_at', 'required for a Spread campaign', 'required_for_mode');
      if (!c.end_at) add('end_at', 'required for a Spread campaign', 'required_for_mode');
      if (!c.daily_time) add('daily_time', 'required for a Spread campaign', 'required_for_mode');
      break;
    case 'Trigger': {
      if (!c.end_at) add('end_at', 'required for a Trigger campaign (it stays active until then)', 'required_for_mode');
      forbid('daily_time', 'only Spread campaigns have a daily time');
      const template = parseTemplate(c.text);
      if (!template.ok) add('text', template.error.message, 'invalid_template');
      break;
    }
  }
  future('start_at');
  future('end_at');
  if (c.start_at && c.end_at && c.start_at.getTime() >= c.end_at.getTime()) add('end_at', 'must be after start_at', 'not_after_start');

  const segments = countSegments(c.text);
  if (segments.characters > MAX_TEXT_LENGTH) add('text', `at most ${MAX_TEXT_LENGTH} characters (this text has ${segments.characters})`, 'too_long', { limit: MAX_TEXT_LENGTH });
  else if (segments.parts > c.sms_limit) add('text', `the text needs ${segments.parts} SMS parts (${segments.encoding}), more than the limit of ${c.sms_limit}`, 'text_too_many_parts', {
      parts: segments.parts,
      limit: c.sms_limit,
    });
  return { problems, segments };
}

/**
 * What an action needs beyond the lifecycle table: a submitted campaign has recipients (Trigger
 * excepted: its numbers come through the trigger API), and a campaign paused by its sending window
 * resumes by itself when the window opens — a person cannot resume it early.
 */
export function actionPrecondition(c: Pick<CampaignDoc, 'mode' | 'recipients' | 'pause_reason' | 'status'>, action: CampaignAction): ApiError | null {
  if (action === 'submit' && c.mode !== 'Trigger' && !(c.recipients && c.recipients.accepted > 0))
    return new ApiError('no_recipients');
  if (action === 'resume' && c.status === 'Paused' && c.pause_reason === 'sending_window')
    return new ApiError('paused_by_window');
  return null;
}
