// Copies must be scanned at ≥ 200 dpi (Circular 01/2019): Số hóa names pages below that, and says so
// again when the PDF is made (not blocked: the originals may have gone home with the citizen).
import { expect, expectShell, openApp, test } from './fixtures';

test.beforeEach(async ({ api }) => {
  await api.ensureSignedIn();
});

test('trang quét 150 dpi: Số hóa cảnh báo và Tạo PDF nêu trang chưa đạt', async ({ page, host, api }) => {
  const procedure = await api.createProcedure();
  const dossier = await api.createDossier(procedure.id);
  await openApp(page, host, `#/so-hoa?dossier=${dossier.id}`);
  await expectShell(page);
  await expect(page.getByTestId('digitize-component')).toHaveCount(2);
  await expect(page.getByTestId('low-dpi-warning')).toHaveCount(0);

  // An A4 page at 150 dpi (1240 × 1754 px), drawn by the browser.
  const b64 = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 1240;
    c.height = 1754;
    const g = c.getContext('2d')!;
    g.fillStyle = '#fff';
    g.fillRect(0, 0, c.width, c.height);
    g.fillStyle = '#000';
    g.font = '40px "DejaVu Sans", sans-serif';
    g.fillText('Tờ khai đăng ký khai sinh', 200, 300);
    return c.toDataURL('image/png').split(',')[1]!;
  });
  await page.locator('input[type=file]').setInputFiles({ name: 'quet-150dpi.png', mimeType: 'image/png', buffer: Buffer.from(b64, 'base64') });
  await expect(page.getByTestId('page-thumb')).toHaveCount(1, { timeout: 60_000 });
  const pages = await api.ok<{ dpi: number }[]>('digitize.pages', { componentId: dossier.components[0]!.id });
  expect(Math.round(pages[0]!.dpi)).toBe(150);
  await expect(page.getByTestId('low-dpi-warning')).toContainText('Độ phân giải dưới 200 dpi: trang 1 (150 dpi).');

  await page.getByTestId('build-pdf').click();
  await expect(page.getByText('PDF có trang quét dưới 200 dpi, chưa đạt chuẩn bản sao điện tử: trang 1 (150 dpi).')).toBeVisible();
});
