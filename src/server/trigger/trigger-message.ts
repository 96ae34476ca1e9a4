// What one trigger call sends: the number normalised and the approved template filled, after the
// campaign's state allows it (product.md §5). The values and the filled text carry one-time codes:
// they appear in no error, log line or audit event.
import { acceptsTriggerNumbers } from '../../domain/campaign-lifecycle.js';
import type { FieldProblem } from '../../domain/error-catalogue.js';
import { countSegments, MAX_TEXT_LENGTH } from '../../domain/message-text.js';
import { normalizeNumber, type NumberRule } from '../../domain/phone-number.js';
import { fillTemplate } from '../../domain/template.js';
import type { CampaignDoc } from '../campaigns/campaign-store.js';
import { ApiError, badRequest, conflict, invalidState } from '../http/errors.js';

/** The Core job of a campaign that may take numbers now, else the error to answer. */
export function acceptingJob(c: CampaignDoc): string {
  const check = acceptsTriggerNumbers({ status: c.status, approvedAt: c.approved_at, mode: c.mode });
  if (!check.ok) throw invalidState(check.reason, check.status === undefined ? {} : { status: check.status });
  if (c.job_id === null) throw conflict('core_job_missing');
  return c.job_id;
}

export function triggerMessage(c: CampaignDoc, input: { number: string; vars: Record<string, string> }, rule: NumberRule): { number: string; text: string } {
  const number = normalizeNumber(input.number, rule);
  const filled = fillTemplate(c.text, input.vars);
  const problems: FieldProblem[] = [];
  if (!number.ok) problems.push({ path: 'body.number', reason: number.reason, rule: 'invalid_phone_number' });
  if (!filled.ok) {
    for (const name of filled.missing) problems.push({ path: `body.vars.${name}`, reason: 'missing: the template uses it', rule: 'missing_variable' });
    for (const name of filled.extra) problems.push({ path: `body.vars.${name}`, reason: 'not a placeholder of the template', rule: 'unknown_variable' });
    for (const name of filled.tooLong) problems.push({ path: `body.vars.${name}`, reason: 'longer than 160 characters', rule: 'too_long', limit: 160 });
  }
  if (!number.ok || !filled.ok) throw badRequest(problems);
  const segments = countSegments(filled.text);
  if (segments.characters > MAX_TEXT_LENGTH || segments.parts > c.sms_limit)
    throw new ApiError('text_too_long', { parts: segments.parts, sms_limit: c.sms_limit });
  return { number: number.digits, text: filled.text };
}
