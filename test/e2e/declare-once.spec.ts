// "Declare once" at Tiếp nhận: a returning citizen's ID number brings back what they declared last time.
import { expect, expectShell, openApp, test } from './fixtures';

test.beforeEach(async ({ api }) => {
  await api.ensureSignedIn();
});

test('công dân đã đến trước: nhập số CCCD, điền lại thông tin đã khai bằng một lần bấm', async ({ page, host, api }) => {
  const procedure = await api.createProcedure();
  const idNumber = `0791${String(Date.now()).slice(-8)}`;
  await api.ok('dossiers.create', {
    procedureId: procedure.id,
    applicant: { name: 'Hồ Thị Xuân', idNumber, address: '7 Trần Phú, phường Hải Châu', phone: '0905123456', email: '' },
    components: [{ name: 'Tờ khai', required: true, copies: 1, received: true }],
  });
  await openApp(page, host, '#/tiep-nhan');
  await expectShell(page);
  await page.getByTestId('procedure-search').locator('input').fill(procedure.code);
  await page.getByTestId('procedure-item').filter({ hasText: procedure.name }).click();
  await expect(page.getByTestId('known-applicant')).toHaveCount(0);
  await page.getByTestId('applicant-id').fill(idNumber);
  const known = page.getByTestId('known-applicant');
  await expect(known).toContainText('Công dân Hồ Thị Xuân đã nộp 1 hồ sơ tại đây');
  await known.getByTestId('fill-known').click();
  await expect(page.getByTestId('applicant-name')).toHaveValue('Hồ Thị Xuân');
  await expect(page.getByTestId('applicant-address')).toHaveValue('7 Trần Phú, phường Hải Châu');
  await expect(page.getByTestId('applicant-phone')).toHaveValue('0905123456');
  // Another number: the offer goes away.
  await page.getByTestId('applicant-id').fill('001099000001');
  await expect(known).toHaveCount(0);
});
