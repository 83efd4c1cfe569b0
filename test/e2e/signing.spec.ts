// Chữ ký số end to end: the officer installs a .p12 certificate in Cài đặt, builds a component
// PDF in Số hóa and sees it signed (pdfsig verifies the file), then unlocks a locked certificate
// in place on the Số hóa screen.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { makeTestP12 } from '../helpers/certificates';
import { ADMIN, expect, expectShell, openApp, test } from './fixtures';

test.describe.configure({ timeout: 300_000 });

test('cài chứng thư số, tạo PDF đã ký số và mở khóa ngay tại màn hình Số hóa', async ({ page, host, api, request }) => {
  await api.ensureSignedIn();
  const proc = await api.createProcedure();
  const dossier = await api.createDossier(proc.id);
  const componentId = dossier.components[0]!.id;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1654" height="2339"><rect width="100%" height="100%" fill="#fff"/><text x="200" y="300" font-size="60" font-family="DejaVu Sans">GIẤY CHỨNG SINH</text></svg>`;
  const png = await sharp(Buffer.from(svg)).png().toBuffer();
  await api.ok('digitize.importFiles', { componentId, files: [{ name: 'giay-chung-sinh.png', dataBase64: png.toString('base64') }] });

  // Runs out in 10 days (and a bit): the officer is told where they sign.
  // The browser host runs on the real clock: the certificate is made around it.
  const now = new Date();
  const cert = makeTestP12({ cn: ADMIN.fullName, org: 'UBND xã Tân Lập', passphrase: 'Mật-khẩu 2026', now, notAfter: new Date(now.getTime() + 10.5 * 86_400_000) });
  try {
    // Cài đặt → Chữ ký số.
    await openApp(page, host, '#/cai-dat');
    await expectShell(page);
    await page.getByRole('tab', { name: 'Chữ ký số' }).click();
    await expect(page.getByTestId('signing-tab')).toContainText('chưa cài chứng thư số');
    // USB tokens need a library IT has allowed in the machine policy (a PC without one: policy.spec.ts).
    await page.getByTestId('signing-mode').getByText('USB token').click();
    await expect(page.getByTestId('signing-find-tokens')).toBeVisible();
    await page.getByTestId('signing-mode').getByText('Tệp .p12 / .pfx').click();
    await page.getByTestId('signing-file').setInputFiles({ name: 'quantri.p12', mimeType: 'application/x-pkcs12', buffer: cert.p12 });
    await page.getByTestId('signing-new-passphrase').fill('sai mật khẩu');
    await page.getByTestId('signing-install').click();
    await expect(page.getByText('Mật khẩu chứng thư số không đúng.')).toBeVisible();
    await page.getByTestId('signing-new-passphrase').fill(cert.passphrase);
    await page.getByTestId('signing-install').click();
    await expect(page.getByTestId('signing-certificate')).toContainText(ADMIN.fullName);
    await expect(page.getByTestId('signing-certificate')).toContainText('Đã mở khóa');
    await page.screenshot({ path: path.resolve(__dirname, '..', '..', 'test-results', 'areas', '7b-chu-ky-so.png') });

    // Số hóa: the next PDF will be signed, and is.
    await openApp(page, host, `#/so-hoa?dossier=${dossier.id}&component=${componentId}`);
    await expect(page.getByTestId('screen-digitize')).toBeVisible();
    await expect(page.getByTestId('signing-badge')).toContainText(`Sẽ ký số: ${ADMIN.fullName}`);
    await expect(page.getByTestId('signing-expiry')).toHaveText('Chứng thư số hết hạn sau 10 ngày: hãy gia hạn');
    await expect(page.getByTestId('page-thumb')).toHaveAttribute('data-ocr', /done|skipped|failed/, { timeout: 240_000 });
    await page.getByTestId('build-pdf').click();
    await expect(page.getByTestId('pdf-signed')).toContainText(`Đã ký số: ${ADMIN.fullName}`, { timeout: 180_000 });
    await page.screenshot({ path: path.resolve(__dirname, '..', '..', 'test-results', 'areas', '2c-so-hoa-da-ky-so.png') });
    const src = (await page.getByTestId('pdf-frame').getAttribute('src'))!;
    const pdf = await (await request.get(src)).body();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-sig-')), 'signed.pdf');
    fs.writeFileSync(file, pdf);
    fs.writeFileSync(path.resolve(__dirname, '..', '..', 'test-results', 'areas', 'signed.pdf'), pdf);
    const sig = spawnSync('pdfsig', [file], { encoding: 'utf8' });
    expect(sig.error, 'pdfsig (poppler-utils) must be installed').toBeUndefined();
    expect(sig.stdout).toContain('Signature is Valid.');
    fs.rmSync(path.dirname(file), { recursive: true, force: true });

    // Locked (as after signing in again): the badge asks for the passphrase in place.
    await api.ok('signing.lock');
    await page.reload();
    const badge = page.getByTestId('signing-badge');
    await expect(badge).toContainText('Chữ ký số đang khóa');
    await page.getByTestId('signing-passphrase').fill('sai');
    await page.getByTestId('signing-passphrase').press('Enter');
    await expect(page.getByText('Mật khẩu chứng thư số không đúng.')).toBeVisible();
    await page.getByTestId('signing-passphrase').fill(cert.passphrase);
    await page.getByTestId('signing-passphrase').press('Enter');
    await expect(badge).toContainText(`Sẽ ký số: ${ADMIN.fullName}`);
  } finally {
    // Other specs share this host and build unsigned PDFs.
    await api.call('signing.remove');
  }
});

test('chọn chứng thư số trên USB token (PKCS#11) và tạo PDF được ký trên token', async ({ page, host, api, request }) => {
  test.skip(!process.env.MOTCUA_E2E_TOKEN, `Không có USB token thử nghiệm: ${process.env.MOTCUA_E2E_NO_TOKEN ?? 'máy chủ thử do người chạy tự khởi động'}`);
  const token = JSON.parse(process.env.MOTCUA_E2E_TOKEN!) as { library: string; serial: string; pin: string };
  await api.ensureSignedIn();
  const proc = await api.createProcedure();
  const dossier = await api.createDossier(proc.id);
  const componentId = dossier.components[0]!.id;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1654" height="2339"><rect width="100%" height="100%" fill="#fff"/><text x="200" y="300" font-size="60" font-family="DejaVu Sans">TỜ KHAI</text></svg>`;
  await api.ok('digitize.importFiles', { componentId, files: [{ name: 'to-khai.png', dataBase64: (await sharp(Buffer.from(svg)).png().toBuffer()).toString('base64') }] });
  try {
    // IT allows the vendor's library in the machine policy (test/e2e/host.ts); the officer then
    // finds the token and picks the certificate.
    expect((await api.ok('policy.get')).values.tokenLibraries).toContain(token.library);
    await openApp(page, host, '#/cai-dat');
    await expectShell(page);
    await page.getByRole('tab', { name: 'Chữ ký số' }).click();
    await page.getByTestId('signing-mode').getByText('USB token').click();
    await page.getByTestId('signing-find-tokens').click();
    const form = page.getByTestId('signing-token-form');
    await expect(form).toContainText(`${ADMIN.fullName} — UBND xã Tân Lập`);
    await expect(form).toContainText(`motcua-e2e (${token.serial})`);
    await page.getByTestId('signing-token-pin').fill('000000');
    await page.getByTestId('signing-use-token').click();
    await expect(page.getByText('Mã PIN của USB token không đúng.', { exact: false })).toBeVisible();
    await page.getByTestId('signing-token-pin').fill(token.pin);
    await page.getByTestId('signing-use-token').click();
    await expect(page.getByTestId('signing-certificate')).toContainText(`Trên USB token (số sê-ri ${token.serial})`);
    await expect(page.getByTestId('signing-certificate')).toContainText('Đã mở khóa');
    await page.screenshot({ path: path.resolve(__dirname, '..', '..', 'test-results', 'areas', '7c-chu-ky-so-usb-token.png') });

    await openApp(page, host, `#/so-hoa?dossier=${dossier.id}&component=${componentId}`);
    await expect(page.getByTestId('signing-badge')).toContainText(`Sẽ ký số: ${ADMIN.fullName}`);
    await expect(page.getByTestId('page-thumb')).toHaveAttribute('data-ocr', /done|skipped|failed/, { timeout: 240_000 });
    await page.getByTestId('build-pdf').click();
    await expect(page.getByTestId('pdf-signed')).toContainText(`Đã ký số: ${ADMIN.fullName}`, { timeout: 180_000 });
    const pdf = await (await request.get((await page.getByTestId('pdf-frame').getAttribute('src'))!)).body();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-sig-')), 'token.pdf');
    fs.writeFileSync(file, pdf);
    const sig = spawnSync('pdfsig', [file], { encoding: 'utf8' });
    expect(sig.stdout).toContain('Signature is Valid.');
    expect(sig.stdout).toContain(`Signer Certificate Common Name: ${ADMIN.fullName}`);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  } finally {
    await api.call('signing.remove');
  }
});
