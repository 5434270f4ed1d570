/**
 * Who is signed in. On start the app asks `GET /api/auth/me`; any 401 later (session expired or
 * revoked) signs the page out and the router sends the user to /login.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Action, api, isApiError, setUnauthenticatedHandler, type Me, type SignedIn, type Staff } from '../api.ts';
import { clearResources } from '../shared/resource.ts';
import { capabilitiesOf, type Capabilities } from './capabilities.ts';

/** Why nobody is signed in: a first visit, a session that ended (401), or the user signed out. */
export type SignedOutReason = 'not-signed-in' | 'expired' | 'signed-out';

export type SessionState = { status: 'loading' } | { status: 'unavailable'; error: unknown } | { status: 'signed-out'; reason: SignedOutReason } | { status: 'signed-in'; staff: Staff };

export interface Session {
  state: SessionState;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  retry(): void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setState((current) => (current.status === 'signed-in' ? { status: 'signed-out', reason: 'expired' } : current));
      clearResources();
    });
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry button: a new attempt asks again
  useEffect(() => {
    const controller = new AbortController();
    api
      .get<Me>('/api/auth/me', { quietUnauthenticated: true, signal: controller.signal })
      .then((me) => setState(me.kind === 'staff' && me.staff ? { status: 'signed-in', staff: me.staff } : { status: 'signed-out', reason: 'not-signed-in' }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        if (isApiError(error) && error.status === 401) setState({ status: 'signed-out', reason: 'not-signed-in' });
        else setState({ status: 'unavailable', error });
      });
    return () => controller.abort();
  }, [attempt]);

  const signIn = useCallback(async (username: string, password: string) => {
    const result = await new Action().send<SignedIn>('POST', '/api/auth/login', { username, password }, { quietUnauthenticated: true });
    clearResources();
    setState({ status: 'signed-in', staff: result.staff });
  }, []);

  const signOut = useCallback(async () => {
    try {
      await new Action().send('POST', '/api/auth/logout', undefined, { quietUnauthenticated: true });
    } finally {
      setState({ status: 'signed-out', reason: 'signed-out' });
      clearResources();
    }
  }, []);

  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo<Session>(() => ({ state, signIn, signOut, retry }), [state, signIn, signOut, retry]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** The signed-in staff member and what they may do; only for screens behind <RequireSession>. */
export function useStaff(): { staff: Staff; can: Capabilities } {
  const { state } = useSession();
  const staff = state.status === 'signed-in' ? state.staff : null;
  const can = useMemo(() => capabilitiesOf(staff?.grants ?? []), [staff]);
  if (!staff) throw new Error('useStaff used while signed out');
  return { staff, can };
}
