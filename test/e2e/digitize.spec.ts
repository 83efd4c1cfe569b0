/// <reference lib="dom" />
// Số hóa end to end: upload a page image generated in the browser, wait for OCR, review the text,
// build the PDF and see it, then find the page by full-text search without accents.
import path from 'node:path';
import { expect, expectShell, openApp, test } from './fixtures';

// The shared host keeps every earlier run's pages: this run's page carries a village name of its own
// (three common words, so OCR reads them reliably) and the full-text search looks for that.
const WORDS = ['Hòa', 'Bình', 'Phú', 'Lộc', 'Thành', 'Đông', 'Tây', 'Xuân', 'Thu', 'Trung', 'Mỹ', 'Quang'];
const run = Date.now();
const VILLAGE = [0, 1, 2].map((i) => WORDS[Math.floor(run / 12 ** i) % 12]!).join(' ');
const LINES = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', '', 'TỜ KHAI ĐĂNG KÝ KHAI SINH', 'Họ và tên: Trần Văn Bình', `Nơi cư trú: thôn ${VILLAGE}`];

function fold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'd').toLowerCase();
}

test.describe.configure({ timeout: 300_000 });

test('tải ảnh trang, chờ OCR, tạo PDF và xem trong ứng dụng', async ({ page, host, api, request }) => {
  await api.ensureSignedIn();
  const proc = await api.createProcedure();
  const dossier = await api.createDossier(proc.id);
  // The digitize service answers (a new component has no pages yet); any error fails here, clearly.
  const probe = await api.call('digitize.pages', { componentId: dossier.components[0]!.id });
  expect(probe.ok, probe.ok ? '' : `${probe.error.code}: ${probe.error.message}`).toBe(true);
  expect(probe.ok && probe.result).toEqual([]);

  await openApp(page, host, `#/so-hoa?dossier=${dossier.id}`);
  await expectShell(page);
  await expect(page.getByTestId('screen-digitize')).toBeVisible();
  await expect(page.getByTestId('digitize-component')).toHaveCount(2);
  await expect(page.getByTestId('no-pages')).toBeVisible();

  // A 200-dpi A4 page with Vietnamese text, drawn by the browser itself.
  const b64 = await page.evaluate((lines) => {
    const c = document.createElement('canvas');
    c.width = 1654;
    c.height = 2339;
    const g = c.getContext('2d')!;
    g.fillStyle = '#fff';
    g.fillRect(0, 0, c.width, c.height);
    g.fillStyle = '#000';
    g.textAlign = 'center';
    lines.forEach((line, i) => {
      g.font = i < 2 || i === 3 ? 'bold 58px "Noto Sans", "DejaVu Sans", sans-serif' : '54px "Noto Sans", "DejaVu Sans", sans-serif';
      g.fillText(line, c.width / 2, 260 + i * 120);
    });
    return c.toDataURL('image/png').split(',')[1]!;
  }, LINES);

  await page.locator('input[type=file]').setInputFiles({ name: 'to-khai-trang-1.png', mimeType: 'image/png', buffer: Buffer.from(b64, 'base64') });
  const thumb = page.getByTestId('page-thumb');
  await expect(thumb).toHaveCount(1, { timeout: 60_000 });
  await thumb.scrollIntoViewIfNeeded();
  await expect(thumb.locator('img')).toHaveJSProperty('complete', true);
  await expect(thumb).toHaveAttribute('data-ocr', /done|skipped|failed/, { timeout: 240_000 });
  await expect(thumb).toHaveAttribute('data-ocr', 'done');
  const naturalWidth = await thumb.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth);
  expect(naturalWidth).toBeGreaterThan(0);
  // The thumbnail itself must be served at /files/thumb/<imageId> (the grid falls back to the full
  // page image when it is not, so check the endpoint directly; soft, so the rest of the flow runs).
  const pages = await api.ok<{ imageId: string }[]>('digitize.pages', { componentId: dossier.components[0]!.id });
  const thumbRes = await request.get(`${host.origin}/files/thumb/${pages[0]!.imageId}?token=${host.token}&session=${host.sessionId}`);
  expect.soft(thumbRes.status(), 'GET /files/thumb/<page.imageId>').toBe(200);
  expect.soft(thumbRes.headers()['content-type'] ?? '').toContain('image/');

  // Review panel: recognized text next to the image.
  await thumb.getByRole('button', { name: 'Kiểm tra chữ' }).first().click();
  const ocr = page.getByTestId('ocr-text');
  await expect(ocr).toBeVisible();
  const text = fold((await ocr.textContent()) ?? '');
  expect(text).toMatch(/doc lap|hanh phuc|khai sinh/);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('ocr-text')).toBeHidden();

  // Build the PDF and see it inside the app.
  await page.getByTestId('build-pdf').click();
  const frame = page.getByTestId('pdf-frame');
  await expect(frame).toBeVisible({ timeout: 180_000 });
  const src = (await frame.getAttribute('src'))!;
  const pdf = await request.get(src);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toContain('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  await expect(page.getByTestId('digitize-component').first()).toContainText('Đã có PDF');
  await page.getByTestId('pages-grid').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.resolve(__dirname, '..', '..', 'test-results', 'areas', '2b-so-hoa-pdf.png') });

  // Full-text search over recognized text, typed without accents.
  await page.keyboard.press('Alt+4');
  const fts = page.getByTestId('fulltext-search').locator('input');
  await fts.fill(`thon ${fold(VILLAGE)}`);
  await fts.press('Enter');
  await expect(page.getByTestId('fulltext-results')).toContainText(dossier.code);
});
