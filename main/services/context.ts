// What every service needs: the store, the clock, the signed-in officer and the event bus.
import type { Store } from '../data/store';
import type { EventName, EventPayload } from '../../shared/contract/api';
import type { Officer, Unit } from '../../shared/domain/schemas';
import { AppError } from '../../shared/contract/errors';

export interface SessionState {
  officer: Officer;
  unit: Unit;
  signedInAt: string;
}

export interface ServiceContext {
  store: Store;
  dataDir: string;
  now(): Date;
  session: SessionState | null;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

export function requireSession(ctx: ServiceContext): SessionState {
  if (!ctx.session) throw new AppError('UNAUTHORIZED');
  return ctx.session;
}

export function requireRole(ctx: ServiceContext, ...roles: Officer['role'][]): SessionState {
  const s = requireSession(ctx);
  if (!roles.includes(s.officer.role)) throw new AppError('FORBIDDEN');
  return s;
}

export function nowIso(ctx: ServiceContext): string {
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
