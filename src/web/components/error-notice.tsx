import type { ApiFailure } from '../api/client.js';
import { useErrorMessage } from './use-error-message.js';

/** A failed request as a sentence in the UI language (the error catalogue's, for every server code). */
export function ErrorNotice({ error, fieldLabels }: { error: ApiFailure | null; fieldLabels?: Record<string, string> }) {
  const { message } = useErrorMessage();
  if (!error) return null;
  return (
    <p className="notice notice-error" role="alert" data-error-code={error.code}>
      {message(error, fieldLabels)}
    </p>
  );
}
