// Cài đặt says why a value would not work, when it is saved: a scan resolution under 200 DPI, a
// watched folder that does not exist; the OCR language setting (used nowhere) is gone; Số hóa does
// not report a problem when no component was chosen for scans.
import os from 'node:os';
import path from 'node:path';
import { expect, expectShell, openApp, test } from './fixtures';

test('thông số sai bị từ chối khi lưu, kèm lý do', async ({ page, host, api }) => {
  await api.ensureSignedIn();
  await openApp(page, host, '#/cai-dat');
  await expectShell(page);
  const form = page.getByTestId('settings-form');
  await expect(form.getByLabel('Tên quầy')).toBeVisible();
  await expect(form.getByText('Ngôn ngữ nhận dạng')).toHaveCount(0);

  await form.getByLabel('Độ phân giải quét (DPI)').fill('100');
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect(form.getByText('Độ phân giải quét phải từ 200 đến 1200 DPI')).toBeVisible();
  await form.getByLabel('Độ phân giải quét (DPI)').fill('300');

  const missing = path.join(os.tmpdir(), `khong-co-${Date.now()}`);
  await form.getByLabel('Thư mục theo dõi').fill(missing);
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText(`Thư mục theo dõi «${missing}» không tồn tại trên máy này`)).toBeVisible();
  expect((await api.ok<{ watchFolder: string }>('settings.get')).watchFolder).not.toBe(missing);
  // The service refuses it too, whatever the screen.
  expect(await api.call('settings.update', { scanDpi: 100 })).toMatchObject({ ok: false, error: { message: expect.stringContaining('200') } });
});

test('quản trị viên đặt sao lưu tự động ở Cài đặt: thư mục phải là đường dẫn đầy đủ', async ({ page, host, api }) => {
  await api.ensureSignedIn();
  await openApp(page, host, '#/cai-dat');
  await expectShell(page);
  const form = page.getByTestId('settings-form');
  await form.getByLabel('Thư mục sao lưu tự động').fill('SaoLuu');
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText('Thư mục sao lưu phải là đường dẫn đầy đủ')).toBeVisible();
  const folder = path.join(os.tmpdir(), `saoluu-${Date.now()}`);
  await form.getByLabel('Thư mục sao lưu tự động').fill(folder);
  await form.getByLabel('Sao lưu mỗi (giờ)').fill('12');
  await form.getByLabel('Giữ lại (bản)').fill('7');
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect.poll(async () => (await api.ok<{ backupFolder: string; backupIntervalHours: number; backupKeep: number }>('settings.get')).backupFolder).toBe(folder);
  expect(await api.ok('settings.get')).toMatchObject({ backupIntervalHours: 12, backupKeep: 7 });
  await api.ok('settings.update', { backupFolder: '', backupIntervalHours: 24, backupKeep: 14 });
});
