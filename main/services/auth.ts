// Officer accounts: PINs are stored as scrypt hashes with a per-officer salt (parameters in the
// stored string, so a hash made with older parameters is replaced at the next good sign-in);
// comparisons are constant-time. Guessing meets growing delays and then a lockout only an
// administrator lifts; the counters are stored per officer, and every failure is audited. The
// first run creates the unit and its administrator in one transaction.
import crypto from 'node:crypto';
import { AppError } from '../../shared/contract/errors';
import type { MethodParsedInput, OfficerAccount, Session } from '../../shared/contract/api';
import type { Officer } from '../../shared/domain/schemas';
import { normalizeUnitCode, unitCodeProblem } from '../../shared/domain/unit-code';
import type { SignInGuard } from '../data/repos/units-officers';
import { audit, nowIso, requireSession, type ServiceContext } from './context';

/** scrypt cost: N = 2^17, r = 8, p = 1 (about 128 MB and a few tenths of a second per hash). */
export const SCRYPT_N = 2 ** 17;
const SCRYPT_R = 8;
const SCRYPT_P = 1;
/** Stored hashes with a larger N are refused rather than allowed to exhaust memory. */
const MAX_N = 2 ** 20;

/** After this many consecutive wrong PINs each attempt waits 2^(n-3) seconds… */
export const DELAY_AFTER_FAILURES = 3;
/** …and after this many the account is locked until an administrator unlocks it. */
export const LOCK_AFTER_FAILURES = 10;

const scryptOptions = (N: number) => ({ N, r: SCRYPT_R, p: SCRYPT_P, maxmem: 128 * N * SCRYPT_R * 2 });

export function hashPin(pin: string, N = SCRYPT_N): string {
  const salt = crypto.randomBytes(16);
  const hash = crypto.scryptSync(pin, salt, 32, scryptOptions(N));
  return `scrypt$${N}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/**
 * Synchronous on purpose: an attempt reads the guard, checks the PIN and writes the new count
 * without yielding, so parallel guesses cannot all start from the same count and slip past the
 * lockout. (The cost is the event loop held for one hash per attempt.)
 */
export function verifyPin(pin: string, stored: string): boolean {
  const [scheme, n, saltB64, hashB64] = stored.split('$');
  const N = Number(n);
  if (scheme !== 'scrypt' || !saltB64 || !hashB64 || !Number.isInteger(N) || N < 2 || N > MAX_N) return false;
  const expected = Buffer.from(hashB64, 'base64');
  const actual = crypto.scryptSync(pin, Buffer.from(saltB64, 'base64'), expected.length, scryptOptions(N));
  return crypto.timingSafeEqual(actual, expected);
}

/** A hash made with weaker parameters than today's (replaced at the next good sign-in). */
export function needsRehash(stored: string): boolean {
  return Number(stored.split('$')[1]) !== SCRYPT_N;
}

/** Hashed once, for unknown usernames: the response takes as long as for a known one. */
let dummyHash: string | null = null;

function formatWait(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s < 60 ? `${s} giây` : `${Math.floor(s / 60)} phút${s % 60 ? ` ${s % 60} giây` : ''}`;
}

export function toSession(ctx: ServiceContext): Session {
  const s = requireSession(ctx);
  return { officer: s.officer, unit: s.unit, desk: s.desk, signedInAt: s.signedInAt, locked: s.locked };
}

export function needsSetup(ctx: ServiceContext): boolean {
  return ctx.store.people.officerCount() === 0;
}

export function initialize(ctx: ServiceContext, input: MethodParsedInput<'setup.initialize'>): Session {
  const pinHash = hashPin(input.pin);
  ctx.store.tx(() => {
    if (!needsSetup(ctx)) throw new AppError('ALREADY_SET_UP');
    const unitProblem = unitCodeProblem(input.unitCode);
    if (unitProblem) throw new AppError('BAD_REQUEST', unitProblem);
    // A unit an import of dossier histories created before setup (same code) is this unit.
    const existing = ctx.store.historyImport.unitByCode(normalizeUnitCode(input.unitCode));
    const unit = existing ? { ...existing, name: input.unitName } : { id: crypto.randomUUID(), code: normalizeUnitCode(input.unitCode), name: input.unitName, level: input.unitLevel, parentId: null };
    if (existing) ctx.store.people.updateUnitName(unit.id, unit.name);
    else ctx.store.people.insertUnit(unit);
    const officer: Officer = {
      id: crypto.randomUUID(),
      username: input.username,
      fullName: input.fullName,
      unitId: unit.id,
      desk: null,
      role: 'admin',
      active: true,
    };
    ctx.store.people.insertOfficer(officer, pinHash, nowIso(ctx));
    ctx.session = ctx.sessions.start(ctx.sessionId, officer, unit);
    audit(ctx, 'setup', 'unit', unit.id, { unitCode: unit.code, admin: officer.username });
  });
  return toSession(ctx);
}

type Found = NonNullable<ReturnType<ServiceContext['store']['people']['officerWithHash']>>;

/**
 * One PIN attempt against the guard (sign-in and the idle lock screen alike): refused outright while
 * locked or before the wait is over; a wrong PIN counts, a right one resets the count and upgrades
 * an old hash. `kind` names the audit actions ('sign-in' or 'unlock').
 */
function attempt(ctx: ServiceContext, found: Found, pin: string, kind: 'sign-in' | 'unlock'): void {
  const { officer, guard } = found;
  const now = ctx.now();
  if (guard.locked) {
    ctx.store.tx(() => audit(ctx, `${kind}-refused`, 'officer', officer.id, { reason: 'locked' }));
    throw new AppError('ACCOUNT_LOCKED');
  }
  if (guard.lockedUntil && now.getTime() < Date.parse(guard.lockedUntil)) {
    const wait = formatWait(Date.parse(guard.lockedUntil) - now.getTime());
    ctx.store.tx(() => audit(ctx, `${kind}-refused`, 'officer', officer.id, { reason: 'wait', until: guard.lockedUntil }));
    throw new AppError('TOO_MANY_ATTEMPTS', `Nhập sai mã PIN ${guard.failedAttempts} lần liên tiếp: hãy đợi ${wait} rồi thử lại.`);
  }
  const ok = verifyPin(pin, found.pinHash) && officer.active;
  if (!ok) {
    const failedAttempts = guard.failedAttempts + 1;
    const locked = failedAttempts >= LOCK_AFTER_FAILURES;
    const delayMs = !locked && failedAttempts >= DELAY_AFTER_FAILURES ? 2 ** (failedAttempts - DELAY_AFTER_FAILURES) * 1000 : 0;
    const next: SignInGuard = { failedAttempts, locked, lockedUntil: delayMs ? new Date(now.getTime() + delayMs).toISOString() : null };
    ctx.store.tx(() => {
      ctx.store.people.setGuard(officer.id, next);
      audit(ctx, `${kind}-failed`, 'officer', officer.id, { username: officer.username, attempts: failedAttempts });
      if (locked) audit(ctx, 'account-locked', 'officer', officer.id, { attempts: failedAttempts });
    });
    if (locked) throw new AppError('ACCOUNT_LOCKED');
    const left = LOCK_AFTER_FAILURES - failedAttempts;
    const base = kind === 'unlock' ? 'Mã PIN không đúng.' : 'Tên đăng nhập hoặc mã PIN không đúng.';
    const extra = [delayMs ? `Hãy đợi ${formatWait(delayMs)} trước khi thử lại.` : '', left <= 3 ? `Còn ${left} lần thử trước khi tài khoản bị khóa.` : ''].filter(Boolean).join(' ');
    throw new AppError('BAD_CREDENTIALS', extra ? `${base} ${extra}` : base);
  }
  // A good PIN: the count starts again, and a hash with old parameters is replaced.
  const rehash = needsRehash(found.pinHash) ? hashPin(pin) : null;
  if (guard.failedAttempts || guard.lockedUntil || rehash) {
    ctx.store.tx(() => {
      if (guard.failedAttempts || guard.lockedUntil) ctx.store.people.setGuard(officer.id, { failedAttempts: 0, lockedUntil: null, locked: false });
      if (rehash) ctx.store.people.setPinHash(officer.id, rehash);
    });
  }
}

export function signIn(ctx: ServiceContext, username: string, pin: string): Session {
  const found = ctx.store.people.officerWithHash(username);
  if (!found) {
    // Hash even when the user is unknown so response time does not reveal which usernames exist.
    verifyPin(pin, (dummyHash ??= hashPin('000000')));
    ctx.store.tx(() => audit(ctx, 'sign-in-failed', 'officer', null, { username }));
    throw new AppError('BAD_CREDENTIALS');
  }
  attempt(ctx, found, pin, 'sign-in');
  const unit = ctx.store.people.unit(found.officer.unitId);
  if (!unit) throw new AppError('NOT_FOUND');
  ctx.session = ctx.sessions.start(ctx.sessionId, found.officer, unit);
  ctx.store.tx(() => audit(ctx, 'sign-in', 'officer', found.officer.id));
  return toSession(ctx);
}

export function signOut(ctx: ServiceContext): void {
  if (ctx.session) ctx.store.tx(() => audit(ctx, 'sign-out', 'officer', ctx.session!.officer.id));
  ctx.sessions.end(ctx.sessionId);
  ctx.session = null;
}

/** Locks the desk now (the officer steps away). */
export function lock(ctx: ServiceContext): void {
  const s = requireSession(ctx);
  if (s.locked) return;
  ctx.sessions.lock(s);
  ctx.store.tx(() => audit(ctx, 'lock', 'officer', s.officer.id, { reason: 'manual' }));
}

/**
 * Opens a locked desk with the signed-in officer's own PIN; the attempt is audited either way and
 * counts toward the same delays and lockout as signing in. A lockout ends the session.
 */
export function unlock(ctx: ServiceContext, pin: string): Session {
  const s = requireSession(ctx);
  const found = ctx.store.people.officerWithHash(s.officer.username);
  if (!found) throw new AppError('BAD_CREDENTIALS', 'Mã PIN không đúng.');
  try {
    attempt(ctx, found, pin, 'unlock');
  } catch (err) {
    if (err instanceof AppError && err.code === 'ACCOUNT_LOCKED') {
      ctx.sessions.end(ctx.sessionId);
      ctx.session = null;
    }
    throw err;
  }
  ctx.sessions.unlock(s);
  ctx.store.tx(() => audit(ctx, 'unlock', 'officer', s.officer.id));
  return toSession(ctx);
}

export function createOfficer(ctx: ServiceContext, input: MethodParsedInput<'officers.create'>): Officer {
  const s = requireSession(ctx);
  const pinHash = hashPin(input.pin);
  return ctx.store.tx(() => {
    if (ctx.store.people.officerWithHash(input.username)) throw new AppError('CONFLICT', 'Tên đăng nhập đã được dùng.');
    const officer: Officer = {
      id: crypto.randomUUID(),
      username: input.username,
      fullName: input.fullName,
      unitId: s.unit.id,
      desk: input.desk,
      role: input.role,
      active: true,
    };
    ctx.store.people.insertOfficer(officer, pinHash, nowIso(ctx));
    audit(ctx, 'create', 'officer', officer.id, { username: officer.username, role: officer.role });
    return officer;
  });
}

// --- administration (admins only; the dispatcher enforces it) -------------------------------------

export function listAccounts(ctx: ServiceContext): OfficerAccount[] {
  return ctx.store.people.accounts();
}

function account(ctx: ServiceContext, id: string): OfficerAccount {
  const a = ctx.store.people.account(id);
  if (!a) throw new AppError('NOT_FOUND', 'Không tìm thấy cán bộ.');
  return a;
}

/** Lifts a lockout (or a pending wait) after wrong PINs. */
export function unlockAccount(ctx: ServiceContext, id: string): OfficerAccount {
  ctx.store.tx(() => {
    const before = account(ctx, id);
    ctx.store.people.setGuard(id, { failedAttempts: 0, lockedUntil: null, locked: false });
    audit(ctx, 'account-unlocked', 'officer', id, { username: before.username, wasLocked: before.locked, attempts: before.failedAttempts });
  });
  return account(ctx, id);
}

/** Sets a new PIN for an officer (who forgot theirs, or whose PIN predates the 6-digit rule). */
export function resetPin(ctx: ServiceContext, id: string, pin: string): OfficerAccount {
  const pinHash = hashPin(pin);
  ctx.store.tx(() => {
    const before = account(ctx, id);
    ctx.store.people.setPinHash(id, pinHash);
    ctx.store.people.setGuard(id, { failedAttempts: 0, lockedUntil: null, locked: false });
    audit(ctx, 'pin-reset', 'officer', id, { username: before.username });
  });
  // The officer's other windows sign in again with the new PIN (not the administrator's own).
  if (ctx.session?.officer.id !== id) ctx.sessions.endOfficer(id);
  return account(ctx, id);
}

export function updateOfficer(ctx: ServiceContext, input: MethodParsedInput<'officers.update'>): OfficerAccount {
  const changed = ctx.store.tx(() => {
    const before = account(ctx, input.id);
    const after: Officer = {
      id: before.id,
      username: before.username,
      unitId: before.unitId,
      fullName: input.fullName ?? before.fullName,
      desk: input.desk === undefined ? before.desk : input.desk,
      role: input.role ?? before.role,
      active: input.active ?? before.active,
    };
    const losesAdmin = before.role === 'admin' && before.active && (after.role !== 'admin' || !after.active);
    if (losesAdmin && ctx.store.people.activeAdmins() <= 1) throw new AppError('CONFLICT', 'Phải còn ít nhất một quản trị viên đang hoạt động.');
    ctx.store.people.updateOfficer(after);
    const diff: Record<string, { from: unknown; to: unknown }> = {};
    for (const k of ['fullName', 'desk', 'role', 'active'] as const) if (before[k] !== after[k]) diff[k] = { from: before[k], to: after[k] };
    audit(ctx, 'update', 'officer', before.id, { username: before.username, ...diff });
    return { ...after, before: before.role };
  });
  // Sessions carry the officer as signed in: a deactivated officer, or one whose role changed, signs in again.
  if (!changed.active || changed.role !== changed.before) ctx.sessions.endOfficer(changed.id);
  return account(ctx, input.id);
}
