// Cài đặt → Thủ tục → Nhập: an administrator imports the province's catalog from a CSV file with a
// broken row (reported by its line; the good rows import), then at Tiếp nhận “dang ky khai sinh”
// and “DKKS” find “Đăng ký khai sinh”. On a host of its own (an empty desk), with axe on the screen.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, expectShell, HostApi, newSessionId, openApp, test } from './fixtures';

test.use({ viewport: { width: 1366, height: 768 } });

const CSV = [
  'Mã thủ tục,Tên thủ tục,Lĩnh vực,Cấp thực hiện,Số ngày giải quyết,Sau 15 giờ tính ngày tiếp theo,Phí và lệ phí,Thành phần hồ sơ',
  '1.004884,Đăng ký lại khai sinh,Hộ tịch,xã,5,không,Lệ phí: 5.000,"Tờ khai (bản chính, 1 bản); Giấy tờ tùy thân (xuất trình)"',
  '1.001193,Đăng ký khai sinh,Hộ tịch,xã,0,có,Lệ phí đúng hạn: 0,"Tờ khai đăng ký khai sinh (bản chính, 1 bản); Giấy chứng sinh (bản chính, 1 bản)"',
  '1.000894,Đăng ký kết hôn,Hộ tịch,quận,-2,có,,',
  '1.001695,Đăng ký khai sinh có yếu tố nước ngoài,Hộ tịch,tỉnh,10,không,Lệ phí: 50.000,Tờ khai (bản chính)',
  '2.000884,Chứng thực chữ ký,Chứng thực,xã,0,có,Phí: 10.000,Giấy tờ tùy thân (xuất trình)',
].join('\r\n');

async function expectNoSeriousViolations(page: Page, where: string): Promise<void> {
  await page.waitForTimeout(400);
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${where}: [${v.impact}] ${v.id} – ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}`).join('\n')}`);
  expect.soft(report, report.join('\n')).toEqual([]);
}

test('nhập danh mục thủ tục từ tệp CSV có dòng lỗi, rồi tìm “dang ky khai sinh” và “DKKS” ở Tiếp nhận', async ({ page, request, freshHost }) => {
  const host = { url: freshHost.url, origin: freshHost.origin, token: freshHost.token, sessionId: newSessionId() };
  const api = new HostApi(request, host);
  await api.ensureSignedIn();
  await openApp(page, host, '#/cai-dat');
  await expectShell(page);
  await page.getByRole('tab', { name: 'Thủ tục', exact: true }).click();
  await expect(page.getByTestId('procedures-tab')).toBeVisible();
  await expectNoSeriousViolations(page, 'Cài đặt › Thủ tục');

  // The file is checked first: what would change, and the broken row by its line.
  await page.getByTestId('catalog-file').setInputFiles({ name: 'danh-muc-tinh.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${CSV}`, 'utf8') });
  const report = page.getByTestId('catalog-report');
  await expect(report).toContainText('Kiểm tra tệp danh-muc-tinh.csv: chưa ghi gì');
  await expect(page.getByTestId('catalog-summary')).toHaveText('5 thủ tục trong tệp · thêm mới 4 · cập nhật 0 · không đổi 0 · ngừng áp dụng 0');
  const errors = page.getByTestId('catalog-errors');
  await expect(errors).toContainText('Dòng 4 (mã 1.000894): Cấp thực hiện: không rõ “quận”');
  await expect(errors).toContainText('Số ngày giải quyết: phải là số không âm, không phải “-2”.');
  await expect(errors.getByRole('listitem')).toHaveCount(1);
  await expectNoSeriousViolations(page, 'Cài đặt › Thủ tục (kiểm tra tệp)');
  // Nothing is stored before the officer confirms.
  expect(await api.ok('procedures.search', { query: '' })).toEqual([]);

  await page.getByTestId('catalog-apply').click();
  await expect(report).toContainText('Đã nhập tệp danh-muc-tinh.csv');
  await expect(page.getByTestId('catalog-table')).toContainText('Đăng ký khai sinh có yếu tố nước ngoài');
  await expect(page.getByTestId('catalog-table')).toContainText('Cấp tỉnh');
  await expect(page.getByTestId('catalog-table')).not.toContainText('Đăng ký kết hôn');

  // Tiếp nhận: typed without accents, and as initials.
  await page.evaluate(() => (window.location.hash = '#/tiep-nhan'));
  const search = page.getByTestId('procedure-search').locator('input');
  await search.fill('dang ky khai sinh');
  const items = page.getByTestId('procedure-item');
  await expect(items).toHaveCount(3);
  await expect(items.first()).toContainText('Đăng ký khai sinh');
  await expect(items.first()).toContainText('1.001193');
  await search.fill('DKKS');
  await expect(items.first()).toContainText('1.001193');
  await expect(items).toHaveCount(3); // khai sinh; … có yếu tố nước ngoài; đăng ký (lại) khai sinh
  // Enter picks it: the components imported are the ones to tick.
  await search.press('Enter');
  await expect(page.getByTestId('reception-form')).toContainText('Giấy chứng sinh');
  await expect(page.getByTestId('reception-form')).toContainText('trong ngày');
});

test('Tiếp nhận trên quầy chưa có thủ tục: quản trị viên nạp danh mục mẫu', async ({ page, request, freshHost }) => {
  const host = { url: freshHost.url, origin: freshHost.origin, token: freshHost.token, sessionId: newSessionId() };
  const api = new HostApi(request, host);
  await api.ensureSignedIn();
  await openApp(page, host, '#/tiep-nhan');
  await expectShell(page);
  await page.getByTestId('reception-sample').click();
  await expect(page.getByText('Mẫu — kiểm tra với danh mục của tỉnh', { exact: false })).toBeVisible();
  await page.getByRole('button', { name: 'Nạp danh mục mẫu' }).last().click();
  await page.getByTestId('procedure-search').locator('input').fill('dkkh');
  await expect(page.getByTestId('procedure-item').first()).toContainText('Đăng ký kết hôn');
});
