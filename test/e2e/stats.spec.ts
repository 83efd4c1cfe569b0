// Thống kê through the browser host: the index criteria and totals of this month come from the real
// store, follow new dossiers without a reload, and a custom period with no dossiers says so.
import AxeBuilder from '@axe-core/playwright';
import ExcelJS from 'exceljs';
import { toLocalDay } from '../../shared/domain/vietnam-time';
import { expect, expectShell, HostApi, newSessionId, openApp, test, ADMIN } from './fixtures';

test.beforeEach(async ({ api }) => {
  await api.ensureSignedIn();
});

test('thống kê tháng này theo Bộ chỉ số, theo cán bộ, tự cập nhật khi có hồ sơ mới', async ({ page, host, api }) => {
  const procedure = await api.createProcedure({ resultIsPaper: false });
  await api.createDossier(procedure.id, 'Phạm Thị Thu');
  await openApp(page, host, '#/thong-ke');
  await expectShell(page);
  await expect(page.getByTestId('screen-stats')).toBeVisible();

  const today = toLocalDay(Date.now());
  const period = { from: `${today.slice(0, 8)}01`, to: today };
  const before = await api.ok('metrics.index', period);
  expect(before.received).toBeGreaterThan(0);
  await expect(page.getByTestId('stats-period')).toContainText(`${before.received} hồ sơ`);
  await expect(page.getByTestId('stats-onTime')).toContainText(`${before.onTime.count}/${before.received} hồ sơ`);
  await expect(page.getByTestId('stats-online')).toContainText('Nộp trực tuyến');
  // No fee-bearing dossier yet: nothing to count for online payment.
  await expect(page.getByTestId('stats-payment')).toContainText('Chưa có dữ liệu');
  const officerRow = page.getByTestId('stats-by-officer').locator('tr').filter({ hasText: ADMIN.fullName });
  await expect(officerRow).toBeVisible();

  // A dossier received elsewhere (another window, the API) shows up without a reload.
  await api.createDossier(procedure.id, 'Đỗ Văn Hải');
  await expect(page.getByTestId('stats-period')).toContainText(`${before.received + 1} hồ sơ`);

  // A custom period long ago: nothing received, and the tables say so.
  await page.getByText('Tùy chọn', { exact: true }).click();
  await page.getByLabel('Từ ngày').fill('01/01/2020');
  await page.getByLabel('Từ ngày').press('Enter');
  await page.getByLabel('Đến ngày').fill('31/01/2020');
  await page.getByLabel('Đến ngày').press('Enter');
  await expect(page.getByTestId('stats-period')).toContainText('01/01/2020');
  await expect(page.getByTestId('stats-period')).toContainText(': 0 hồ sơ');
  await expect(page.getByTestId('stats-by-officer')).toContainText('Không có hồ sơ trong khoảng thời gian này.');
});

test('đặt mục tiêu chiến dịch và theo dõi tiến độ tự động', async ({ page, host, api }) => {
  await api.ok('settings.update', { campaign: null });
  await openApp(page, host, '#/thong-ke');
  await expectShell(page);
  const today = toLocalDay(Date.now());
  await page.getByTestId('campaign-new').click();
  await page.getByTestId('campaign-name').fill('Chiến dịch 92 ngày');
  await page.getByTestId('campaign-from').fill(`01/${today.slice(5, 7)}/${today.slice(0, 4)}`);
  await page.getByTestId('campaign-from').press('Tab');
  await page.getByTestId('campaign-to').fill('31/12/2099');
  await page.getByTestId('campaign-to').press('Tab');
  await page.getByRole('dialog').getByLabel('Giải quyết đúng hạn').fill('');
  await page.getByTestId('campaign-save').click();
  await expect(page.getByText('Đã lưu chiến dịch.')).toBeVisible();
  const card = page.getByTestId('stats-campaign');
  await expect(card).toContainText('Chiến dịch: Chiến dịch 92 ngày');
  await expect(card).toContainText('còn');
  // Online 80 % and digitization 100 % (the defaults); no on-time target was set.
  await expect(card.getByTestId('campaign-online')).toContainText('mục tiêu 80,0 %');
  await expect(card.getByTestId('campaign-digitization')).toContainText('mục tiêu 100,0 %');
  await expect(card.getByTestId('campaign-onTime')).toHaveCount(0);
  const progress = await api.ok('metrics.index', { from: `${today.slice(0, 8)}01`, to: today });
  await expect(card.getByTestId('campaign-online')).toContainText(progress.online.rate >= 0.8 ? 'Đạt' : 'Chưa đạt');
  const saved = await api.ok('settings.get');
  expect(saved.campaign).toMatchObject({ name: 'Chiến dịch 92 ngày', to: '2099-12-31', targets: { online: 0.8, digitization: 1, onTime: null } });
  // Ending it removes the card.
  await card.getByRole('button', { name: 'Sửa mục tiêu' }).click();
  await page.getByRole('button', { name: 'Kết thúc theo dõi' }).click();
  await expect(card).toBeHidden();
  expect((await api.ok('settings.get')).campaign).toBeNull();
});

test('ngày gõ theo dd/mm/yyyy dù trình duyệt ở ngôn ngữ nào; lỗi là câu tiếng Việt', async ({ browser, host, api }) => {
  // A browser in US English (its native date input would be mm/dd/yyyy).
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await api.ok('settings.update', { campaign: null });
  await openApp(page, host, '#/thong-ke');
  await expectShell(page);
  await page.getByTestId('campaign-new').click();
  await page.getByTestId('campaign-name').fill('Chiến dịch cuối năm');
  await page.getByTestId('campaign-from').fill('01/11/2026');
  await page.getByTestId('campaign-from').press('Tab');
  await expect(page.getByTestId('campaign-from')).toHaveValue('01/11/2026');
  // The end before the start: said in Vietnamese, nothing sent.
  await page.getByTestId('campaign-to').fill('31/10/2026');
  await page.getByTestId('campaign-to').press('Tab');
  await page.getByTestId('campaign-save').click();
  await expect(page.getByText('Ngày kết thúc phải từ ngày bắt đầu trở đi.')).toBeVisible();
  await page.getByTestId('campaign-to').fill('31/12/2026');
  await page.getByTestId('campaign-to').press('Tab');
  await page.getByTestId('campaign-save').click();
  await expect(page.getByText('Đã lưu chiến dịch.')).toBeVisible();
  expect((await api.ok('settings.get')).campaign).toMatchObject({ name: 'Chiến dịch cuối năm', from: '2026-11-01', to: '2026-12-31' });
  await api.ok('settings.update', { campaign: null });
  await context.close();
});

test('không có dữ liệu thì nói “Chưa có dữ liệu”, và mỗi con số nói nó đếm gì', async ({ page, host, api }) => {
  const procedure = await api.createProcedure();
  await api.createDossier(procedure.id, 'Hồ Văn Nam');
  await openApp(page, host, '#/thong-ke');
  await expectShell(page);
  // Complaints come only from the province's systems: no made-up 100 %.
  const satisfaction = page.getByTestId('stats-satisfaction');
  await expect(satisfaction).toContainText('Chưa có dữ liệu');
  await expect(satisfaction).not.toContainText('%');
  await expect(page.getByTestId('stats-payment')).toContainText('Chưa có dữ liệu');
  // The digitization card and the per-officer table count different things, and say so.
  await expect(page.getByTestId('stats-digitization')).toContainText('Theo Bộ chỉ số: hồ sơ số hóa đủ thành phần');
  await expect(page.getByTestId('stats-by-officer').locator('th').filter({ hasText: 'Số hóa đủ thành phần' })).toBeVisible();

  // A period with no dossier: no rates at all.
  await page.getByText('Tùy chọn', { exact: true }).click();
  await page.getByLabel('Từ ngày').fill('01/01/2020');
  await page.getByLabel('Từ ngày').press('Enter');
  await page.getByLabel('Đến ngày').fill('31/01/2020');
  await page.getByLabel('Đến ngày').press('Enter');
  await expect(page.getByTestId('stats-period')).toContainText(': 0 hồ sơ');
  for (const key of ['onTime', 'online', 'digitization', 'satisfaction']) await expect(page.getByTestId(`stats-${key}`)).toContainText('Chưa có dữ liệu');
});

// On a host of its own: the imported history makes complaints known for the month, which must not
// leak into the other tests' "chưa có dữ liệu".
test('giám sát: bấm số đúng hạn xem hồ sơ, xu hướng, danh sách cần theo dõi, tải Excel và mở bằng exceljs; không lỗi trợ năng', async ({ page, request, freshHost }) => {
  const host = { url: freshHost.url, origin: freshHost.origin, token: freshHost.token, sessionId: newSessionId() };
  const api = new HostApi(request, host);
  await api.ensureSignedIn();
  const procedure = await api.createProcedure({ resultIsPaper: false });
  await api.createDossier(procedure.id, 'Lý Thị Mai');
  await api.createDossier(procedure.id, 'Hồ Văn Nam');
  const today = toLocalDay(Date.now());
  const period = { from: `${today.slice(0, 8)}01`, to: today };
  // A history imported from the portal (dossiers.importHistories, what Cài đặt → Nhập lịch sử hồ sơ
  // sends): received on the period's first day, finished two minutes later, online, paid online.
  const imported = {
    MaHoSo: `IMP-${procedure.code}-0001`,
    MaTTHC: procedure.code,
    NgayTiepNhan: `${period.from}T00:01:00+07:00`,
    NgayHenTra: `${period.from}T00:30:00+07:00`,
    NgayKetThucXuLy: `${period.from}T00:03:00+07:00`,
    NgayTra: null,
    TrangThai: 9,
    KenhThucHien: 2,
    DuocThanhToanTrucTuyen: 1,
    HoSoCoThanhPhanSoHoa: 1,
    MaKetQua: 'KQ-1',
    DuongDanTepTinKetQua: 'https://dichvucong.example/kq.pdf',
    QuaTrinhXuLy: [{ TrangThai: 9, ThoiDiem: `${period.from}T00:03:00+07:00` }],
    ChuHoSo: 'Phan Văn Tài',
  };
  const result = await api.ok<{ created: number; refused: number }>('dossiers.importHistories', { fileName: 'lich-su.jsonl', text: `${JSON.stringify(imported)}\n` });
  expect(result).toMatchObject({ created: 1, refused: 0 });
  const index = await api.ok('stats.index', period);
  await openApp(page, host, '#/thong-ke');
  await expectShell(page);
  await expect(page.getByTestId('stats-trend')).toBeVisible();
  await expect(page.getByTestId('stats-trend').getByRole('img')).toBeVisible();
  await expect(page.getByTestId('stats-worklist')).toContainText('Quá hạn');
  await expect(page.getByTestId('stats-breakdown')).toContainText(ADMIN.fullName);

  // The on-time number opens the dossiers it counts.
  await page.getByTestId('stats-drill-onTime').click();
  const drill = page.getByTestId('stats-drill');
  await expect(drill).toContainText('Lý Thị Mai');
  await expect(drill).toContainText('Phan Văn Tài');
  await expect(page.getByRole('dialog')).toContainText(`${index.onTime.count} hồ sơ`);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).or(page.getByRole('dialog').locator('.ant-modal-close')).first().click();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('stats-export-xlsx').click()]);
  expect(download.suggestedFilename()).toBe(`thong-ke-${period.from}-${period.to}.xlsx`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await download.path());
  expect(wb.worksheets.map((w) => w.name)).toEqual(['Chỉ số', 'Theo ngày', 'Theo cán bộ', 'Theo thủ tục', 'Hồ sơ']);
  expect(wb.getWorksheet('Hồ sơ')!.rowCount - 1).toBe(index.received);
  const page2 = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(page2.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});
