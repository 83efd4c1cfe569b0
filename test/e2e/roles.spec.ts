// Screens follow the role (the contract's `roles`, enforced by the core): an officer is not offered
// what would only end in "không có quyền" after saving — adding procedures, editing settings or the
// campaign, the officers and audit tabs.
import { expect, expectShell, openApp, test, type HostApi } from './fixtures';

async function signInAs(api: HostApi, role: 'officer' | 'supervisor'): Promise<string> {
  await api.ensureSignedIn();
  const username = `${role}${Math.random().toString(36).slice(2, 7)}`;
  await api.ok('officers.create', { username, fullName: `Cán bộ ${username}`, pin: '135791', role, desk: null });
  await api.ok('auth.signOut');
  await api.ok('auth.signIn', { username, pin: '135791' });
  return username;
}

test('cán bộ không thấy “Thêm thủ tục”, thông số chỉ để xem, không sửa được chiến dịch', async ({ page, host, api }) => {
  await signInAs(api, 'officer');
  await openApp(page, host, '#/tiep-nhan');
  await expectShell(page);
  await expect(page.getByTestId('procedure-search')).toBeVisible();
  await expect(page.getByTestId('add-procedure')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Thêm thủ tục' })).toHaveCount(0);

  await page.getByTestId('nav-stats').click();
  await expect(page.getByTestId('screen-stats')).toBeVisible();
  await expect(page.getByTestId('campaign-new')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /mục tiêu/i })).toHaveCount(0);

  await page.getByTestId('nav-settings').click();
  await expect(page.getByText('Chỉ quản trị viên sửa được các thông số này.')).toBeVisible();
  await expect(page.getByLabel('Tên quầy')).toBeDisabled();
  await expect(page.getByTestId('settings-form').getByRole('button', { name: 'Lưu' })).toHaveCount(0);
  await expect(page.getByRole('tab', { name: 'Cán bộ' })).toHaveCount(0);
  await expect(page.getByRole('tab', { name: 'Nhật ký thao tác' })).toHaveCount(0);
});

test('cán bộ giám sát thêm được thủ tục và chiến dịch, nhưng không sửa thông số chung', async ({ page, host, api }) => {
  await signInAs(api, 'supervisor');
  await openApp(page, host, '#/tiep-nhan');
  await expectShell(page);
  await expect(page.getByTestId('add-procedure')).toBeVisible();
  await page.getByTestId('nav-settings').click();
  await expect(page.getByLabel('Tên quầy')).toBeDisabled();
  await expect(page.getByRole('tab', { name: 'Cán bộ' })).toBeVisible();
});
