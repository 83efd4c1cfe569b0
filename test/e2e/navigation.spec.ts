// All seven areas, by click and by Alt+1…Alt+7; focus lands on the area's first field.
import { expect, expectShell, openApp, test } from './fixtures';

const AREAS = [
  { key: 'reception', label: 'Tiếp nhận', heading: 'Tiếp nhận hồ sơ', hash: '#/tiep-nhan' },
  { key: 'digitize', label: 'Số hóa', heading: 'Số hóa hồ sơ', hash: '#/so-hoa' },
  { key: 'onlineGuide', label: 'Hướng dẫn nộp trực tuyến', heading: 'Hướng dẫn nộp trực tuyến', hash: '#/huong-dan-truc-tuyen' },
  { key: 'dossiers', label: 'Hồ sơ', heading: 'Hồ sơ', hash: '#/ho-so' },
  { key: 'stats', label: 'Thống kê', heading: 'Thống kê', hash: '#/thong-ke' },
  { key: 'sync', label: 'Đồng bộ', heading: 'Đồng bộ', hash: '#/dong-bo' },
  { key: 'settings', label: 'Cài đặt', heading: 'Cài đặt', hash: '#/cai-dat' },
];

test.beforeEach(async ({ api, page, host }) => {
  await api.ensureSignedIn();
  await openApp(page, host);
  await expectShell(page);
});

test('chuyển khu vực bằng chuột', async ({ page }) => {
  for (const a of [...AREAS].reverse()) {
    await page.getByTestId(`nav-${a.key}`).click();
    await expect(page.getByTestId(`screen-${a.key}`)).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: a.heading, exact: true })).toBeVisible();
    expect(new URL(page.url()).hash).toBe(a.hash);
    await expect(page.getByTestId(`nav-${a.key}`)).toHaveClass(/ant-menu-item-selected/);
  }
});

test('chuyển khu vực bằng Alt+1…Alt+7', async ({ page }) => {
  for (let i = AREAS.length - 1; i >= 0; i--) {
    const a = AREAS[i]!;
    await page.keyboard.press(`Alt+${i + 1}`);
    await expect(page.getByTestId(`screen-${a.key}`)).toBeVisible();
    await expect(page).toHaveTitle(new RegExp(`^${a.label}`));
  }
  // Alt works from inside a text field too, and focus lands on the new area's first field.
  await page.keyboard.press('Alt+4');
  await expect(page.getByTestId('dossier-search').locator('input')).toBeFocused();
  await page.keyboard.type('abc');
  await page.keyboard.press('Alt+1');
  await expect(page.getByTestId('screen-reception')).toBeVisible();
  await expect(page.getByPlaceholder('Tìm tên hoặc mã thủ tục')).toBeFocused();
});

test('Đồng bộ: nói rõ khi máy chưa có địa chỉ máy chủ tỉnh, và đếm các mục chờ gửi', async ({ page }) => {
  await page.keyboard.press('Alt+6');
  await expect(page.getByTestId('screen-sync')).toBeVisible();
  await expect(page.getByText('Máy này chưa có địa chỉ máy chủ tỉnh', { exact: false })).toBeVisible();
  await expect(page.getByTestId('sync-connection')).toContainText('Chưa đồng bộ lần nào');
  await expect(page.getByTestId('sync-pending')).toContainText('Chờ gửi');
  await expect(page.getByTestId('sync-now')).toBeDisabled();
  await page.screenshot({ path: 'test-results/sync-screen.png', fullPage: true });
});

test('Cài đặt: thông tin ứng dụng, kiểm tra hệ thống, cán bộ', async ({ page }) => {
  await page.keyboard.press('Alt+7');
  await expect(page.getByTestId('settings-form')).toBeVisible();
  await page.getByRole('tab', { name: 'Giới thiệu' }).click();
  await expect(page.getByTestId('app-info')).toContainText('Trình duyệt (máy chủ cục bộ)');
  await page.getByRole('tab', { name: 'Kiểm tra hệ thống' }).click();
  await expect(page.getByTestId('doctor-checks')).toBeVisible();
  await page.getByRole('tab', { name: 'Cán bộ' }).click();
  await expect(page.getByRole('cell', { name: 'quantri' })).toBeVisible();
});
