import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { readyCore, testCore, SAMPLE_APPLICANT, SAMPLE_UNIT, waitJob, type TestCore } from '../../helpers/core';
import { fakeOcr } from '../../helpers/fake-ocr';
import { scannedPage } from '../../helpers/pages';
import { tempDir } from '../../helpers/temp';
import { createBackup, listBackups, pruneBackups, restoreBackup, startBackupSchedule } from '../../../main/services/backup';
import { referencedFiles } from '../../../main/data/integrity-queries';
import { LOCK_FILE } from '../../../main/fs/instance-lock';

const components = [{ name: 'Tờ khai', required: true, copies: 1, received: true }];

async function digitizedDossier(core: TestCore, procedureId: string, text: string) {
  const d = await core.call('dossiers.create', { procedureId, applicant: SAMPLE_APPLICANT, components });
  const page = await scannedPage([text, 'Họ và tên: Trần Văn Đức']);
  await waitJob(core, (await core.call('digitize.importFiles', { componentId: d.components[0]!.id, files: [{ name: 'trang.png', dataBase64: page.toString('base64') }] })).jobId);
  expect((await waitJob(core, (await core.call('digitize.buildPdf', { componentId: d.components[0]!.id })).jobId)).state).toBe('done');
  return d;
}

function dossierCodes(dataDir: string): Map<string, string> {
  const db = new Database(path.join(dataDir, 'motcua.sqlite'), { readonly: true });
  try {
    return new Map((db.prepare('SELECT id, code FROM dossiers').all() as { id: string; code: string }[]).map((r) => [r.id, r.code]));
  } finally {
    db.close();
  }
}

function fileRefs(dataDir: string) {
  const db = new Database(path.join(dataDir, 'motcua.sqlite'), { readonly: true });
  try {
    return referencedFiles(db).map((r) => `files/${r.id.slice(0, 2)}/${r.id.slice(2, 4)}/${r.id}.${r.ext}`);
  } finally {
    db.close();
  }
}

async function signIn(core: TestCore) {
  await core.call('auth.signIn', { username: SAMPLE_UNIT.username, pin: SAMPLE_UNIT.pin });
}

describe('backups that restore', () => {
  it('a backup taken under a steady write load restores every dossier, page image and PDF byte for byte', async () => {
    const { core, procedure } = await readyCore({ ocrFactory: async () => fakeOcr(), idleLockMinutes: 0 });
    const out = tempDir();
    try {
      await digitizedDossier(core, procedure.id, 'Trang một');
      await digitizedDossier(core, procedure.id, 'Trang hai');
      // The load: dossiers created back to back (and a third digitized one) while the backup runs.
      let stop = false;
      let written = 0;
      const load = (async () => {
        const third = digitizedDossier(core, procedure.id, 'Trang ba');
        while (!stop) {
          await core.call('dossiers.create', { procedureId: procedure.id, applicant: SAMPLE_APPLICANT, components });
          written++;
          await new Promise((r) => setImmediate(r));
        }
        await third;
      })();
      while (written < 5) await new Promise((r) => setTimeout(r, 5));
      const { dir, manifest } = await createBackup({ dataDir: core.dataDir, outDir: out });
      const during = written;
      while (written < during + 5) await new Promise((r) => setTimeout(r, 5));
      stop = true;
      await load;

      expect(path.basename(dir)).toMatch(/^motcua-backup-\d{8}T\d{9}Z$/);
      expect(fs.readdirSync(out)).toEqual([path.basename(dir)]); // no temp folder left
      expect(manifest.files.some((f) => f.path.startsWith('files/renditions/'))).toBe(false);
      expect(manifest.codeMarks.scopes).not.toEqual({});
      expect(manifest.dossiers).toBeGreaterThanOrEqual(2 + 5);

      const target = path.join(tempDir(), 'khoi-phuc');
      const r = await restoreBackup({ from: dir, dataDir: target });
      expect(r.files).toBe(manifest.files.length);
      const restored = dossierCodes(target);
      const original = dossierCodes(core.dataDir);
      expect(restored.size).toBe(manifest.dossiers);
      for (const [id, code] of restored) expect(original.get(id)).toBe(code);
      const refs = fileRefs(target);
      expect(refs.filter((f) => f.endsWith('.pdf')).length).toBeGreaterThanOrEqual(2);
      expect(refs.filter((f) => !f.endsWith('.pdf')).length).toBeGreaterThanOrEqual(4); // images and thumbnails
      for (const rel of refs) expect(fs.readFileSync(path.join(target, rel)).equals(fs.readFileSync(path.join(core.dataDir, rel))), rel).toBe(true);

      // The restored folder opens as a desk: signed in, its PDFs are served.
      const again = await testCore({ dataDir: target, ocrFactory: async () => fakeOcr() });
      try {
        await signIn(again);
        const list = await again.call('dossiers.list', { limit: 200 });
        expect(list.total).toBe(manifest.dossiers);
        const doctor = await again.call('app.doctor');
        expect(doctor.checks.find((c) => c.id === 'files')).toMatchObject({ ok: true });
      } finally {
        await again.close();
      }
    } finally {
      await core.close();
    }
  }, 120_000);

  it('restore refuses a tampered backup, naming the file, and writes nothing; a non-empty target needs --force', async () => {
    const { core, procedure } = await readyCore({ ocrFactory: async () => fakeOcr(), idleLockMinutes: 0 });
    try {
      await digitizedDossier(core, procedure.id, 'Trang một');
      const { dir, manifest } = await createBackup({ dataDir: core.dataDir, outDir: tempDir() });
      const victim = manifest.files.find((f) => f.path.endsWith('.pdf'))!;
      const bytes = fs.readFileSync(path.join(dir, victim.path));
      bytes[bytes.length >> 1]! ^= 0xff;
      fs.writeFileSync(path.join(dir, victim.path), bytes);
      const target = path.join(tempDir(), 'dich');
      await expect(restoreBackup({ from: dir, dataDir: target })).rejects.toThrow(new RegExp(`không toàn vẹn.*${victim.path.replace(/[/.]/g, '\\$&')}.*không khớp mã SHA-256`));
      expect(fs.existsSync(target) ? fs.readdirSync(target) : []).toEqual([]);

      bytes[bytes.length >> 1]! ^= 0xff;
      fs.writeFileSync(path.join(dir, victim.path), bytes);
      await expect(restoreBackup({ from: dir, dataDir: core.dataDir })).rejects.toThrow(/không trống.*--force/);
      // --force into a folder an app is using is refused by its lock.
      await expect(restoreBackup({ from: dir, dataDir: core.dataDir, force: true })).rejects.toThrow(/đang được một phiên Một Cửa Số khác dùng/);
    } finally {
      await core.close();
    }
  }, 60_000);

  it('the dossier-code high-water mark prevents re-issuing codes after restoring an older backup', async () => {
    const now = new Date('2026-03-02T09:00:00+07:00');
    const { core, procedure } = await readyCore({ now: () => now, idleLockMinutes: 0 });
    const dataDir = core.dataDir;
    const out = tempDir();
    const issued: string[] = [];
    try {
      issued.push((await core.call('dossiers.create', { procedureId: procedure.id, applicant: SAMPLE_APPLICANT, components })).code);
      await createBackup({ dataDir, outDir: out });
      for (let i = 0; i < 2; i++) issued.push((await core.call('dossiers.create', { procedureId: procedure.id, applicant: SAMPLE_APPLICANT, components })).code);
    } finally {
      await core.close();
    }
    expect(issued.map((c) => c.slice(-4))).toEqual(['0001', '0002', '0003']);
    const [backup] = listBackups(out);
    await restoreBackup({ from: backup!.dir, dataDir, force: true });
    expect(dossierCodes(dataDir).size).toBe(1);

    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (m: string) => warnings.push(m);
    const restored = await testCore({ dataDir, now: () => now, idleLockMinutes: 0 });
    console.warn = warn;
    try {
      expect(warnings.join('\n')).toMatch(/Cơ sở dữ liệu cũ hơn mốc mã hồ sơ/);
      const doctor = await restored.call('app.doctor');
      expect(doctor.checks.find((c) => c.id === 'db-behind')).toMatchObject({ ok: false, detail: expect.stringContaining('đã cấp đến số 3') });
      await signIn(restored);
      const next = await restored.call('dossiers.create', { procedureId: procedure.id, applicant: SAMPLE_APPLICANT, components });
      expect(issued).not.toContain(next.code);
      expect(next.code.slice(-4)).toBe('0004');
    } finally {
      await restored.close();
    }
  });

  it('a yearly code pattern works on two different days and restarts with the year', async () => {
    let now = new Date('2026-03-02T09:00:00+07:00');
    const { core, procedure } = await readyCore({ now: () => now, idleLockMinutes: 0 });
    try {
      await core.call('settings.update', { dossierCodePattern: '{unit}-{yyyy}-{seq:4}' });
      const create = async () => (await core.call('dossiers.create', { procedureId: procedure.id, applicant: SAMPLE_APPLICANT, components })).code;
      expect(await create()).toBe(`${SAMPLE_UNIT.unitCode}-2026-0001`);
      now = new Date('2026-03-03T09:00:00+07:00');
      expect(await create()).toBe(`${SAMPLE_UNIT.unitCode}-2026-0002`);
      now = new Date('2027-01-04T09:00:00+07:00');
      expect(await create()).toBe(`${SAMPLE_UNIT.unitCode}-2027-0001`);
    } finally {
      await core.close();
    }
  });

  it('retention keeps the newest backups and removes abandoned temp folders', async () => {
    const { core } = await readyCore({ idleLockMinutes: 0 });
    const out = tempDir();
    try {
      for (let i = 0; i < 3; i++) await createBackup({ dataDir: core.dataDir, outDir: out, now: new Date(Date.UTC(2026, 0, 1 + i)) });
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
      fs.mkdirSync(path.join(out, `.motcua-backup-20260101T000000000Z.${dead}.tmp`));
      const removed = pruneBackups(out, 2);
      expect(removed).toHaveLength(2);
      expect(fs.readdirSync(out).sort()).toEqual(['motcua-backup-20260102T000000000Z', 'motcua-backup-20260103T000000000Z']);
    } finally {
      await core.close();
    }
  });
});

describe('scheduled backups', () => {
  it('takes one when the newest is older than the interval and keeps the newest N', async () => {
    const { core } = await readyCore({ idleLockMinutes: 0 });
    const folder = tempDir();
    let now = new Date('2026-03-02T01:00:00Z');
    const results: boolean[] = [];
    const schedule = startBackupSchedule({ dataDir: core.dataDir, now: () => now, schedule: () => ({ folder, intervalHours: 24, keep: 2 }), onResult: (r) => results.push(r.ok) });
    try {
      await schedule.tick();
      await schedule.tick(); // within the interval: nothing
      expect(listBackups(folder)).toHaveLength(1);
      for (const h of [25, 50, 75]) {
        now = new Date(Date.parse('2026-03-02T01:00:00Z') + h * 3600_000);
        await schedule.tick();
      }
      expect(results).toEqual([true, true, true, true]);
      expect(listBackups(folder).map((b) => b.createdAt.toISOString())).toEqual(['2026-03-05T04:00:00.000Z', '2026-03-04T03:00:00.000Z']);
      // The admin's settings carry the schedule (folder must be a full path).
      await expect(core.call('settings.update', { backupFolder: 'SaoLuu' })).rejects.toThrow(/đường dẫn đầy đủ/);
      expect(await core.call('settings.update', { backupFolder: folder, backupIntervalHours: 12, backupKeep: 7 })).toMatchObject({ backupFolder: folder, backupIntervalHours: 12, backupKeep: 7 });
    } finally {
      schedule.stop();
      await core.close();
    }
  });
});

describe('doctor: stored files', () => {
  it('finds a deleted file, a corrupted one (deep), a temp leftover and an orphan', async () => {
    const { core, procedure } = await readyCore({ ocrFactory: async () => fakeOcr(), idleLockMinutes: 0 });
    try {
      const d = await digitizedDossier(core, procedure.id, 'Trang một');
      const refs = fileRefs(core.dataDir);
      const pdf = refs.find((f) => f.endsWith('.pdf'))!;
      const image = refs.find((f) => !f.endsWith('.pdf'))!;
      let report = await core.call('app.doctor');
      expect(report.checks.filter((c) => ['files', 'temp-files', 'db-behind'].includes(c.id)).every((c) => c.ok)).toBe(true);

      fs.rmSync(path.join(core.dataDir, pdf));
      const damaged = fs.readFileSync(path.join(core.dataDir, image));
      damaged[damaged.length - 10]! ^= 0x55;
      fs.writeFileSync(path.join(core.dataDir, image), damaged);
      const temp = path.join(core.dataDir, 'files', 'ab', `.${'a'.repeat(64)}.pdf.1234.abcdef.tmp`);
      fs.mkdirSync(path.dirname(temp), { recursive: true });
      fs.writeFileSync(temp, 'dở dang');
      const old = new Date(Date.now() - 3600_000);
      fs.utimesSync(temp, old, old);
      const orphan = path.join(core.dataDir, 'files', 'cd', 'ef', `${'cdef'.repeat(16)}.jpg`);
      fs.mkdirSync(path.dirname(orphan), { recursive: true });
      fs.writeFileSync(orphan, 'x');

      report = await core.call('app.doctor');
      const check = (id: string) => report.checks.find((c) => c.id === id)!;
      expect(report.ok).toBe(false);
      expect(check('files')).toMatchObject({ ok: false, detail: expect.stringContaining(d.code) });
      expect(check('files').detail).toContain(pdf);
      expect(check('files').detail).toContain('Khôi phục');
      expect(check('temp-files')).toMatchObject({ ok: false, detail: expect.stringContaining(temp) });
      expect(check('orphan-files').detail).toContain(`${'cdef'.repeat(16)}.jpg`);
      expect(report.checks.find((c) => c.id === 'files-hash')).toBeUndefined();

      const { runDoctor } = await import('../../../main/services/doctor');
      const { Store } = await import('../../../main/data/store');
      const db = new Database(path.join(core.dataDir, 'motcua.sqlite'), { readonly: true });
      try {
        const deep = runDoctor(new Store(db), core.dataDir, { deep: true, clean: true });
        const hash = deep.checks.find((c) => c.id === 'files-hash')!;
        expect(hash).toMatchObject({ ok: false, detail: expect.stringContaining(image) });
        expect(hash.detail).toContain(d.code);
        expect(deep.checks.find((c) => c.id === 'temp-files')).toMatchObject({ ok: true, detail: expect.stringContaining('Đã xóa 1') });
        expect(fs.existsSync(temp)).toBe(false);
      } finally {
        db.close();
      }
    } finally {
      await core.close();
    }
  }, 60_000);
});

describe('one instance per data directory', () => {
  it('a second core on the same folder refuses with a clear message; a stale lock is taken over', async () => {
    const first = await testCore();
    const dataDir = first.dataDir;
    try {
      await expect(testCore({ dataDir })).rejects.toThrow(new RegExp(`Thư mục dữ liệu .* đang được một phiên Một Cửa Số khác dùng \\(PID ${process.pid}`));
    } finally {
      await first.close();
    }
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
    // A lock left by a process that died (power cut, kill -9) does not block the next start.
    const dead = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    fs.writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify({ pid: dead, hostname: (await import('node:os')).hostname(), host: 'browser', startedAt: '2026-01-01T00:00:00Z' }));
    const second = await testCore({ dataDir });
    try {
      expect(JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, host: 'test' });
    } finally {
      await second.close();
    }
  });
});
