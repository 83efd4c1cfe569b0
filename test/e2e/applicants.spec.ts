// Cài đặt → Người nộp: the list masks the ID number and address; opening a profile shows it in full
// and leaves a 'view' entry in the audit log; an officer corrects a value (audited with before and
// after) and it then shows "Cán bộ sửa" with the date; an admin deletes the profile with a reason,
// and the dossiers received for the citizen are kept.
import crypto from 'node:crypto';
import { expect, expectShell, openApp, test } from './fixtures';

test.beforeEach(async ({ api }) => {
  await api.ensureSignedIn();
});

const hashed = (idNumber: string) => `#${crypto.createHash('sha256').update(idNumber, 'utf8').digest('hex').slice(0, 12)}`;

test('Người nộp: danh sách che số định danh, xem đầy đủ được ghi nhật ký, cán bộ sửa một giá trị, quản trị xóa có lý do', async ({ page, host, api }) => {
  const procedure = await api.createProcedure();
  const suffix = String(Date.now()).slice(-8);
  const idNumber = `0791${suffix}`;
  const name = `Đoàn Thị Mỹ ${suffix.slice(-3)}`;
  const dossier = await api.ok('dossiers.create', {
    procedureId: procedure.id,
    applicant: { name, idNumber, address: '12 Lê Lợi, phường Bến Thành', phone: '0903123456', email: '' },
    components: [{ name: 'Tờ khai', required: true, copies: 1, received: true }],
    // Date of birth and sex read by OCR from the card's face: to check.
    applicantSource: { dob: 'ocr', sex: 'ocr' },
    applicantDetails: { dob: `19${suffix.slice(0, 2)}-02-03`, sex: 'female' },
  });

  await openApp(page, host, '#/cai-dat');
  await expectShell(page);
  await page.getByRole('tab', { name: 'Người nộp', exact: true }).click();
  await page.getByTestId('applicants-search').locator('input').fill(name);
  await page.getByTestId('applicants-search').locator('input').press('Enter');
  const row = page.getByTestId('applicants').locator('tr.ant-table-row').filter({ hasText: name });
  await expect(row).toHaveCount(1);
  // Masked: the first four and last two digits, only the last part of the address.
  await expect(row).toContainText(`0791******${idNumber.slice(-2)}`);
  await expect(row).toContainText('…, phường Bến Thành');
  await expect(row).not.toContainText(idNumber);
  await expect(row).not.toContainText('12 Lê Lợi');

  const viewsBefore = (await api.ok('audit.list', { action: 'view', limit: 500 })).filter((e: { entity: string; entityId: string }) => e.entity === 'applicant' && e.entityId === hashed(idNumber)).length;
  await row.getByTestId('applicant-open').click();
  const profile = page.getByTestId('applicant-profile');
  await expect(profile).toContainText(idNumber);
  await expect(page.getByTestId('applicant-text-address')).toHaveText('12 Lê Lợi, phường Bến Thành');
  await expect(page.getByTestId('applicant-text-phone')).toHaveText('0903123456');
  await expect(page.getByTestId('applicant-source-address')).toHaveText(/^Cán bộ nhập \d{2}\/\d{2}\/\d{4} · /);
  const views = (await api.ok('audit.list', { action: 'view', limit: 500 })).filter((e: { entity: string; entityId: string }) => e.entity === 'applicant' && e.entityId === hashed(idNumber));
  expect(views).toHaveLength(viewsBefore + 1);
  expect(JSON.parse(views[0].detail)).toMatchObject({ method: 'applicants.get' });

  // A value read by OCR is shown "to check" until the officer confirms it against the card.
  await expect(page.getByTestId('applicant-text-dob')).toHaveText(`03/02/19${suffix.slice(0, 2)}`);
  await expect(page.getByTestId('applicant-source-dob')).toHaveText(/^Đọc từ ảnh thẻ \d{2}\/\d{2}\/\d{4} — cần kiểm tra · /);
  await expect(page.getByTestId('applicant-confirm-address')).toHaveCount(0);
  await page.getByTestId('applicant-confirm-dob').click();
  await expect(page.getByTestId('applicant-source-dob')).toHaveText(/^Cán bộ nhập \d{2}\/\d{2}\/\d{4} · Nguyễn Thị Quản Trị$/);
  await expect(page.getByTestId('applicant-confirm-dob')).toHaveCount(0);
  await expect(page.getByTestId('applicant-source-sex')).toHaveText(/cần kiểm tra/);
  const confirms = (await api.ok('audit.list', { action: 'confirm', limit: 500 })).filter((e: { entityId: string }) => e.entityId === hashed(idNumber));
  expect(confirms.map((e: { detail: string }) => JSON.parse(e.detail))).toEqual([{ field: 'dob', previousSource: 'ocr' }]);

  // A correction: the new value, "Cán bộ sửa" with the date, audited with before and after.
  await page.getByTestId('applicant-edit-address').click();
  await page.getByTestId('applicant-edit-value').fill('45 Nguyễn Huệ, phường Bến Nghé');
  await page.getByTestId('applicant-edit-save').click();
  await expect(page.getByTestId('applicant-text-address')).toHaveText('45 Nguyễn Huệ, phường Bến Nghé');
  await expect(page.getByTestId('applicant-source-address')).toHaveText(/^Cán bộ sửa \d{2}\/\d{2}\/\d{4} · Nguyễn Thị Quản Trị$/);
  await expect(page.getByTestId('applicant-source-name')).toHaveText(/^Cán bộ nhập /);
  // A wrong value is refused with the reason, the value left as it was.
  await page.getByTestId('applicant-edit-phone').click();
  await page.getByTestId('applicant-edit-value').fill('12345');
  await page.getByTestId('applicant-edit-save').click();
  await expect(page.getByText('Số điện thoại gồm 10–11 chữ số, bắt đầu bằng 0.').first()).toBeVisible();
  await page.getByRole('button', { name: 'Hủy' }).click();
  await expect(page.getByTestId('applicant-text-phone')).toHaveText('0903123456');
  const corrections = (await api.ok('audit.list', { action: 'correct', limit: 500 })).filter((e: { entityId: string }) => e.entityId === hashed(idNumber));
  expect(corrections).toHaveLength(1);
  expect(JSON.parse(corrections[0].detail)).toEqual({ field: 'address', before: '12 Lê Lợi, phường Bến Thành', after: '45 Nguyễn Huệ, phường Bến Nghé', previousSource: 'officer' });
  // The list shows the corrected address, still masked.
  await expect(row).toContainText('…, phường Bến Nghé');

  // The admin deletes with a reason: the button waits for one; the dossiers stay.
  await expect(page.getByTestId('applicant-delete')).toBeDisabled();
  await page.getByTestId('applicant-delete-reason').fill('Theo đề nghị của công dân ngày hôm nay');
  await page.getByTestId('applicant-delete').click();
  await expect(page.getByText('Đã xóa thông tin người nộp; 1 hồ sơ đã tiếp nhận vẫn được giữ.').first()).toBeVisible();
  await expect(profile).toHaveCount(0);
  await expect(row).toHaveCount(0);
  const deletions = (await api.ok('audit.list', { action: 'delete', limit: 500 })).filter((e: { entity: string; entityId: string }) => e.entity === 'applicant' && e.entityId === hashed(idNumber));
  expect(deletions).toHaveLength(1);
  expect(JSON.parse(deletions[0].detail)).toEqual({ reason: 'Theo đề nghị của công dân ngày hôm nay', dossiersKept: 1 });
  expect((await api.ok('dossiers.get', { id: dossier.id })).applicant).toMatchObject({ name, idNumber });
  expect(await api.ok('applicants.lookup', { idNumber })).toBeNull();
});
