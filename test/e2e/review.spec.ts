/// <reference lib="dom" />
// Reviewing a recognized page: a low-confidence word, clicked, is shown on the page image (a box
// where it is, the image zoomed to it); the image zooms; the screen says that misread words the
// engine was sure of are not highlighted.
import { expect, expectShell, openApp, test } from './fixtures';

test.describe.configure({ timeout: 300_000 });

test('bấm từ độ tin cậy thấp thì thấy chỗ đó trên ảnh trang; ảnh phóng to được', async ({ page, host, api }) => {
  await api.ensureSignedIn();
  const before = (await api.ok<{ lowConfidenceThreshold: number }>('settings.get')).lowConfidenceThreshold;
  // Every word counts as "low" for this test, so there is one to click whatever the engine reads.
  await api.ok('settings.update', { lowConfidenceThreshold: 100 });
  try {
    const proc = await api.createProcedure();
    const dossier = await api.createDossier(proc.id);
    await openApp(page, host, `#/so-hoa?dossier=${dossier.id}`);
    await expectShell(page);
    await expect(page.getByTestId('digitize-component')).toHaveCount(2);
    const b64 = await page.evaluate(() => {
      const c = document.createElement('canvas');
      c.width = 1654;
      c.height = 2339;
      const g = c.getContext('2d')!;
      g.fillStyle = '#fff';
      g.fillRect(0, 0, c.width, c.height);
      g.fillStyle = '#000';
      g.font = 'bold 64px "Noto Sans", "DejaVu Sans", sans-serif';
      g.fillText('TỜ KHAI ĐĂNG KÝ KHAI SINH', 200, 400);
      g.font = '56px "Noto Sans", "DejaVu Sans", sans-serif';
      g.fillText('Họ và tên: Trần Văn Bình', 200, 600);
      return c.toDataURL('image/png').split(',')[1]!;
    });
    await page.locator('input[type=file]').setInputFiles({ name: 'trang.png', mimeType: 'image/png', buffer: Buffer.from(b64, 'base64') });
    const thumb = page.getByTestId('page-thumb');
    await expect(thumb).toHaveCount(1, { timeout: 60_000 });
    await expect(thumb).toHaveAttribute('data-ocr', 'done', { timeout: 240_000 });
    await thumb.getByRole('button', { name: 'Kiểm tra chữ' }).first().click();
    const drawer = page.getByTestId('review-drawer');
    await expect(drawer.getByText('đọc sai mà vẫn “chắc chắn”', { exact: false })).toBeVisible();

    const image = drawer.getByTestId('review-image');
    await expect(image).toHaveJSProperty('complete', true);
    const fit = (await image.boundingBox())!;
    const word = drawer.getByTestId('low-word').first();
    await word.click();
    const box = drawer.getByTestId('word-box');
    await expect(box).toBeVisible();
    // The box lies on the image (the title line, in its upper part), and the image was zoomed to it.
    await expect(async () => {
      const img = (await image.boundingBox())!;
      const b = (await box.boundingBox())!;
      expect(img.width).toBeGreaterThan(fit.width * 1.5);
      expect(b.width).toBeGreaterThan(10);
      expect(b.x).toBeGreaterThanOrEqual(img.x);
      expect(b.x + b.width).toBeLessThanOrEqual(img.x + img.width + 1);
      expect(b.y - img.y).toBeLessThan(img.height * 0.4);
    }).toPass();
    // Zoom in further, then back to fit.
    await drawer.getByTestId('zoom-in').click();
    await expect.poll(async () => (await image.boundingBox())!.width).toBeGreaterThan(fit.width * 2.5);
    await drawer.getByRole('button', { name: 'Vừa khung' }).click();
    await expect.poll(async () => Math.round((await image.boundingBox())!.width)).toBe(Math.round(fit.width));
  } finally {
    await api.ok('settings.update', { lowConfidenceThreshold: before });
  }
});
