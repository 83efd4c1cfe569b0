// Cài đặt shows the machine policy IT installed, read-only; what it fixes cannot be changed.
import { ADMIN, HostApi, UNIT, expect, expectShell, newSessionId, openApp, test } from './fixtures';
import { startHost } from './host';

test('chính sách máy hiện ở Cài đặt, chỉ đọc; thư viện USB token không sửa được trong ứng dụng', async ({ page, host, api }) => {
  await api.ensureSignedIn();
  await openApp(page, host, '#/cai-dat');
  await expectShell(page);
  await page.getByRole('tab', { name: 'Chính sách máy' }).click();
  const policy = page.getByTestId('policy');
  await expect(policy).toContainText('Ứng dụng chỉ đọc tệp này');
  await expect(policy).toContainText('policy.json');
  await expect(policy).toContainText('Đã đọc');
  await expect(policy.locator('input, textarea')).toHaveCount(0);
  const refused = await api.call('settings.update', { tokenLibraries: ['/tmp/khac.so'] });
  expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('tệp chính sách máy') } });
});

test('máy chưa được CNTT khai báo thư viện USB token: Cài đặt nói rõ, không cho nhập đường dẫn', async ({ page, request }) => {
  const h = await startHost({ label: 'no-token', policy: { tokenLibraries: [] } });
  try {
    const host = { url: h.url, origin: h.origin, token: h.token, sessionId: newSessionId() };
    const api = new HostApi(request, host);
    await api.ok('setup.initialize', { ...UNIT, ...ADMIN });
    await openApp(page, host, '#/cai-dat');
    await expectShell(page);
    await page.getByRole('tab', { name: 'Chữ ký số' }).click();
    await page.getByTestId('signing-mode').getByText('USB token').click();
    await expect(page.getByTestId('signing-no-libraries')).toContainText('chưa khai báo thư viện USB token');
    await expect(page.getByTestId('signing-no-libraries')).toContainText('tệp chính sách máy');
  } finally {
    await h.stop();
  }
});

test('nhật ký thao tác đọc được: tên cán bộ, thao tác và đối tượng tiếng Việt, chi tiết không phải JSON thô', async ({ page, host, api }) => {
  await api.ensureSignedIn();
  const desk = `Quầy ${Date.now() % 1000}`;
  await api.ok('settings.update', { deskName: desk });
  await openApp(page, host, '#/cai-dat');
  await expectShell(page);
  await page.getByRole('tab', { name: 'Nhật ký thao tác' }).click();
  const row = page.locator('tr', { hasText: `→ ${desk}` }).first();
  await expect(row).toBeVisible();
  await expect(row).toContainText('Cài đặt');
  await expect(row).toContainText(ADMIN.fullName);
  await expect(row).not.toContainText('{"');
});
