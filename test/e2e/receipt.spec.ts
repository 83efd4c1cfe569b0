// "In giấy tiếp nhận" from Hồ sơ: Form 01 opens in the app's PDF viewer, served by the host.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, expectShell, openApp, test } from './fixtures';

test.beforeEach(async ({ api }) => {
  await api.ensureSignedIn();
});

test('in giấy tiếp nhận (Mẫu 01) có mã QR từ Hồ sơ', async ({ page, host, api }) => {
  const procedure = await api.createProcedure();
  const dossier = await api.createDossier(procedure.id, 'Vũ Thị Mai');
  await openApp(page, host, '#/ho-so');
  await expectShell(page);
  await page.getByTestId('dossier-search').locator('input').fill(dossier.code);
  await page.getByTestId('dossier-search').locator('input').press('Enter');
  await page.getByTestId('dossier-row').filter({ hasText: dossier.code }).click();
  await page.getByTestId('dossier-drawer').getByTestId('print-receipt').click();
  const frame = page.getByTestId('receipt-frame');
  await expect(frame).toBeVisible();
  const src = await frame.getAttribute('src');
  expect(src).toContain('/files/receipt/');
  const res = await page.request.get(src!);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('application/pdf');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'receipt-')), 'r.pdf');
  fs.writeFileSync(file, await res.body());
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  expect(text).toContain(`Mã hồ sơ: ${dossier.code}`);
  expect(text).toContain('Ông/Bà: Vũ Thị Mai');
  await page.getByRole('button', { name: 'Đóng' }).last().click();
  await expect(frame).toBeHidden();
});
