// Số hóa as an officer moves around: the chosen dossier stays when coming back from another area,
// each component shows the pages captured so far (not the PDF's count, 0 until built), and building
// a PDF of 2 pages says 2 pages (not "3/3").
import type { BrowserContext } from '@playwright/test';
import { expect, expectShell, openApp, test } from './fixtures';

async function twoPagePdf(context: BrowserContext): Promise<Buffer> {
  const maker = await context.newPage();
  await maker.setContent(`<html lang="vi"><body style="font: 16pt 'Noto Sans', sans-serif"><p>Trang thứ nhất của tờ khai</p><p style="break-before: page">Trang thứ hai của tờ khai</p></body></html>`);
  const pdf = await maker.pdf({ format: 'A4' });
  await maker.close();
  return pdf;
}

test('Số hóa nhớ hồ sơ đang chọn, đếm trang đã thu nhận, tạo PDF báo đúng số trang', async ({ page, host, api, context }) => {
  await api.ensureSignedIn();
  const procedure = await api.createProcedure();
  const dossier = await api.createDossier(procedure.id);
  await openApp(page, host, `#/so-hoa?dossier=${dossier.id}`);
  await expectShell(page);
  const items = page.getByTestId('digitize-component');
  await expect(items).toHaveCount(2);

  // Away to Hồ sơ and back by the menu: the same dossier.
  await page.getByTestId('nav-dossiers').click();
  await expect(page.getByTestId('screen-dossiers')).toBeVisible();
  await page.getByTestId('nav-digitize').click();
  await expect(items).toHaveCount(2);
  await expect(page.getByTestId('screen-digitize')).toContainText(dossier.code);

  await page.locator('input[type=file]').setInputFiles({ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: await twoPagePdf(context) });
  await expect(page.getByTestId('page-thumb')).toHaveCount(2, { timeout: 60_000 });
  // Captured, not yet a PDF: the component says 2 pages.
  await expect(items.first().getByTestId('captured-pages')).toHaveText('2 trang');
  await expect(items.nth(1).getByTestId('captured-pages')).toHaveText('0 trang');

  await page.getByTestId('build-pdf').click();
  await expect(page.getByTestId('pdf-frame')).toBeVisible({ timeout: 120_000 });
  const job = page.getByTestId('job').filter({ hasText: 'Tạo PDF' });
  await expect(job).toContainText('2 trang');
  await expect(job).not.toContainText('3/3');
  await expect(items.first()).toContainText('Đã có PDF (2 trang)');
});
