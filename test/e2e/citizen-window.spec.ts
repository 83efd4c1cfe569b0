// The citizen window's page (#/citizen), in Chromium through the browser host. In Electron that
// page runs in a window of its own on the second display, with a preload that exposes only
// `motcuaCitizen.onGuide`; here an init script plays that preload so the test can push guides.
// The page must show the pushed guide alone, in large type, and never talk to the core.
import jsQR from 'jsqr';
import sharp from 'sharp';
import type { Page } from '@playwright/test';
import { expect, openApp, test } from './fixtures';

const GUIDE = {
  procedureName: 'Đăng ký khai sinh',
  link: 'https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-dung-chung.html?ma_thu_tuc=1.001193',
  steps: [
    { title: 'Đăng nhập Cổng Dịch vụ công quốc gia', description: 'Dùng tài khoản định danh điện tử VNeID mức 2.' },
    { title: 'Đính kèm giấy tờ', description: '1. Tờ khai đăng ký khai sinh\n2. Giấy chứng sinh' },
    { title: 'Nộp hồ sơ và theo dõi kết quả', description: 'Thời hạn giải quyết: 3 ngày làm việc.' },
  ],
};

/** The calls to the core (API, events, stored files) the page made: there must be none. */
function coreRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (/^\/(api|events|files)(\/|$)/.test(u.pathname)) seen.push(u.pathname);
  });
  page.on('websocket', (ws) => seen.push(ws.url()));
  return seen;
}

test('màn hình phía người dân: chỉ hiện hướng dẫn được đẩy sang, chữ lớn, không gọi tới lõi', async ({ page, host }) => {
  const requests = coreRequests(page);
  // The stand-in for citizen-preload.ts: receive-only, the test pushes through window.__push.
  await page.addInitScript(() => {
    const w = window as unknown as { motcuaCitizen: unknown; __push: (g: unknown) => void };
    const listeners = new Set<(g: unknown) => void>();
    let last: unknown = null;
    w.__push = (g) => {
      last = g;
      for (const l of listeners) l(g);
    };
    w.motcuaCitizen = {
      onGuide(l: (g: unknown) => void) {
        listeners.add(l);
        l(last);
        return () => listeners.delete(l);
      },
    };
  });
  await openApp(page, host, '#/citizen');
  await expect(page.getByTestId('citizen-idle')).toBeVisible();
  await expect(page).toHaveTitle('Một Cửa Số — Màn hình cho người dân');

  const push = (g: unknown) => page.evaluate((guide) => (window as unknown as { __push(g: unknown): void }).__push(guide), g);
  await push(GUIDE);
  const view = page.getByTestId('citizen-view');
  await expect(view).toBeVisible();
  await expect(page.getByTestId('citizen-procedure')).toHaveText('Đăng ký khai sinh');
  for (const s of GUIDE.steps) await expect(view).toContainText(s.title);
  await expect(view).toContainText('2. Giấy chứng sinh');
  // Large type: body text, the title and each step's heading.
  const px = (sel: string) => view.locator(sel).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(await px(':scope')).toBeGreaterThanOrEqual(26);
  expect(await px('h1')).toBeGreaterThanOrEqual(36);
  expect(await px('li strong')).toBeGreaterThanOrEqual(26);
  // The QR code opens the pushed portal page.
  const qr = page.getByTestId('citizen-qr');
  await expect(qr).toBeVisible();
  const src = (await qr.getAttribute('src'))!;
  const { data, info } = await sharp(Buffer.from(src.split(',')[1]!, 'base64')).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  expect(jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)?.data).toBe(GUIDE.link);

  // Nothing of the officer's: no shell, no menu, no dialog, no buttons, no other text.
  await expect(page.getByTestId('shell')).toHaveCount(0);
  await expect(page.getByRole('navigation')).toHaveCount(0);
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('button')).toHaveCount(0);
  const text = (await page.locator('body').innerText()).replace(/\s+/g, ' ');
  const expected = ['Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công', GUIDE.procedureName, ...GUIDE.steps.flatMap((s) => [s.title, s.description]), 'Quét mã bằng camera điện thoại để mở đúng thủ tục', GUIDE.link].join(' ');
  expect(text.replace(/ /g, '')).toBe(expected.replace(/\s+/g, ''));

  // Another guide replaces it; junk and null blank the screen instead of showing anything odd.
  await push({ ...GUIDE, procedureName: 'Đăng ký kết hôn', link: null });
  await expect(page.getByTestId('citizen-procedure')).toHaveText('Đăng ký kết hôn');
  await expect(page.getByTestId('citizen-qr')).toHaveCount(0);
  await push({ ...GUIDE, procedureName: '<img src=x onerror=alert(1)>', dossier: { applicant: 'Nguyễn Văn A' } });
  await expect(page.getByTestId('citizen-idle')).toBeVisible();
  await expect(page.locator('body')).not.toContainText('Nguyễn Văn A');
  await push(GUIDE);
  await expect(view).toBeVisible();
  await push(null);
  await expect(page.getByTestId('citizen-idle')).toBeVisible();
  await expect(view).toHaveCount(0);

  expect(requests).toEqual([]);
});

test('màn hình phía người dân không có cầu nối (trình duyệt): chỉ lời chào, không gọi tới lõi', async ({ page, host }) => {
  const requests = coreRequests(page);
  await openApp(page, host, '#/citizen');
  await expect(page.getByTestId('citizen-idle')).toBeVisible();
  await expect(page.getByTestId('shell')).toHaveCount(0);
  await expect(page.getByTestId('citizen-view')).toHaveCount(0);
  await page.waitForTimeout(300); // any stray call would have started by now
  expect(requests).toEqual([]);
});
