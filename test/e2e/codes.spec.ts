// Cài đặt: the dossier-code pattern is checked and previewed as it is typed; an admin changes the
// unit code for future dossier codes (those already given stay).
import { expect, expectShell, openApp, test, UNIT } from './fixtures';

test.beforeEach(async ({ api }) => {
  await api.ensureSignedIn();
});

test('mẫu mã hồ sơ: chỗ thay thế lạ bị từ chối, mẫu trong hướng dẫn có xem trước', async ({ page, host, api }) => {
  await openApp(page, host, '#/cai-dat');
  await expectShell(page);
  const field = page.getByTestId('settings-code-pattern');
  await field.fill('{unit}-{ngay}-{seq4}');
  await expect(page.getByText('Mẫu mã hồ sơ có chỗ thay thế không hỗ trợ: {ngay}.', { exact: false })).toBeVisible();
  await expect(page.getByTestId('dossier-code-preview')).toHaveCount(0);
  await page.getByTestId('settings-form').getByRole('button', { name: 'Lưu' }).click();
  await page.waitForTimeout(300);
  expect((await api.ok('settings.get')).dossierCodePattern).not.toBe('{unit}-{ngay}-{seq4}');

  // The help text's own example works and shows the code it gives.
  await field.fill('{unit}-{yymmdd}-{seq4}');
  await expect(page.getByTestId('dossier-code-preview')).toHaveText(new RegExp(`^Mã hồ sơ đầu tiên hôm nay sẽ là: ${UNIT.unitCode.replace(/\./g, '\\.')}-\\d{6}-0001$`));
  await page.getByTestId('settings-form').getByRole('button', { name: 'Lưu' }).click();
  await expect.poll(async () => (await api.ok('settings.get')).dossierCodePattern).toBe('{unit}-{yymmdd}-{seq4}');
  const procedure = await api.createProcedure();
  const d = await api.createDossier(procedure.id);
  expect(d.code).toMatch(new RegExp(`^${UNIT.unitCode.replace(/\./g, '\\.')}-\\d{6}-\\d{4}$`));
  await api.ok('settings.update', { dossierCodePattern: '{unit}-{yy}{mm}{dd}-{seq:4}' });
});

test('quản trị viên đổi mã đơn vị cho hồ sơ từ nay', async ({ page, host, api }) => {
  const procedure = await api.createProcedure();
  const before = await api.createDossier(procedure.id);
  await openApp(page, host, '#/cai-dat');
  await expectShell(page);
  const code = page.getByTestId('settings-unit-code');
  await expect(code).toHaveValue(UNIT.unitCode);
  await code.fill('abc xyz');
  await expect(page.getByText('Mã đơn vị không có dấu cách', { exact: false })).toBeVisible();
  await expect(page.getByTestId('settings-unit-code-save')).toBeDisabled();
  await code.fill('G09.20');
  await page.getByTestId('settings-unit-code-save').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Đổi mã đơn vị' }).click();
  await expect(page.getByText('Đã đổi mã đơn vị.')).toBeVisible();
  try {
    const after = await api.createDossier(procedure.id);
    expect(after.code).toMatch(/^G09\.20-\d{6}-\d{4}$/);
    expect((await api.ok('dossiers.get', { id: before.id })).code).toBe(before.code);
  } finally {
    // The other specs expect the unit as set up.
    await api.ok('unit.update', { code: UNIT.unitCode });
  }
});
