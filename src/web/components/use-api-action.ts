// Running a write from a screen: on success the caller's follow-up (usually reloading the list),
// on an API failure the error to show. Other errors (a bug) are not shown as an API failure.
import { useState } from 'react';
import { ApiFailure } from '../api/client.js';

export function useApiAction(afterSuccess: () => unknown) {
  const [error, setError] = useState<ApiFailure | null>(null);
  /** Resolves to whether the action (and its follow-up) succeeded. */
  async function run(action: () => Promise<unknown>): Promise<boolean> {
    setError(null);
    try {
      await action();
      await afterSuccess();
      return true;
    } catch (err) {
      if (err instanceof ApiFailure) setError(err);
      return false;
    }
  }
  return { error, run, clearError: () => setError(null) };
}
