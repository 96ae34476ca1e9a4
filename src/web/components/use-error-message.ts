// Screens turn a failed request into words through this hook, in the current UI language.
import { useTranslation } from 'react-i18next';
import { failureFields, failureText } from '../api/api-error.js';
import type { ApiFailure } from '../api/client.js';

export function useErrorMessage() {
  const { t, i18n } = useTranslation();
  return {
    /** The sentence for the failure's code, its details filled in (field paths by their labels when given). */
    message: (failure: ApiFailure, fieldLabels?: Record<string, string>) => failureText(failure, t, i18n.language, fieldLabels),
    /** The fields the failure names (`sender_id`, `sending_window.start`…) with what is wrong with each. */
    fields: (failure: ApiFailure) => failureFields(failure, i18n.language),
  };
}
