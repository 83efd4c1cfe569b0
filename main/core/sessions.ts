// Sessions: one per caller the host names (an Electron window, a browser tab, a CLI run). Each
// holds the signed-in officer, their unit and desk, and whether the desk is locked. A session left
// without activity for the idle limit is locked: its signing key is forgotten at once (by the
// `onLock` listener) and every call but unlocking or signing out is refused until the PIN is typed.
import type { Officer, Unit } from '../../shared/domain/schemas';

export interface SessionState {
  readonly id: string;
  readonly officer: Officer;
  readonly unit: Unit;
  /** The desk the officer sits at (their account's desk; the receipt names it). */
  readonly desk: string | null;
  readonly signedInAt: string;
  lastActivity: number;
  locked: boolean;
}

/** Who a host says is calling. Every call carries one; there is no "current officer" elsewhere. */
export interface Caller {
  sessionId: string;
}

export interface SessionEvents {
  /** The session was locked (idle or asked): forget secrets, close what shows personal data. */
  onLock(s: SessionState): void;
  /** The session ended (sign-out, or replaced by another sign-in on the same caller). */
  onEnd(s: SessionState): void;
  /** An officer signed in (a scan-to-folder target kept across a restart resumes for its owner). */
  onStart?(s: SessionState): void;
}

export const DEFAULT_IDLE_LOCK_MINUTES = 5;

export class Sessions {
  private readonly byId = new Map<string, SessionState>();
  private readonly listeners: SessionEvents[] = [];

  constructor(
    private readonly now: () => Date,
    /** The idle limit in minutes (settings / machine policy); 0 turns locking off. */
    private readonly idleMinutes: () => number,
  ) {}

  listen(l: SessionEvents): void {
    this.listeners.push(l);
  }

  get(id: string): SessionState | null {
    return this.byId.get(id) ?? null;
  }

  start(id: string, officer: Officer, unit: Unit): SessionState {
    this.end(id);
    const at = this.now();
    const s: SessionState = { id, officer, unit, desk: officer.desk, signedInAt: at.toISOString(), lastActivity: at.getTime(), locked: false };
    this.byId.set(id, s);
    for (const l of this.listeners) l.onStart?.(s);
    return s;
  }

  end(id: string): SessionState | null {
    const s = this.byId.get(id);
    if (!s) return null;
    this.byId.delete(id);
    for (const l of this.listeners) l.onEnd(s);
    return s;
  }

  /** The unit's details changed (its code): every signed-in session sees the new ones. */
  unitChanged(unit: Unit): void {
    for (const s of this.byId.values()) if (s.unit.id === unit.id) (s as { unit: Unit }).unit = unit;
  }

  /** Ends every session of an officer (deactivated, PIN reset). */
  endOfficer(officerId: string): void {
    for (const s of [...this.byId.values()]) if (s.officer.id === officerId) this.end(s.id);
  }

  /** A call the officer made (not a background poll). */
  touch(s: SessionState): void {
    if (!s.locked) s.lastActivity = this.now().getTime();
  }

  lock(s: SessionState): void {
    if (s.locked) return;
    s.locked = true;
    for (const l of this.listeners) l.onLock(s);
  }

  unlock(s: SessionState): void {
    s.locked = false;
    s.lastActivity = this.now().getTime();
  }

  /** Locks the session if it has been idle past the limit; true when it is (now) locked. */
  checkIdle(s: SessionState): boolean {
    const minutes = this.idleMinutes();
    if (!s.locked && minutes > 0 && this.now().getTime() - s.lastActivity >= minutes * 60_000) this.lock(s);
    return s.locked;
  }

  /** Locks every idle session (run on a timer so keys are forgotten even when nobody calls). */
  sweep(): SessionState[] {
    const locked: SessionState[] = [];
    for (const s of this.byId.values()) if (!s.locked && this.checkIdle(s)) locked.push(s);
    return locked;
  }

  all(): SessionState[] {
    return [...this.byId.values()];
  }
}
