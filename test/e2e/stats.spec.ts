// Thống kê through the browser host: the index criteria and totals of this month come from the real
// store, follow new dossiers without a reload, and a custom period with no dossiers says so.
import { expect, expectShell, openApp, test, ADMIN } from './fixtures';

test.beforeEach(async ({ api }) => {
  await api.ensureSignedIn();
});

test('thống kê tháng này theo Bộ chỉ số, theo cán bộ, tự cập nhật khi có hồ sơ mới', async ({ page, host, api }) => {
  const procedure = await api.createProcedure({ resultIsPaper: false });
  await api.createDossier(procedure.id, 'Phạm Thị Thu');
  await openApp(page, host, '#/thong-ke');
  await expectShell(page);
  await expect(page.getByTestId('screen-stats')).toBeVisible();

  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  const period = { from: `${today.slice(0, 8)}01`, to: today };
  const before = await api.ok('metrics.index', period);
  expect(before.received).toBeGreaterThan(0);
  await expect(page.getByTestId('stats-period')).toContainText(`${before.received} hồ sơ`);
  await expect(page.getByTestId('stats-onTime')).toContainText(`${before.onTime.count}/${before.received} hồ sơ`);
  await expect(page.getByTestId('stats-online')).toContainText('Nộp trực tuyến');
  await expect(page.getByTestId('stats-payment')).toContainText('Quầy chưa ghi nhận dữ liệu này');
  const officerRow = page.getByTestId('stats-by-officer').locator('tr').filter({ hasText: ADMIN.fullName });
  await expect(officerRow).toBeVisible();

  // A dossier received elsewhere (another window, the API) shows up without a reload.
  await api.createDossier(procedure.id, 'Đỗ Văn Hải');
  await expect(page.getByTestId('stats-period')).toContainText(`${before.received + 1} hồ sơ`);

  // A custom period long ago: nothing received, and the tables say so.
  await page.getByText('Tùy chọn', { exact: true }).click();
  await page.getByLabel('Từ ngày').fill('2020-01-01');
  await page.getByLabel('Đến ngày').fill('2020-01-31');
  await expect(page.getByTestId('stats-period')).toContainText('01/01/2020');
  await expect(page.getByTestId('stats-period')).toContainText(': 0 hồ sơ');
  await expect(page.getByTestId('stats-by-officer')).toContainText('Không có hồ sơ trong khoảng thời gian này.');
});
