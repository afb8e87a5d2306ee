import { createContext, useContext } from 'react';
import type { Session } from '../api/types';

export interface SessionState {
  readonly tenant: string;
  readonly session: Session;
}

export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (state === null) {
    throw new Error('useSession outside a signed-in session');
  }
  return state;
}

export function sessionKey(tenant: string): readonly ['session', string] {
  return ['session', tenant];
}
