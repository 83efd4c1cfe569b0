// Document camera in Số hóa through the browser host: getUserMedia on Chromium's fake camera, live
// preview, Space captures a frame, which arrives as a page of the component and is processed.
import { expect, expectShell, openApp, test } from './fixtures';

test.describe.configure({ timeout: 180_000 });

test('máy chụp tài liệu: xem trước, chụp bằng Space, trang vào thành phần hồ sơ', async ({ page, host, api }) => {
  await api.ensureSignedIn();
  const proc = await api.createProcedure();
  const dossier = await api.createDossier(proc.id);
  await openApp(page, host, `#/so-hoa?dossier=${dossier.id}`);
  await expectShell(page);
  await expect(page.getByTestId('screen-digitize')).toBeVisible();
  await page.getByRole('tab', { name: 'Máy chụp tài liệu' }).click();
  await page.getByTestId('camera-start').click();
  const video = page.locator('video.mc-camera');
  await expect(video).toBeVisible();
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);
  await expect(page.getByTestId('camera-error')).toHaveCount(0);
  // Space captures while the preview is on (focus away from buttons and fields).
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Space');
  await expect(page.getByText('Đã chụp trang 1.')).toBeVisible();
  const thumb = page.getByTestId('page-thumb');
  await expect(thumb).toHaveCount(1, { timeout: 60_000 });
  await expect(thumb).toHaveAttribute('data-ocr', /done|skipped|failed/, { timeout: 120_000 });
  const pages = await api.ok<{ sourceName: string; width: number }[]>('digitize.pages', { componentId: dossier.components[0]!.id });
  expect(pages).toHaveLength(1);
  expect(pages[0]!.sourceName).toMatch(/^camera-.*-001\.jpg$/);
  expect(pages[0]!.width).toBeGreaterThan(0);
});
