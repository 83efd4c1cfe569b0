// What every service call gets: the store, the clock, the event bus, and the *caller*: the session
// the host says the call comes from (a window, a browser tab, the CLI). A context is made per call by
// the dispatcher, so a service never reads "who is signed in" from a shared value; background work
// keeps the context of the call that started it, and so names the officer who started it.
import type { Store } from '../data/store';
import type { EventName, EventPayload, PolicyView } from '../../shared/contract/api';
import type { Officer, Unit } from '../../shared/domain/schemas';
import { AppError } from '../../shared/contract/errors';
import type { Sessions, SessionState } from '../core/sessions';
import type { MachinePolicy } from '../config/policy';
import type { CodeMarks } from '../storage/code-marks';

export type { SessionState } from '../core/sessions';

/** What the whole core shares: no caller in it. */
export interface AppContext {
  store: Store;
  dataDir: string;
  now(): Date;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  sessions: Sessions;
  /** The machine policy IT set (read-only for the app), and where it was read from. */
  policy: MachinePolicy;
  policyView: Omit<PolicyView, 'locked'>;
  /** Dossier-code high-water marks kept beside the database (main/storage/code-marks.ts). */
  codeMarks: CodeMarks;
}

/** One call's context: the app's plus the caller's session (null before sign-in). */
export interface ServiceContext extends AppContext {
  /** The host's id for the caller (window, tab, CLI run). */
  readonly sessionId: string;
  session: SessionState | null;
}

export function callContext(app: AppContext, sessionId: string): ServiceContext {
  return { ...app, sessionId, session: app.sessions.get(sessionId) };
}

export function requireSession(ctx: ServiceContext): SessionState {
  if (!ctx.session) throw new AppError('UNAUTHORIZED');
  return ctx.session;
}

export function hasRole(ctx: ServiceContext, ...roles: Officer['role'][]): boolean {
  return ctx.session !== null && roles.includes(ctx.session.officer.role);
}

export type { Officer, Unit };

export function nowIso(ctx: Pick<AppContext, 'now'>): string {
  return ctx.now().toISOString();
}

/** Every change goes through here so nothing is written without its audit entry (same transaction). */
export function audit(ctx: ServiceContext, action: string, entity: string, entityId: string | null, detail: unknown = ''): void {
  ctx.store.audit.append({
    at: nowIso(ctx),
    officerId: ctx.session?.officer.id ?? null,
    action,
    entity,
    entityId,
    detail: typeof detail === 'string' ? detail : JSON.stringify(detail),
  });
}
