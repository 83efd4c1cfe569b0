// Who acts: every call carries its caller (window, tab, CLI run), each caller has its own session,
// roles are enforced by the dispatcher, an idle desk locks (and its signing key with it), background
// work keeps the officer who started it, and the machine policy's settings cannot be changed.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readyCore, SAMPLE_APPLICANT, SAMPLE_UNIT, testCore, waitJob } from '../../helpers/core';
import { fakeOcr } from '../../helpers/fake-ocr';
import { scannedPage } from '../../helpers/pages';
import { makeTestP12 } from '../../helpers/certificates';
import { tempDir } from '../../helpers/temp';
import { requireTool } from '../pdf/fixtures';
import type { OcrEngine } from '../../../main/services/ocr-engine';

const b64 = (b: Buffer) => b.toString('base64');
const failure = (p: Promise<unknown>) => p.then(() => null, (e: Error & { code?: string }) => ({ code: e.code, message: e.message }));

/** A clock the test moves. */
function clock(start = '2026-03-02T02:00:00Z') {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

describe('sessions: one per caller', () => {
  it('keeps two windows apart: each signs in on its own, signing out one leaves the other', async () => {
    const { core } = await readyCore();
    const officer = await core.call('officers.create', { username: 'binh', fullName: 'Lê Văn Bình', pin: '135790', role: 'officer', desk: 'Quầy 2 – Hộ tịch' });
    const other = core.as('test-window-2');
    expect((await other.call('app.info')).session).toBeNull();
    expect(await failure(other.call('dossiers.list', {}))).toMatchObject({ code: 'UNAUTHORIZED' });
    const s = await other.call('auth.signIn', { username: 'binh', pin: '135790' });
    expect(s).toMatchObject({ officer: { id: officer.id }, desk: 'Quầy 2 – Hộ tịch', locked: false });
    expect((await core.call('app.info')).session?.officer.username).toBe('admin');
    await other.call('auth.signOut');
    expect((await other.call('app.info')).session).toBeNull();
    expect((await core.call('app.info')).session?.officer.username).toBe('admin');
    await core.close();
  });

  it('refuses a call without a caller', async () => {
    const core = await testCore();
    expect(await core.core.dispatch('app.info', {}, undefined as never)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(await core.core.dispatch('app.info', {}, { sessionId: '' })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    await core.close();
  });
});

describe('roles in the contract, enforced by the dispatcher', () => {
  it('refuses an officer what belongs to supervisors and admins, before the handler runs', async () => {
    const { core } = await readyCore();
    await core.call('officers.create', { username: 'binh', fullName: 'Lê Văn Bình', pin: '135790', role: 'officer', desk: null });
    await core.call('officers.create', { username: 'giamsat', fullName: 'Phạm Thu Hà', pin: '246813', role: 'supervisor', desk: null });
    const officer = core.as('officer-window');
    await officer.call('auth.signIn', { username: 'binh', pin: '135790' });
    const before = (await core.call('audit.list', { limit: 500 })).length;
    for (const [method, input] of [
      ['settings.update', { deskName: 'Quầy 9' }],
      ['officers.create', { username: 'x1', fullName: 'X', pin: '111111', role: 'admin', desk: null }],
      ['officers.list', {}],
      ['audit.list', {}],
      ['procedures.upsert', { code: '9.9', name: 'X', field: '', processingDays: 1, fullyOnline: false, resultIsPaper: true, feeBearing: false, components: [] }],
      ['campaign.set', { campaign: null }],
    ] as const) {
      expect(await officer.dispatch(method, input), method).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    // Nothing ran: no audit entry was written by a refused call.
    expect((await core.call('audit.list', { limit: 500 })).length).toBe(before);
    // Their own work is allowed.
    expect(await officer.dispatch('dossiers.list', {})).toMatchObject({ ok: true });

    const supervisor = core.as('supervisor-window');
    await supervisor.call('auth.signIn', { username: 'giamsat', pin: '246813' });
    expect(await supervisor.dispatch('audit.list', {})).toMatchObject({ ok: true });
    expect(await supervisor.dispatch('campaign.set', { campaign: null })).toMatchObject({ ok: true });
    expect(await supervisor.dispatch('settings.update', { deskName: 'Quầy 9' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await core.close();
  });
});

describe('idle lock', () => {
  it('locks after the idle time: calls are refused, the key is locked, the PIN opens it again (audited)', async () => {
    const c = clock();
    const { core } = await readyCore({ now: c.now, ocrFactory: async () => fakeOcr() });
    const cert = makeTestP12({ cn: SAMPLE_UNIT.fullName, org: 'UBND xã Tân Phú', passphrase: 'Lan@2026', notBefore: new Date(c.now().getTime() - 86_400_000), notAfter: new Date(c.now().getTime() + 365 * 86_400_000) });
    await core.call('signing.setCertificate', { file: { name: 'lan.p12', dataBase64: b64(cert.p12) }, passphrase: cert.passphrase });
    expect((await core.call('signing.status')).unlocked).toBe(true);
    expect((await core.call('app.info')).idleLockMinutes).toBe(5);

    // Background polls are not activity: 4 minutes of them, then 1 more minute, and the desk locks.
    c.advance(4 * 60_000);
    await core.call('signing.status');
    c.advance(60_000 + 1);
    expect(await core.dispatch('dossiers.list', {})).toMatchObject({ ok: false, error: { code: 'LOCKED', message: expect.stringContaining('mã PIN') } });
    expect((await core.call('app.info')).session).toMatchObject({ locked: true });
    expect(await failure(core.call('auth.unlock', { pin: '000000' }))).toMatchObject({ code: 'BAD_CREDENTIALS' });
    const s = await core.call('auth.unlock', { pin: SAMPLE_UNIT.pin });
    expect(s.locked).toBe(false);
    // The signing key was locked with the desk: the passphrase must be typed again.
    expect((await core.call('signing.status')).unlocked).toBe(false);
    const actions = (await core.call('audit.list', { limit: 20 })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['lock', 'unlock-failed', 'unlock']));
    await core.close();
  });

  it('activity holds it off; "lock now" locks at once; a locked desk serves no files', async () => {
    const c = clock();
    const { core, procedure } = await readyCore({ now: c.now, ocrFactory: async () => fakeOcr() });
    for (let i = 0; i < 3; i++) {
      c.advance(4 * 60_000);
      await core.call('session.activity');
    }
    expect(await core.dispatch('dossiers.list', {})).toMatchObject({ ok: true });
    const dossier = await core.call('dossiers.create', {
      procedureId: procedure.id,
      applicant: SAMPLE_APPLICANT,
      components: procedure.components.map((x) => ({ name: x.name, required: x.required, copies: x.copies, received: true })),
    });
    const receipt = await core.call('dossiers.receipt', { id: dossier.id });
    expect(await core.resolveFile('receipt', receipt.fileId)).not.toBeNull();
    // Another tab (not signed in) gets nothing.
    expect(await core.resolveFile('receipt', receipt.fileId, { sessionId: 'someone-else' })).toBeNull();
    await core.call('auth.lock');
    expect(await core.resolveFile('receipt', receipt.fileId)).toBeNull();
    expect(await core.dispatch('dossiers.get', { id: dossier.id })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    await core.call('auth.unlock', { pin: SAMPLE_UNIT.pin });
    expect(await core.resolveFile('receipt', receipt.fileId)).not.toBeNull();
    await core.close();
  });

  it('an admin sets the idle time; 0 minutes is refused', async () => {
    const { core } = await readyCore();
    expect((await core.call('settings.update', { idleLockMinutes: 15 })).idleLockMinutes).toBe(15);
    expect((await core.call('app.info')).idleLockMinutes).toBe(15);
    expect(await core.dispatch('settings.update', { idleLockMinutes: 0 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    await core.close();
  });
});

describe('background work keeps the officer who started it', () => {
  it('a PDF built while the desk changes hands is signed, described and audited as its starter', async () => {
    requireTool('pdfsig', 'poppler-utils');
    // OCR waits for the test's signal, so the build is still waiting when the officers change.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const base = fakeOcr();
    const slow: OcrEngine = { ...base, recognize: async (img, hints) => (await gate, base.recognize(img, hints)) };
    const { core, procedure } = await readyCore({ ocrFactory: async () => slow });
    await core.call('officers.create', { username: 'binh', fullName: 'Lê Văn Bình', pin: '135790', role: 'officer', desk: null });
    const lan = makeTestP12({ cn: SAMPLE_UNIT.fullName, org: 'UBND xã Tân Phú', passphrase: 'Lan@2026', now: new Date() });
    await core.call('signing.setCertificate', { file: { name: 'lan.p12', dataBase64: b64(lan.p12) }, passphrase: lan.passphrase });
    const dossier = await core.call('dossiers.create', {
      procedureId: procedure.id,
      applicant: SAMPLE_APPLICANT,
      components: procedure.components.map((x) => ({ name: x.name, required: x.required, copies: x.copies, received: true })),
    });
    const componentId = dossier.components[0]!.id;
    await core.call('digitize.importFiles', { componentId, files: [{ name: 'p1.png', dataBase64: b64(await scannedPage(['Tờ khai đăng ký khai sinh'])) }] });
    // The page is stored (its OCR held by the gate) before the build starts.
    for (let i = 0; i < 200 && (await core.call('digitize.pages', { componentId })).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    const build = await core.call('digitize.buildPdf', { componentId });

    // Lan signs out; Bình signs in at the same window and sets up his own certificate.
    await core.call('auth.signOut');
    await core.call('auth.signIn', { username: 'binh', pin: '135790' });
    const binh = makeTestP12({ cn: 'Lê Văn Bình', org: 'UBND xã Tân Phú', passphrase: 'Binh@2026', now: new Date() });
    await core.call('signing.setCertificate', { file: { name: 'binh.p12', dataBase64: b64(binh.p12) }, passphrase: binh.passphrase });
    release();
    const job = await waitJob(core, build.jobId);
    expect(job.state, JSON.stringify(job.errors)).toBe('done');

    await core.call('auth.signOut');
    await core.call('auth.signIn', { username: 'admin', pin: SAMPLE_UNIT.pin });
    const d = (await core.call('dossiers.get', { id: dossier.id })).components[0]!.digitization;
    expect(d.signedBy).toBe(SAMPLE_UNIT.fullName);
    const file = (await core.resolveFile('pdf', d.fileId!))!.path;
    const sig = spawnSync('pdfsig', [file], { encoding: 'utf8' }).stdout;
    expect(sig).toContain(`Signer Certificate Common Name: ${SAMPLE_UNIT.fullName}`);
    const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout;
    expect(info).toMatch(new RegExp(`Author:\\s+${SAMPLE_UNIT.fullName}`));
    const audit = (await core.call('audit.list', { limit: 50 })).find((a) => a.action === 'digitize');
    const admin = (await core.call('officers.list')).find((o) => o.username === 'admin')!;
    expect(audit?.officerId).toBe(admin.id);
    await core.close();
  });

  it('the scan-to-folder watcher belongs to the officer who chose the target and stops with their session', async () => {
    const { core, procedure } = await readyCore({ ocrFactory: async () => fakeOcr() });
    const share = tempDir();
    await core.call('settings.update', { watchFolder: share });
    const dossier = await core.call('dossiers.create', {
      procedureId: procedure.id,
      applicant: SAMPLE_APPLICANT,
      components: procedure.components.map((x) => ({ name: x.name, required: x.required, copies: x.copies, received: true })),
    });
    expect((await core.call('capture.setTarget', { componentId: dossier.components[0]!.id })).watching).toBe(true);
    await core.call('auth.signOut');
    await core.as('another').call('auth.signIn', { username: 'admin', pin: SAMPLE_UNIT.pin });
    const status = await core.as('another').call('capture.status');
    expect(status).toMatchObject({ watching: false, targetComponentId: null });
    await core.close();
  });
});

describe('machine policy', () => {
  function writePolicy(policy: unknown): string {
    const file = path.join(tempDir(), 'policy.json');
    fs.writeFileSync(file, typeof policy === 'string' ? policy : JSON.stringify(policy));
    return file;
  }

  it('fixes what IT set: shown read-only, refused by settings.update, audited nowhere', async () => {
    const scans = tempDir('motcua-scans-');
    const file = writePolicy({ tokenLibraries: ['/usr/lib/softhsm/libsofthsm2.so'], watchRoots: [scans], unit: { code: '000.00.53.H48', name: 'UBND xã Tân Phú (CNTT)' }, idleLockMinutes: 10 });
    const core = await testCore({ policy: undefined, policyFile: file });
    await core.call('setup.initialize', SAMPLE_UNIT);
    const view = await core.call('policy.get');
    expect(view).toMatchObject({ path: file, loaded: true, error: null, locked: expect.arrayContaining(['tokenLibraries', 'unitName', 'idleLockMinutes']) });
    const settings = await core.call('settings.get');
    expect(settings).toMatchObject({ tokenLibraries: ['/usr/lib/softhsm/libsofthsm2.so'], unitName: 'UBND xã Tân Phú (CNTT)', idleLockMinutes: 10 });
    for (const patch of [{ tokenLibraries: ['/tmp/evil.so'] }, { unitName: 'Khác' }, { idleLockMinutes: 60 }]) {
      const r = await core.dispatch('settings.update', patch);
      expect(r, JSON.stringify(patch)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('tệp chính sách máy') } });
    }
    expect((await core.call('settings.get')).tokenLibraries).toEqual(['/usr/lib/softhsm/libsofthsm2.so']);
    // A watched folder only under IT's roots, never a system folder.
    expect(await core.dispatch('settings.update', { watchFolder: '/etc' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('hệ thống') } });
    expect(await core.dispatch('settings.update', { watchFolder: '/home/lan/scans' })).toMatchObject({ ok: false, error: { message: expect.stringContaining(scans) } });
    // Under the roots, it must exist (checked when saved, with the reason).
    const desk2 = path.join(scans, 'quay-2');
    expect(await core.dispatch('settings.update', { watchFolder: desk2 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('không tồn tại') } });
    fs.mkdirSync(desk2);
    expect(await core.dispatch('settings.update', { watchFolder: desk2 })).toMatchObject({ ok: true });
    // A library IT did not list is never loaded.
    expect(await core.dispatch('signing.tokens', { library: '/tmp/evil.so' })).toMatchObject({ ok: false, error: { code: 'TOKEN_UNAVAILABLE' } });
    await core.close();
  });

  it('a policy file that does not parse is reported and allows nothing', async () => {
    const core = await testCore({ policy: undefined, policyFile: writePolicy('{ "tokenLibraries": ["/x.so"], ') });
    await core.call('setup.initialize', SAMPLE_UNIT);
    const view = await core.call('policy.get');
    expect(view).toMatchObject({ loaded: false, error: expect.stringContaining('không phải JSON') });
    expect((await core.call('settings.get')).tokenLibraries).toEqual([]);
    const unknownKey = await testCore({ policy: undefined, policyFile: writePolicy({ tokenLibrary: '/x.so' }) });
    expect(await unknownKey.call('policy.get')).toMatchObject({ loaded: false, error: expect.stringContaining('tokenLibrary') });
    await core.close();
    await unknownKey.close();
  });
});
