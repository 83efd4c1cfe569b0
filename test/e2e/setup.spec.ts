// First run on an empty data folder: set up the unit and the first administrator, sign out, sign in.
import { ADMIN, expect, test, UNIT } from './fixtures';

test('thiết lập lần đầu rồi đăng nhập', async ({ page, freshHost }) => {
  await page.goto(freshHost.url);
  await expect(page.getByRole('heading', { name: 'Thiết lập lần đầu' })).toBeVisible();
  // The token left the address bar as soon as the page read it.
  expect(page.url()).not.toContain('token=');

  // Focus starts on the first field; Enter submits.
  await expect(page.getByLabel('Mã đơn vị')).toBeFocused();
  // A unit code without the national shape is refused (it would start every dossier code).
  await page.getByLabel('Mã đơn vị').fill('abc xyz');
  await page.getByLabel('Mã đơn vị').press('Tab');
  await expect(page.getByText('Mã đơn vị không có dấu cách, ví dụ 000.00.53.H48.')).toBeVisible();
  await page.getByLabel('Mã đơn vị').fill(UNIT.unitCode);
  await expect(page.getByText('Mã đơn vị không có dấu cách, ví dụ 000.00.53.H48.')).toBeHidden();
  await page.getByLabel('Tên đơn vị').fill(UNIT.unitName);
  await page.getByLabel('Tên đăng nhập').fill(ADMIN.username);
  await page.getByLabel('Họ và tên').fill(ADMIN.fullName);
  await page.getByLabel('Mã PIN', { exact: true }).fill(ADMIN.pin);
  await page.getByLabel('Nhập lại mã PIN').fill('0000');
  await page.getByLabel('Nhập lại mã PIN').press('Enter');
  await expect(page.getByText('Hai mã PIN không khớp.')).toBeVisible();
  await page.getByLabel('Nhập lại mã PIN').fill(ADMIN.pin);
  await page.getByLabel('Nhập lại mã PIN').press('Enter');

  await expect(page.getByTestId('shell')).toBeVisible();
  await expect(page.getByTestId('unit-name')).toHaveText(UNIT.unitName);
  await expect(page.getByTestId('officer-name')).toContainText(ADMIN.fullName);

  // Sign out, then sign back in (a wrong PIN first).
  await page.getByTestId('sign-out').click();
  await page.getByRole('button', { name: 'Đăng xuất' }).last().click();
  await expect(page.getByRole('heading', { name: 'Đăng nhập quầy' })).toBeVisible();
  const pin = page.getByLabel('Mã PIN');
  // The only officer is preselected and focus waits in the PIN box.
  await expect(page.getByText(`${ADMIN.fullName} (${ADMIN.username})`)).toBeVisible();
  await pin.fill('9999');
  await pin.press('Enter');
  await expect(page.getByText('Tên đăng nhập hoặc mã PIN không đúng.')).toBeVisible();
  await pin.fill(ADMIN.pin);
  await pin.press('Enter');
  await expect(page.getByTestId('shell')).toBeVisible();
  await expect(page.getByTestId('officer-name')).toContainText(ADMIN.fullName);

  // A reload keeps working: the token is in sessionStorage and the session in the core.
  await page.reload();
  await expect(page.getByTestId('shell')).toBeVisible();
});
