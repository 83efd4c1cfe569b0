// Officer accounts: PINs are stored as scrypt hashes with a per-officer salt; comparisons are
// constant-time. The first run creates the unit and its administrator in one transaction.
import crypto from 'node:crypto';
import { AppError } from '../../shared/contract/errors';
import type { MethodParsedInput, Session } from '../../shared/contract/api';
import type { Officer } from '../../shared/domain/schemas';
import { audit, nowIso, requireSession, type ServiceContext } from './context';

const SCRYPT_N = 16384;

export function hashPin(pin: string): string {
  const salt = crypto.randomBytes(16);
  const hash = crypto.scryptSync(pin, salt, 32, { N: SCRYPT_N });
  return `scrypt$${SCRYPT_N}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function verifyPin(pin: string, stored: string): boolean {
  const [scheme, n, saltB64, hashB64] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !saltB64 || !hashB64) return false;
  const expected = Buffer.from(hashB64, 'base64');
  const actual = crypto.scryptSync(pin, Buffer.from(saltB64, 'base64'), expected.length, { N: Number(n) });
  return crypto.timingSafeEqual(actual, expected);
}

export function toSession(ctx: ServiceContext): Session {
  const s = requireSession(ctx);
  return { officer: s.officer, unit: s.unit, desk: s.desk, signedInAt: s.signedInAt, locked: s.locked };
}

export function needsSetup(ctx: ServiceContext): boolean {
  return ctx.store.people.officerCount() === 0;
}

export function initialize(ctx: ServiceContext, input: MethodParsedInput<'setup.initialize'>): Session {
  ctx.store.tx(() => {
    if (!needsSetup(ctx)) throw new AppError('ALREADY_SET_UP');
    const unit = { id: crypto.randomUUID(), code: input.unitCode, name: input.unitName, level: input.unitLevel, parentId: null };
    ctx.store.people.insertUnit(unit);
    const officer: Officer = {
      id: crypto.randomUUID(),
      username: input.username,
      fullName: input.fullName,
      unitId: unit.id,
      desk: null,
      role: 'admin',
      active: true,
    };
    ctx.store.people.insertOfficer(officer, hashPin(input.pin), nowIso(ctx));
    ctx.session = ctx.sessions.start(ctx.sessionId, officer, unit);
    audit(ctx, 'setup', 'unit', unit.id, { unitCode: unit.code, admin: officer.username });
  });
  return toSession(ctx);
}

export function signIn(ctx: ServiceContext, username: string, pin: string): Session {
  const found = ctx.store.people.officerWithHash(username);
  // Hash even when the user is unknown so response time does not reveal which usernames exist.
  const ok = found ? verifyPin(pin, found.pinHash) : (verifyPin(pin, hashPin('x')), false);
  if (!found || !ok || !found.officer.active) {
    ctx.store.tx(() => audit(ctx, 'sign-in-failed', 'officer', found?.officer.id ?? null, { username }));
    throw new AppError('BAD_CREDENTIALS');
  }
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

/** Opens a locked desk with the signed-in officer's own PIN; the attempt is audited either way. */
export function unlock(ctx: ServiceContext, pin: string): Session {
  const s = requireSession(ctx);
  const found = ctx.store.people.officerWithHash(s.officer.username);
  const ok = found !== null && found.officer.active && verifyPin(pin, found.pinHash);
  if (!ok) {
    ctx.store.tx(() => audit(ctx, 'unlock-failed', 'officer', s.officer.id));
    throw new AppError('BAD_CREDENTIALS', 'Mã PIN không đúng.');
  }
  ctx.sessions.unlock(s);
  ctx.store.tx(() => audit(ctx, 'unlock', 'officer', s.officer.id));
  return toSession(ctx);
}

export function createOfficer(ctx: ServiceContext, input: MethodParsedInput<'officers.create'>): Officer {
  const s = requireSession(ctx);
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
    ctx.store.people.insertOfficer(officer, hashPin(input.pin), nowIso(ctx));
    audit(ctx, 'create', 'officer', officer.id, { username: officer.username, role: officer.role });
    return officer;
  });
}
