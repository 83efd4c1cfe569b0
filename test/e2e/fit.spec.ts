// What the desk prints and the dialogs it opens fit: the citizen guide prints whole on A4 with its
// steps in a readable column, and at 1366×768 the receipt dialog's and the citizen view's buttons
// are on the screen (the dialog's body scrolls, its buttons do not).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, expectShell, openApp, test } from './fixtures';

test.use({ viewport: { width: 1366, height: 768 } });

test.beforeEach(async ({ api }) => {
  await api.ensureSignedIn();
});

async function expectOnScreen(page: Page, button: Locator): Promise<void> {
  await expect(button).toBeVisible();
  const box = (await button.boundingBox())!;
  const vp = page.viewportSize()!;
  expect(box.y, 'top of the button').toBeGreaterThanOrEqual(0);
  expect(box.y + box.height, 'bottom of the button').toBeLessThanOrEqual(vp.height);
}

const MANY = Array.from({ length: 9 }, (_, i) => ({ name: `Giấy tờ kèm theo số ${i + 1} (bản sao có chứng thực hoặc bản chính để đối chiếu)`, required: i < 5, copies: 1 }));

test('hướng dẫn cho người dân: in đủ các bước trên A4, nút bấm trong màn hình 1366×768', async ({ page, host, api }) => {
  const procedure = await api.createProcedure({ feeBearing: true, components: MANY });
  await openApp(page, host, '#/huong-dan-truc-tuyen');
  await expectShell(page);
  await page.getByTestId('procedure-search').locator('input').fill(procedure.code);
  await page.getByTestId('procedure-item').filter({ hasText: procedure.name }).click();
  await page.getByTestId('open-citizen-view').click();
  const view = page.getByTestId('citizen-view');
  await expect(view).toBeVisible();
  await expectOnScreen(page, view.getByRole('button', { name: 'In hướng dẫn' }));
  await expectOnScreen(page, view.getByRole('button', { name: 'Đóng' }));

  // Printed on A4: every step is there, and each step's text runs in lines of many words.
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'guide-')), 'g.pdf');
  await page.emulateMedia({ media: 'print' });
  fs.writeFileSync(file, await page.pdf({ format: 'A4', printBackground: true }));
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  for (const step of ['Đăng nhập Cổng Dịch vụ công quốc gia', 'Đính kèm giấy tờ', 'Nộp phí, lệ phí trực tuyến', 'Nộp hồ sơ và theo dõi kết quả']) expect(text).toContain(step);
  expect(text).toContain('Giấy tờ kèm theo số 9');
  expect(text).toMatch(/Thời hạn giải\s+quyết:\s+3\s+ngày\s+làm\s+việc/);
  // "Thông tin cá nhân được lấy sẵn từ Cơ sở dữ liệu…" is not broken after every few words.
  const line = text.split('\n').find((l) => l.includes('Thông tin cá nhân'))!;
  expect(line.trim().split(/\s+/).length).toBeGreaterThanOrEqual(8);
  // Nothing of the officer's screen is printed.
  expect(text).not.toContain('Hôm nay đã hướng dẫn');
});

test('giấy tiếp nhận: nút “Đóng” và “Mở trong cửa sổ mới” trong màn hình 1366×768', async ({ page, host, api }) => {
  const procedure = await api.createProcedure();
  const dossier = await api.createDossier(procedure.id, 'Lê Thị Hoa');
  await openApp(page, host, '#/ho-so');
  await expectShell(page);
  await page.getByTestId('dossier-search').locator('input').fill(dossier.code);
  await page.getByTestId('dossier-search').locator('input').press('Enter');
  await page.getByTestId('dossier-row').filter({ hasText: dossier.code }).click();
  await page.getByTestId('dossier-drawer').getByTestId('print-receipt').click();
  await expect(page.getByTestId('receipt-frame')).toBeVisible();
  const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('receipt-frame') });
  await expectOnScreen(page, dialog.locator('.ant-modal-footer').getByRole('button', { name: 'Đóng' }));
  await expectOnScreen(page, dialog.locator('.ant-modal-footer').getByRole('link', { name: 'Mở trong cửa sổ mới' }).or(dialog.locator('.ant-modal-footer').getByRole('button', { name: 'Mở trong cửa sổ mới' })));
});
