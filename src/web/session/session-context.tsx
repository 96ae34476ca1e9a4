// Who is signed in (GET /api/me), shared by every screen; the user's locale is applied here.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiFailure, get, post } from '../api/client.js';
import type { Me, meAnswer } from '../../contract/users.js';
import { applyLocale } from '../i18n/i18n.js';

interface SessionState {
  me: Me | null;
  loading: boolean;
  /** The refusal (401) that ended the session while it was in use, said on the sign-in page; null after a sign-in. */
  ended: ApiFailure | null;
  refresh(): Promise<Me | null>;
  setMe(me: Me | null): void;
  logout(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMeState] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const [ended, setEnded] = useState<ApiFailure | null>(null);
  // A 401 ends a session only if one was in use (a first visit without one is no news).
  const signedIn = useRef(false);
  useEffect(() => {
    signedIn.current = me !== null;
  }, [me]);

  const setMe = useCallback((next: Me | null) => {
    setMeState(next);
    if (next) {
      setEnded(null);
      void applyLocale(next.user.locale);
    }
  }, []);

  const refresh = useCallback(async () => {
    try {
      const next = await get<typeof meAnswer>('/api/me');
      setMe(next);
      return next;
    } catch (err) {
      if (err instanceof ApiFailure && err.status === 401) setMe(null);
      return null;
    } finally {
      setLoading(false);
    }
  }, [setMe]);

  const logout = useCallback(async () => {
    // Requests still in flight answer 401 after a sign-out asked for: that is no news either.
    signedIn.current = false;
    try {
      await post('/api/auth/logout');
    } finally {
      setMeState(null);
    }
  }, []);

  useEffect(() => {
    void refresh();
    const onUnauthenticated = (e: Event) => {
      if (signedIn.current && e instanceof CustomEvent && e.detail instanceof ApiFailure) setEnded(e.detail);
      setMeState(null);
    };
    window.addEventListener('mc:unauthenticated', onUnauthenticated);
    return () => window.removeEventListener('mc:unauthenticated', onUnauthenticated);
  }, [refresh]);

  const value = useMemo(() => ({ me, loading, ended, refresh, setMe, logout }), [me, loading, ended, refresh, setMe, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

/** For screens behind the sign-in gate, where `me` is always present. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a session');
  return me;
}
