/// <reference lib="dom" />
// The app loads in the browser host: title, shell, Vietnamese labels; a screenshot for review.
import fs from 'node:fs';
import path from 'node:path';
import { expect, expectShell, openApp, test, UNIT, ADMIN } from './fixtures';

export const AREA_LABELS = ['Tiếp nhận', 'Số hóa', 'Hướng dẫn nộp trực tuyến', 'Hồ sơ', 'Thống kê', 'Đồng bộ', 'Cài đặt'];

test.beforeEach(async ({ api }) => {
  await api.ensureSignedIn();
});

test('ứng dụng tải được: tiêu đề, khung, nhãn tiếng Việt', async ({ page, host }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openApp(page, host);
  await expectShell(page);
  await expect(page).toHaveTitle(/Một Cửa Số/);
  expect(page.url()).not.toContain('token=');
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');

  const nav = page.getByRole('navigation', { name: 'Khu vực làm việc' });
  const items = nav.getByRole('menuitem');
  await expect(items).toHaveCount(7);
  for (let i = 0; i < AREA_LABELS.length; i++) await expect(items.nth(i)).toContainText(AREA_LABELS[i]!);

  await expect(page.getByTestId('unit-name')).toHaveText(UNIT.unitName);
  await expect(page.getByTestId('officer-name')).toContainText(ADMIN.fullName);
  // Nothing connects to the province's systems yet: the header says so, not "Trực tuyến".
  await expect(page.getByTestId('online-indicator')).toHaveText('Ngoại tuyến — chưa kết nối máy chủ tỉnh');
  await expect(page.getByRole('heading', { name: 'Tiếp nhận hồ sơ' })).toBeVisible();
  // Body text is at least 15 px for officers who read it all day.
  const size = await page.locator('body').evaluate((b) => parseFloat(getComputedStyle(b).fontSize));
  expect(size).toBeGreaterThanOrEqual(15);
  expect(errors).toEqual([]);

  const out = path.resolve(__dirname, '..', '..', 'test-results', 'shell.png');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await page.screenshot({ path: out, fullPage: false });
});

test('yêu cầu không có mã truy cập bị từ chối (401)', async ({ request, host }) => {
  const noToken = await request.post(`${host.origin}/api/app.info`, { data: {} });
  expect(noToken.status()).toBe(401);
  const wrongToken = await request.post(`${host.origin}/api/app.info`, { data: {}, headers: { 'x-motcua-token': 'sai-ma' } });
  expect(wrongToken.status()).toBe(401);
  const files = await request.get(`${host.origin}/files/pdf/khong-co`);
  expect(files.status()).toBe(401);
});

test('trang không có mã truy cập giải thích cách mở lại', async ({ page, host }) => {
  await page.goto(`${host.origin}/`);
  await expect(page.getByText('Không truy cập được')).toBeVisible();
  await expect(page.getByText(/Thiếu mã truy cập|Mã truy cập không hợp lệ/)).toBeVisible();
});
