// Core health for the banner and the disabled buttons: polls GET /api/diagnostics every 5 s.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { get } from '../api/client.js';
import type { Diagnostics, diagnosticsAnswer } from '../../contract/operations.js';

const POLL_MS = 5_000;

interface CoreStatus {
  coreDown: boolean;
  diagnostics: Diagnostics | null;
}

const CoreStatusContext = createContext<CoreStatus>({ coreDown: false, diagnostics: null });

export function CoreStatusProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<CoreStatus>({ coreDown: false, diagnostics: null });
  useEffect(() => {
    let stopped = false;
    async function poll() {
      try {
        const diagnostics = await get<typeof diagnosticsAnswer>('/api/diagnostics');
        // 'unknown' (no check yet) is not an outage: only a failed check disables anything.
        if (!stopped) setState({ coreDown: diagnostics.core.status === 'down', diagnostics });
      } catch {
        // The diagnostics route may not exist yet, or the network blipped: keep the last answer.
      }
    }
    void poll();
    const timer = window.setInterval(() => void poll(), POLL_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, []);
  return <CoreStatusContext.Provider value={state}>{children}</CoreStatusContext.Provider>;
}

export const useCoreStatus = () => useContext(CoreStatusContext);
