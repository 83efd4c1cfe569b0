// Hướng dẫn nộp trực tuyến through the browser host: pick a procedure, the steps and a QR code that
// opens its portal page, the large-type view for the citizen, and a recorded guided submission.
import jsQR from 'jsqr';
import sharp from 'sharp';
import { toLocalDay } from '../../shared/domain/vietnam-time';
import { expect, expectShell, openApp, test } from './fixtures';

test.beforeEach(async ({ api }) => {
  await api.ensureSignedIn();
});

test('hướng dẫn người dân nộp trực tuyến: các bước, mã QR tới đúng thủ tục, màn hình cho người dân, ghi nhận', async ({ page, host, api }) => {
  const procedure = await api.createProcedure({ feeBearing: true });
  const settings = await api.ok('settings.get');
  const expected = settings.portalUrlTemplate.replace('{code}', encodeURIComponent(procedure.code));
  await openApp(page, host, '#/huong-dan-truc-tuyen');
  await expectShell(page);
  await expect(page.getByText('Chọn thủ tục ở danh sách bên trái')).toBeVisible();

  // Accent-insensitive search, as in Tiếp nhận.
  await page.getByTestId('procedure-search').locator('input').fill(procedure.name.replace('Đăng ký', 'dang ky'));
  await page.getByTestId('procedure-item').filter({ hasText: procedure.name }).click();
  await expect(page.getByText('Đăng nhập Cổng Dịch vụ công quốc gia')).toBeVisible();
  await expect(page.getByText('Nộp phí, lệ phí trực tuyến')).toBeVisible(); // fee-bearing procedure
  await expect(page.getByText('1. Tờ khai đăng ký khai sinh')).toBeVisible();

  // The QR code decodes to the procedure's portal page.
  const qr = page.getByTestId('portal-qr');
  await expect(qr).toHaveAttribute('data-link', expected);
  const src = (await qr.getAttribute('src'))!;
  const { data, info } = await sharp(Buffer.from(src.split(',')[1]!, 'base64')).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  expect(jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)?.data).toBe(expected);

  // The view turned towards the citizen, in large type; Esc closes it.
  await page.getByTestId('open-citizen-view').click();
  const view = page.getByTestId('citizen-view');
  await expect(view).toBeVisible();
  await expect(view).toContainText(procedure.name);
  const size = await view.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(size).toBeGreaterThanOrEqual(20);
  await page.keyboard.press('Escape');
  await expect(view).toBeHidden();

  // Record the guided submission: a bad phone number is caught, Enter saves, today's list shows it.
  const name = `Ngô Thị Bích ${Date.now().toString(36).slice(-4)}`;
  await page.getByTestId('guide-name').fill(name);
  await page.getByTestId('guide-phone').fill('gọi lại');
  await page.getByTestId('guide-phone').press('Enter');
  await expect(page.getByText('Số điện thoại chỉ gồm chữ số (8–15 số).')).toBeVisible();
  await page.getByTestId('guide-phone').fill('0912 345 678');
  await page.getByTestId('guide-portal-code').fill('G09.20-20261124-0042');
  await page.getByTestId('guide-portal-code').press('Enter');
  await expect(page.getByText(`Đã ghi nhận việc hướng dẫn ${name}.`)).toBeVisible();
  const row = page.getByTestId('guide-today').locator('tr').filter({ hasText: name });
  await expect(row).toContainText('Đã nộp xong');
  await expect(row).toContainText('G09.20-20261124-0042');
  await expect(page.getByTestId('guide-name')).toHaveValue('');
  const today = toLocalDay(Date.now());
  const stored = await api.ok('guide.list', { from: today, to: today });
  expect(stored.some((s: { applicantName: string; applicantPhone: string }) => s.applicantName === name && s.applicantPhone === '0912 345 678')).toBe(true);
});
