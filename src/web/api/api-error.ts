// What a failed request says to the user: the error catalogue's sentence for its code in the UI
// language, and the catalogue's sentence for each field it names. No code shows a generic text.
import { errorMessage, fieldMessage, fieldProblem, isErrorCode, type CatalogueLanguage } from '../../domain/error-catalogue.js';
import type { ApiFailure } from './client.js';

type Translate = (key: string, options?: { defaultValue?: string }) => string;

/** The catalogue language for a UI language (the catalogue has every UI language but Uzbek). */
export const catalogueLanguage = (uiLanguage: string): CatalogueLanguage => (uiLanguage.startsWith('ru') ? 'ru' : 'en');

/** A status value in the message, in the UI's words (campaign, sender, invitation or request status). */
function statusWord(t: Translate, value: string): string {
  for (const group of ['campaignBadge', 'senderStatus', 'invitationStatus', 'joinStatus']) {
    const said = t(`${group}.${value}`, { defaultValue: '' });
    if (said) return said;
  }
  return value;
}

/**
 * The sentence for a failed request: the catalogue's for server codes, the UI's own for client codes
 * (network, upload). `fieldLabels` names the form's fields (`sender_id` → "Sender") in the sentence.
 */
export function failureText(failure: ApiFailure, t: Translate, uiLanguage: string, fieldLabels: Record<string, string> = {}): string {
  if (isErrorCode(failure.code)) {
    const say = (name: string, value: string) => {
      if (name === 'status') return statusWord(t, value);
      if (name === 'fields') return value.split(', ').map((field) => fieldLabels[field] ?? field).join(', ');
      return value;
    };
    return errorMessage(failure.code, failure.details ?? undefined, catalogueLanguage(uiLanguage), say);
  }
  return t(`errors.${failure.code}`, { defaultValue: t('errors.generic') });
}

/**
 * The fields a failure names, each with the catalogue's sentence for its rule: `body.sending_window.start`
 * → `sending_window.start` (400 `validation_failed`, or a uniqueness `conflict` that names its field).
 */
export function failureFields(failure: ApiFailure, uiLanguage: string): Record<string, string> {
  const details = failure.details as { fields?: unknown } | null;
  const list: unknown = failure.code === 'validation_failed' ? details : failure.code === 'conflict' ? details?.fields : undefined;
  if (!Array.isArray(list)) return {};
  const out: Record<string, string> = {};
  for (const item of list) {
    const parsed = fieldProblem.safeParse(item);
    if (!parsed.success) continue;
    const field = parsed.data.path.replace(/^(body|query|params)\./, '');
    out[field] ??= fieldMessage(parsed.data, catalogueLanguage(uiLanguage));
  }
  return out;
}
