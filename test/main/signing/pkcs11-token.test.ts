import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { listTokens } from '../../../main/signing/pkcs11-token';
import { makeTestP12 } from '../../helpers/certificates';
import { readyCore, SAMPLE_UNIT, sampleDossier, TEST_POLICY, waitJob } from '../../helpers/core';
import { fakeOcr } from '../../helpers/fake-ocr';
import { scannedPage } from '../../helpers/pages';
import { makeSoftToken, pkcs11jsAvailable } from '../../helpers/softhsm';
import { requireTool } from '../pdf/fixtures';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const b64 = (b: Buffer) => b.toString('base64');
const failure = (p: Promise<unknown>) => p.then(() => null, (e: Error & { code?: string }) => ({ code: e.code, message: e.message }));

// pkcs11js is an optional native dependency; without it token signing is unavailable by design.
const haveBinding = pkcs11jsAvailable();
if (!haveBinding) console.warn('[skip] pkcs11js (optional native module) is not installed: USB token tests cannot run.');

// One clock for the file: the core signing with the token and the token's certificate read it.
const NOW = new Date('2026-11-23T08:00:00Z');
// One SoftHSM configuration per test file: the library reads it once per process.
// The issuer has diacritics too, as Vietnamese CA names can: the CMS must name it byte for byte.
const cert = makeTestP12({ cn: 'Nguyễn Thị Lan', org: 'UBND xã Tân Phú', issuer: { cn: 'Trần Văn Cường CA', org: 'Tổ chức chứng thực số' }, now: NOW });
const tokenDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-softhsm-'));
const token = haveBinding ? makeSoftToken(tokenDir, cert) : null;
process.on('exit', () => fs.rmSync(tokenDir, { recursive: true, force: true }));

describe.skipIf(!haveBinding)('USB token (PKCS#11, SoftHSM2)', () => {
  it('lists the plugged-in token with the certificate it shows without a PIN', () => {
    const tokens = listTokens(token!.library);
    const mine = tokens.find((t) => t.serial === token!.serial)!;
    expect(mine).toMatchObject({ label: 'motcua-test', manufacturer: 'SoftHSM project' });
    expect(mine.certificates).toEqual([expect.objectContaining({ subject: 'Nguyễn Thị Lan', organization: 'UBND xã Tân Phú', keyId: '01' })]);
  });

  it('signs component PDFs on the token after IT allows its library and the officer gives the PIN', async () => {
    // Loading a library runs its code: only libraries IT listed in the machine policy.
    const unlisted = await readyCore({ now: () => NOW });
    expect(await failure(unlisted.core.call('signing.tokens', { library: token!.library }))).toMatchObject({ code: 'TOKEN_UNAVAILABLE', message: expect.stringContaining('chưa được bộ phận CNTT cho phép') });
    const policy = { ...TEST_POLICY, tokenLibraries: [token!.library, '/opt/khong-co/libtoken.so'] };
    const { core, procedure } = await readyCore({ ocrFactory: async () => fakeOcr(), now: () => NOW, policy });
    const dossier = await sampleDossier(core, procedure);
    const component = dossier.components[0]!;
    await waitJob(core, (await core.call('digitize.importFiles', { componentId: component.id, files: [{ name: 'p1.png', dataBase64: b64(await scannedPage(['Giấy chứng sinh'])) }] })).jobId);
    const choice = { library: token!.library, serial: token!.serial, keyId: '01' };

    expect(await failure(core.call('signing.tokens', { library: '/opt/khong-co/libtoken.so' }))).toMatchObject({ code: 'TOKEN_UNAVAILABLE', message: expect.stringContaining('Không nạp được thư viện USB token') });
    const listed = await core.call('signing.tokens', { library: token!.library });
    expect(listed.find((t) => t.serial === token!.serial)?.certificates[0]?.subject).toBe('Nguyễn Thị Lan');

    expect(await failure(core.call('signing.useToken', { ...choice, pin: '000000' }))).toMatchObject({ code: 'CERTIFICATE_PASSWORD', message: expect.stringContaining('Mã PIN của USB token không đúng') });
    expect(await failure(core.call('signing.useToken', { ...choice, serial: 'khong-co', pin: token!.pin }))).toMatchObject({ code: 'TOKEN_UNAVAILABLE', message: expect.stringContaining('hãy cắm đúng token') });
    expect(await failure(core.call('signing.useToken', { ...choice, keyId: '02', pin: token!.pin }))).toMatchObject({ code: 'CERTIFICATE_INVALID' });
    expect((await core.call('signing.status')).configured).toBe(false);

    const status = await core.call('signing.useToken', { ...choice, pin: token!.pin });
    expect(status).toMatchObject({ configured: true, unlocked: true, kind: 'pkcs11', token: { library: token!.library, serial: token!.serial }, certificate: { subject: 'Nguyễn Thị Lan' } });
    const built = await waitJob(core, (await core.call('digitize.buildPdf', { componentId: component.id })).jobId);
    expect(built.state, JSON.stringify(built.errors)).toBe('done');
    const digitization = (await core.call('dossiers.get', { id: dossier.id })).components[0]!.digitization;
    expect(digitization.signedBy).toBe('Nguyễn Thị Lan');
    requireTool('pdfsig', 'poppler-utils');
    const out = spawnSync('pdfsig', [(await core.resolveFile('pdf', digitization.fileId!))!.path], { encoding: 'utf8' }).stdout;
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Signer Certificate Common Name: Nguyễn Thị Lan');

    // A new session asks for the PIN again.
    await core.call('auth.signOut');
    await core.call('auth.signIn', { username: SAMPLE_UNIT.username, pin: SAMPLE_UNIT.pin });
    expect(await failure(core.call('digitize.buildPdf', { componentId: component.id }))).toMatchObject({ code: 'SIGNING_LOCKED' });
    expect(await failure(core.call('signing.unlock', { passphrase: '999999' }))).toMatchObject({ code: 'CERTIFICATE_PASSWORD' });
    expect((await core.call('signing.unlock', { passphrase: token!.pin })).unlocked).toBe(true);
    expect((await waitJob(core, (await core.call('digitize.buildPdf', { componentId: component.id })).jobId)).state).toBe('done');
    await core.close();
  });
});
