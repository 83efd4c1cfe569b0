import { createContext, useContext } from 'react';
import { api, type MethodName, type MethodOutput, type Session, type Settings } from '../../shared/contract/api';
import type { ApiClient } from '../api/client';

export const ClientContext = createContext<ApiClient | null>(null);

export function useClient(): ApiClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('ClientContext missing');
  return client;
}

export type AppInfo = MethodOutput<'app.info'>;

export interface SessionState {
  info: AppInfo;
  session: Session;
  /** Unit-wide settings (desk name, unit display name…); null until loaded or when not readable. */
  settings: Settings | null;
  signOut(): Promise<void>;
  /** Locks the desk now (the officer steps away). */
  lock(): void;
  /** Re-reads app.info and settings (e.g. after the unit or desk changed in Cài đặt). */
  refresh(): Promise<void>;
}

export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('SessionContext missing');
  return s;
}

/**
 * Whether the signed-in officer may call `method` (the contract's `roles`, which the core enforces):
 * screens hide or make read-only what the role cannot do, rather than failing on save.
 */
export function useCan(method: MethodName): boolean {
  const { session } = useSession();
  return api[method].roles.includes(session.officer.role);
}
