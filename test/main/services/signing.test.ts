import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readyCore, sampleDossier, waitJob } from '../../helpers/core';
import { fakeOcr } from '../../helpers/fake-ocr';
import { scannedPage } from '../../helpers/pages';
import { makeTestP12 } from '../../helpers/certificates';
import { requireTool } from '../pdf/fixtures';

const b64 = (b: Buffer) => b.toString('base64');
// One clock per test: the core and the test certificate read the same fixed time.
const NOW = new Date('2026-11-23T08:00:00Z');

async function setup(now?: () => Date, idleLockMinutes?: number) {
  const { core, procedure } = await readyCore({ ocrFactory: async () => fakeOcr(), now, idleLockMinutes });
  const dossier = await sampleDossier(core, procedure);
  const component = dossier.components[0]!;
  const imported = await core.call('digitize.importFiles', { componentId: component.id, files: [{ name: 'p1.png', dataBase64: b64(await scannedPage(['Tờ khai đăng ký khai sinh'])) }] });
  await waitJob(core, imported.jobId);
  return { core, dossier, component };
}

function pdfsig(file: string): string {
  requireTool('pdfsig', 'poppler-utils');
  return spawnSync('pdfsig', [file], { encoding: 'utf8' }).stdout;
}

const failure = (p: Promise<unknown>) => p.then(() => null, (e: Error & { code?: string }) => ({ code: e.code, message: e.message }));

describe('officer signing', () => {
  it('leaves PDFs unsigned until the officer stores a certificate, then signs every build', async () => {
    const { core, dossier, component } = await setup(() => NOW);
    expect(await core.call('signing.status')).toEqual({ configured: false, unlocked: false, expired: false, kind: null, token: null, certificate: null });
    await waitJob(core, (await core.call('digitize.buildPdf', { componentId: component.id })).jobId);
    let digitization = (await core.call('dossiers.get', { id: dossier.id })).components[0]!.digitization;
    expect(digitization.signedBy).toBeNull();
    expect(pdfsig((await core.resolveFile('pdf', digitization.fileId!))!.path)).not.toContain('Signature is Valid');

    const cert = makeTestP12({ cn: 'Nguyễn Thị Lan', org: 'UBND xã Tân Phú', passphrase: 'Lan@2026-riêng', now: NOW });
    // A wrong passphrase stores nothing.
    expect(await failure(core.call('signing.setCertificate', { file: { name: 'lan.p12', dataBase64: b64(cert.p12) }, passphrase: 'sai' }))).toMatchObject({ code: 'CERTIFICATE_PASSWORD', message: expect.stringContaining('Mật khẩu chứng thư số không đúng') });
    expect((await core.call('signing.status')).configured).toBe(false);

    const status = await core.call('signing.setCertificate', { file: { name: 'lan.p12', dataBase64: b64(cert.p12) }, passphrase: cert.passphrase });
    expect(status).toMatchObject({ configured: true, unlocked: true, expired: false, certificate: { subject: 'Nguyễn Thị Lan', organization: 'UBND xã Tân Phú' } });

    const built = await waitJob(core, (await core.call('digitize.buildPdf', { componentId: component.id })).jobId);
    expect(built.state, JSON.stringify(built.errors)).toBe('done');
    expect(built.message).toContain('đã ký số bởi Nguyễn Thị Lan');
    digitization = (await core.call('dossiers.get', { id: dossier.id })).components[0]!.digitization;
    expect(digitization.signedBy).toBe('Nguyễn Thị Lan');
    const out = pdfsig((await core.resolveFile('pdf', digitization.fileId!))!.path);
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Signer Certificate Common Name: Nguyễn Thị Lan');

    const audit = await core.call('audit.list', { limit: 20 });
    expect(audit.find((a) => a.action === 'set-certificate')?.detail).toContain('Nguyễn Thị Lan');
    expect(audit.find((a) => a.action === 'digitize')?.detail).toContain('"signedBy":"Nguyễn Thị Lan"');
    // The passphrase is written nowhere: not in the audit log, not in the database.
    expect(JSON.stringify(audit)).not.toContain('Lan@2026');
    await core.close();
    const files = fs.readdirSync(core.dataDir).filter((n) => n.startsWith('motcua.sqlite'));
    expect(files).toContain('motcua.sqlite');
    for (const f of files) {
      expect(fs.readFileSync(path.join(core.dataDir, f)).includes(Buffer.from('Lan@2026'))).toBe(false);
    }
  });

  it('asks for the passphrase again after signing out, and refuses to build until it is given', async () => {
    const { core, dossier, component } = await setup(() => NOW);
    const cert = makeTestP12({ cn: 'Nguyễn Thị Lan', passphrase: 'bí mật 123', now: NOW });
    await core.call('signing.setCertificate', { file: { name: 'lan.pfx', dataBase64: b64(cert.p12) }, passphrase: cert.passphrase });
    await core.call('auth.signOut');
    await core.call('auth.signIn', { username: 'admin', pin: '246802' });
    expect(await core.call('signing.status')).toMatchObject({ configured: true, unlocked: false });

    expect(await failure(core.call('digitize.buildPdf', { componentId: component.id }))).toMatchObject({ code: 'SIGNING_LOCKED', message: expect.stringContaining('Các trang đã quét vẫn được giữ nguyên') });
    expect((await core.call('digitize.pages', { componentId: component.id })).length).toBe(1);

    expect(await failure(core.call('signing.unlock', { passphrase: 'sai' }))).toMatchObject({ code: 'CERTIFICATE_PASSWORD' });
    expect((await core.call('signing.unlock', { passphrase: cert.passphrase })).unlocked).toBe(true);
    expect((await waitJob(core, (await core.call('digitize.buildPdf', { componentId: component.id })).jobId)).state).toBe('done');
    expect((await core.call('dossiers.get', { id: dossier.id })).components[0]!.digitization.signedBy).toBe('Nguyễn Thị Lan');

    // Locking keeps the certificate; removing it goes back to unsigned PDFs.
    expect(await core.call('signing.lock')).toMatchObject({ configured: true, unlocked: false });
    expect(await core.call('signing.remove')).toMatchObject({ configured: false, unlocked: false, certificate: null });
    expect((await waitJob(core, (await core.call('digitize.buildPdf', { componentId: component.id })).jobId)).state).toBe('done');
    expect((await core.call('dossiers.get', { id: dossier.id })).components[0]!.digitization.signedBy).toBeNull();
    await core.close();
  });

  it('refuses an expired certificate, a file that is not one, and an oversized upload in Vietnamese', async () => {
    const { core } = await setup(() => NOW);
    const old = makeTestP12({ cn: 'Trần Văn Cũ', notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01') });
    expect(await failure(core.call('signing.setCertificate', { file: { name: 'cu.p12', dataBase64: b64(old.p12) }, passphrase: old.passphrase }))).toMatchObject({ code: 'CERTIFICATE_EXPIRED', message: expect.stringContaining('đã hết hạn ngày 01/01/2021') });
    expect(await failure(core.call('signing.setCertificate', { file: { name: 'anh.jpg', dataBase64: b64(Buffer.from('JFIF không phải chứng thư')) }, passphrase: '1234' }))).toMatchObject({ code: 'CERTIFICATE_INVALID' });
    expect(await failure(core.call('signing.setCertificate', { file: { name: 'to.p12', dataBase64: b64(Buffer.alloc(100_000, 1)) }, passphrase: '1234' }))).toMatchObject({ code: 'CERTIFICATE_INVALID', message: expect.stringContaining('quá lớn') });
    expect((await core.call('signing.status')).configured).toBe(false);
    await core.close();
  });

  it('stops signing when the stored certificate runs out, and says so before any work', async () => {
    let clock = new Date('2026-11-23T08:00:00Z');
    // Weeks pass with the key unlocked (the idle lock, which would lock it, is tested in sessions.test.ts).
    const { core, component } = await setup(() => clock, 0);
    const cert = makeTestP12({ cn: 'Nguyễn Thị Lan', notBefore: new Date('2025-01-01'), notAfter: new Date('2026-12-31T00:00:00Z') });
    await core.call('signing.setCertificate', { file: { name: 'lan.p12', dataBase64: b64(cert.p12) }, passphrase: cert.passphrase });
    clock = new Date('2027-01-05T08:00:00Z');
    expect(await core.call('signing.status')).toMatchObject({ configured: true, unlocked: true, expired: true });
    expect(await failure(core.call('digitize.buildPdf', { componentId: component.id }))).toMatchObject({ code: 'CERTIFICATE_EXPIRED', message: expect.stringContaining('đã hết hạn ngày 31/12/2026') });
    await core.close();
  });
});
