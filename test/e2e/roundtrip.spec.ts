// An API round trip through SQLite: add a procedure, receive a dossier in Tiếp nhận, find it in Hồ sơ
// after a reload, change its status.
import { expect, expectShell, openApp, test } from './fixtures';

test.beforeEach(async ({ api }) => {
  await api.ensureSignedIn();
});

test('thêm thủ tục, tiếp nhận hồ sơ, thấy lại ở Hồ sơ sau khi tải lại trang', async ({ page, host }) => {
  // The shared host keeps every earlier run's data: names and numbers are this run's own.
  const suffix = Date.now().toString(36).slice(-5);
  const procName = `Cấp bản sao trích lục khai sinh ${suffix}`;
  const applicant = `Lê Thị Hoa ${suffix}`;
  const idNumber = `0011${String(Date.now()).slice(-8)}`;
  await openApp(page, host, '#/tiep-nhan');
  await expectShell(page);

  // Thêm thủ tục (Enter submits the modal form).
  await page.getByTestId('add-procedure').click();
  const modal = page.getByRole('dialog');
  await expect(modal.getByTestId('procedure-code')).toBeFocused();
  await modal.getByTestId('procedure-code').fill(`2.000${suffix}`);
  await modal.getByTestId('procedure-name').fill(procName);
  await modal.getByTestId('procedure-component-0').fill('Tờ khai cấp bản sao');
  await modal.getByRole('button', { name: 'Thêm thành phần' }).click();
  await modal.getByTestId('procedure-component-1').fill('Giấy tờ tùy thân');
  await modal.getByTestId('procedure-component-1').press('Enter');
  await expect(page.getByText(`Đã lưu thủ tục 2.000${suffix}.`)).toBeVisible();
  await expect(modal).toBeHidden();

  // Accent-insensitive search on the server finds it.
  const search = page.getByTestId('procedure-search').locator('input');
  await search.fill(`cap ban sao trich luc khai sinh ${suffix}`);
  const item = page.getByTestId('procedure-item').filter({ hasText: procName });
  await expect(item).toHaveCount(1);
  await item.click();

  // Focus goes to the applicant's name at once; components checklist and applicant.
  await expect(page.getByTestId('applicant-name')).toBeFocused();
  await expect(page.getByRole('checkbox', { name: 'Đã nhận: Tờ khai cấp bản sao' })).toBeVisible();
  await expect(page.getByText('Còn 2 thành phần bắt buộc chưa nhận.')).toBeVisible();
  await page.getByTestId('mark-all-received').click();
  await expect(page.getByText(/thành phần bắt buộc chưa nhận/)).toBeHidden();
  await page.getByTestId('applicant-name').fill(applicant);
  await page.getByTestId('applicant-id').fill('12345');
  await page.getByTestId('applicant-address').fill('Số 5, thôn Đông, xã Tân Lập');
  await page.getByTestId('applicant-phone').fill('0987654321');
  await page.getByTestId('applicant-phone').press('Enter');
  await expect(page.getByText('Số CCCD gồm đúng 12 chữ số.')).toBeVisible();
  await page.getByTestId('applicant-id').fill(idNumber);
  await page.getByTestId('applicant-id').press('Enter');

  const codeEl = page.getByTestId('dossier-code');
  await expect(codeEl).toBeVisible();
  const code = (await codeEl.textContent())!.trim();
  expect(code).toMatch(/^000\.00\.53\.H48-\d{6}-\d{4}$/);
  await expect(page.getByTestId('dossier-due')).not.toHaveText('');
  // The receipt (Form 01) opens in the app's PDF viewer, ready to print.
  await page.getByRole('button', { name: 'In giấy tiếp nhận' }).click();
  await expect(page.getByTestId('receipt-frame')).toBeVisible();
  await expect(page.getByRole('dialog')).toContainText('Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('receipt-frame')).toBeHidden();

  // Hồ sơ, after a full reload (token from sessionStorage, data from SQLite).
  await page.keyboard.press('Alt+4');
  await expect(page.getByTestId('screen-dossiers')).toBeVisible();
  await page.reload();
  await expectShell(page);
  await expect(page.getByTestId('screen-dossiers')).toBeVisible();
  const row = page.getByTestId('dossier-row').filter({ hasText: code });
  await expect(row).toBeVisible();
  await expect(row).toContainText(applicant);
  await expect(row).toContainText('Được tiếp nhận');

  // Search (accent-insensitive) and open the drawer.
  await page.getByTestId('dossier-search').locator('input').fill(`le thi hoa ${suffix}`);
  await page.getByTestId('dossier-search').locator('input').press('Enter');
  await expect(page.getByTestId('dossier-row')).toHaveCount(1);
  await row.click();
  const drawer = page.getByRole('dialog');
  await expect(drawer).toContainText(`Hồ sơ ${code}`);
  await expect(drawer).toContainText('Tờ khai cấp bản sao');
  await expect(drawer).toContainText('Chưa số hóa');

  // Status change round-trips too.
  await drawer.getByTestId('status-select').click();
  await page.getByTitle('4. Đang xử lý').click();
  await drawer.getByTestId('status-apply').click();
  await expect(page.getByText('Đã chuyển hồ sơ sang “Đang xử lý”.')).toBeVisible();
  await expect(drawer.locator('.ant-timeline')).toContainText('Đang xử lý');
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(row).toContainText('Đang xử lý');
});
