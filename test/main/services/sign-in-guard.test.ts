import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { readyCore, SAMPLE_UNIT, testCore } from '../../helpers/core';
import { databasePath } from '../../../main/data/database';
import { hashPin, SCRYPT_N } from '../../../main/services/auth';

async function failure(p: Promise<unknown>) {
  return p.then(
    () => null,
    (err: { code: string; message: string }) => ({ code: err.code, message: err.message.replace(/^[A-Z_]+: /, '') }),
  );
}

describe('PIN rule', () => {
  it('refuses PINs shorter than 6 digits or not all digits, in Vietnamese', async () => {
    const core = await testCore();
    try {
      const short = await core.dispatch('setup.initialize', { ...SAMPLE_UNIT, pin: '2468' });
      expect(short).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('Mã PIN gồm 6 đến 12 chữ số.') } });
      expect(await core.dispatch('setup.initialize', { ...SAMPLE_UNIT, pin: 'abc123' })).toMatchObject({ ok: false });
      expect(await core.dispatch('setup.initialize', { ...SAMPLE_UNIT, pin: '1234567890123' })).toMatchObject({ ok: false });
      await core.call('setup.initialize', SAMPLE_UNIT);
      expect(await core.dispatch('officers.create', { username: 'binh', fullName: 'Lê Văn Bình', pin: '12345', role: 'officer', desk: null })).toMatchObject({
        ok: false,
        error: { code: 'BAD_REQUEST', message: expect.stringContaining('6 đến 12 chữ số') },
      });
    } finally {
      await core.close();
    }
  });
});

describe('sign-in guard', () => {
  it('delays after 3 wrong PINs, locks after 10, and only an administrator unlocks', async () => {
    let now = new Date('2026-11-02T08:00:00+07:00');
    const { core } = await readyCore({ now: () => now, idleLockMinutes: 0 });
    try {
      await core.call('officers.create', { username: 'binh', fullName: 'Lê Văn Bình', pin: '135790', role: 'officer', desk: null });
      const desk = core.as('desk-2');
      const tryPin = (pin: string) => failure(desk.call('auth.signIn', { username: 'binh', pin }));
      const tick = (seconds: number) => (now = new Date(now.getTime() + seconds * 1000));

      expect(await tryPin('000001')).toMatchObject({ code: 'BAD_CREDENTIALS', message: 'Tên đăng nhập hoặc mã PIN không đúng.' });
      expect(await tryPin('000002')).toMatchObject({ code: 'BAD_CREDENTIALS' });
      expect(await tryPin('000003')).toMatchObject({ code: 'BAD_CREDENTIALS', message: expect.stringContaining('Hãy đợi 1 giây') });
      // Before the wait is over even the right PIN is refused, without being tried.
      expect(await tryPin('135790')).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', message: 'Nhập sai mã PIN 3 lần liên tiếp: hãy đợi 1 giây rồi thử lại.' });
      // The waits grow: 2, 4, 8… seconds.
      for (let n = 4; n <= 9; n++) {
        tick(2 ** (n - 4));
        const r = await tryPin(`00000${n}`);
        expect(r).toMatchObject({ code: 'BAD_CREDENTIALS', message: expect.stringContaining(`Hãy đợi ${n === 9 ? '1 phút 4 giây' : `${2 ** (n - 3)} giây`}`) });
        if (n >= 7) expect(r!.message).toContain(`Còn ${10 - n} lần thử`);
      }
      tick(30);
      expect(await tryPin('135790')).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', message: expect.stringContaining('hãy đợi 34 giây') });
      tick(34);
      expect(await tryPin('000010')).toMatchObject({ code: 'ACCOUNT_LOCKED' });
      // Locked: time does not help, the right PIN does not help.
      tick(86_400);
      expect(await tryPin('135790')).toMatchObject({ code: 'ACCOUNT_LOCKED', message: expect.stringContaining('quản trị viên') });

      const binh = (await core.call('officers.list')).find((o) => o.username === 'binh')!;
      expect(binh).toMatchObject({ locked: true, failedAttempts: 10 });
      // Only an administrator lifts it.
      await core.call('officers.create', { username: 'giamsat', fullName: 'Phạm Thu Hà', pin: '246813', role: 'supervisor', desk: null });
      const supervisor = core.as('desk-3');
      await supervisor.call('auth.signIn', { username: 'giamsat', pin: '246813' });
      expect(await supervisor.dispatch('officers.unlock', { id: binh.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await core.call('officers.unlock', { id: binh.id })).toMatchObject({ locked: false, failedAttempts: 0, lockedUntil: null });
      expect((await desk.call('auth.signIn', { username: 'binh', pin: '135790' })).officer.username).toBe('binh');

      const actions = (await core.call('audit.list', { officerId: undefined, limit: 100 })).filter((e) => e.entityId === binh.id).map((e) => e.action);
      expect(actions.filter((a) => a === 'sign-in-failed')).toHaveLength(10);
      expect(actions.filter((a) => a === 'sign-in-refused')).toHaveLength(3);
      expect(actions).toContain('account-locked');
      expect(actions).toContain('account-unlocked');
      expect(actions[0]).toBe('sign-in');
    } finally {
      await core.close();
    }
  });

  it('resets the count on a good PIN, and counts wrong PINs at the idle lock screen (a lockout ends the session)', async () => {
    let now = new Date('2026-11-02T08:00:00+07:00');
    const { core } = await readyCore({ now: () => now, idleLockMinutes: 0 });
    try {
      await core.call('auth.signOut');
      for (const pin of ['000001', '000002']) expect(await failure(core.call('auth.signIn', { username: 'admin', pin }))).toMatchObject({ code: 'BAD_CREDENTIALS' });
      await core.call('auth.signIn', { username: 'admin', pin: SAMPLE_UNIT.pin });
      expect((await core.call('officers.list'))[0]).toMatchObject({ failedAttempts: 0, lockedUntil: null });

      await core.call('auth.lock');
      for (let n = 1; n <= 9; n++) {
        expect(await failure(core.call('auth.unlock', { pin: '999999' }))).toMatchObject({ code: 'BAD_CREDENTIALS', message: expect.stringContaining('Mã PIN không đúng.') });
        now = new Date(now.getTime() + 3600_000);
      }
      expect(await failure(core.call('auth.unlock', { pin: '999999' }))).toMatchObject({ code: 'ACCOUNT_LOCKED' });
      expect((await core.call('app.info')).session).toBeNull();
      const log = new Database(databasePath(core.dataDir), { readonly: true });
      const actions = (log.prepare('SELECT action FROM audit_log ORDER BY id').all() as { action: string }[]).map((r) => r.action);
      log.close();
      expect(actions.filter((a) => a === 'unlock-failed')).toHaveLength(10);
      expect(actions.at(-1)).toBe('account-locked');
    } finally {
      await core.close();
    }
  });

  it('stores PINs with scrypt N = 2^17 and rehashes an older N = 16384 hash at the next sign-in', async () => {
    const { core } = await readyCore();
    try {
      const db = new Database(databasePath(core.dataDir));
      const stored = () => (db.prepare("SELECT pin_hash FROM officers WHERE username = 'admin'").get() as { pin_hash: string }).pin_hash;
      expect(stored()).toMatch(new RegExp(`^scrypt\\$${SCRYPT_N}\\$`));
      expect(SCRYPT_N).toBeGreaterThanOrEqual(2 ** 17);
      db.prepare("UPDATE officers SET pin_hash = ? WHERE username = 'admin'").run(hashPin(SAMPLE_UNIT.pin, 16384));
      expect(stored()).toMatch(/^scrypt\$16384\$/);
      await core.call('auth.signOut');
      await core.call('auth.signIn', { username: 'admin', pin: SAMPLE_UNIT.pin });
      expect(stored()).toMatch(/^scrypt\$131072\$/);
      // The new hash still opens.
      await core.call('auth.signOut');
      await core.call('auth.signIn', { username: 'admin', pin: SAMPLE_UNIT.pin });
      db.close();
    } finally {
      await core.close();
    }
  });

  it('lets an administrator rename, move, demote or deactivate an officer and reset a PIN, but keeps one admin', async () => {
    const { core } = await readyCore();
    try {
      const o = await core.call('officers.create', { username: 'binh', fullName: 'Lê Văn Bình', pin: '135790', role: 'officer', desk: null });
      const other = core.as('desk-2');
      await other.call('auth.signIn', { username: 'binh', pin: '135790' });
      expect(await core.call('officers.update', { id: o.id, fullName: 'Lê Văn Bình An', desk: 'Quầy 3', role: 'supervisor' })).toMatchObject({ fullName: 'Lê Văn Bình An', desk: 'Quầy 3', role: 'supervisor' });
      // A changed role signs the officer in again.
      expect((await other.call('app.info')).session).toBeNull();
      await core.call('officers.resetPin', { id: o.id, pin: '975310' });
      expect(await failure(other.call('auth.signIn', { username: 'binh', pin: '135790' }))).toMatchObject({ code: 'BAD_CREDENTIALS' });
      expect((await other.call('auth.signIn', { username: 'binh', pin: '975310' })).officer.role).toBe('supervisor');
      const admin = (await core.call('officers.list')).find((x) => x.username === 'admin')!;
      expect(await core.dispatch('officers.update', { id: admin.id, active: false })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('ít nhất một quản trị viên') } });
      await core.call('officers.update', { id: o.id, active: false });
      expect((await other.call('app.info')).session).toBeNull();
      expect(await failure(other.call('auth.signIn', { username: 'binh', pin: '975310' }))).toMatchObject({ code: 'BAD_CREDENTIALS' });
      const actions = (await core.call('audit.list', { limit: 20 })).filter((e) => e.entityId === o.id).map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['update', 'pin-reset', 'create']));
    } finally {
      await core.close();
    }
  });
});
