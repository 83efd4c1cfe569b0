// The desk locks: after the idle time (the page's clock is moved by Playwright), by Ctrl+L, or when
// the core answers LOCKED. Nothing of the officer's work stays on screen; the PIN opens it again.
import { ADMIN, expect, expectShell, openApp, test } from './fixtures';

test.beforeEach(async ({ api }) => {
  await api.ensureSignedIn();
});

test('khóa màn hình sau thời gian không thao tác, mở lại bằng mã PIN', async ({ page, host, api }) => {
  await page.clock.install();
  await openApp(page, host, '#/ho-so');
  await expectShell(page);
  const minutes = (await api.ok<{ idleLockMinutes: number }>('app.info')).idleLockMinutes;
  // Background refreshes are not activity: the clock runs past the idle time with no input.
  await page.clock.fastForward(minutes * 60_000 + 10_000);
  await expect(page.getByRole('heading', { name: 'Màn hình đã khóa' })).toBeVisible();
  await expect(page.getByTestId('shell')).toHaveCount(0);
  await expect(page.getByText(`${ADMIN.fullName} — quầy đã khóa sau ${minutes} phút không thao tác`)).toBeVisible();
  // The core locked the session too: the API answers LOCKED until the PIN is given.
  expect(await api.call('dossiers.list', {})).toMatchObject({ ok: false, error: { code: 'LOCKED' } });

  await page.getByLabel('Mã PIN của bạn').fill('000000');
  await page.getByRole('button', { name: 'Mở khóa' }).click();
  await expect(page.getByText('Mã PIN không đúng.')).toBeVisible();
  await page.getByLabel('Mã PIN của bạn').fill(ADMIN.pin);
  await page.getByRole('button', { name: 'Mở khóa' }).click();
  await expectShell(page);
  const actions = (await api.ok<{ action: string }[]>('audit.list', { limit: 30 })).map((a) => a.action);
  expect(actions).toEqual(expect.arrayContaining(['lock', 'unlock-failed', 'unlock']));
});

test('Ctrl+L khóa ngay; khi lõi báo đã khóa, màn hình cũng khóa', async ({ page, host, api }) => {
  await openApp(page, host, '#/tiep-nhan');
  await expectShell(page);
  await page.keyboard.press('Control+KeyL');
  await expect(page.getByRole('heading', { name: 'Màn hình đã khóa' })).toBeVisible();
  await page.getByLabel('Mã PIN của bạn').fill(ADMIN.pin);
  await page.keyboard.press('Enter');
  await expectShell(page);

  // Locked elsewhere (the core's own idle check): the next call — a refresh, or going to Hồ sơ
  // (Alt+4, which does not fail if the screen already locked) — shows the lock screen.
  await api.ok('auth.lock');
  await page.keyboard.press('Alt+4');
  await expect(page.getByRole('heading', { name: 'Màn hình đã khóa' })).toBeVisible();
  await page.getByLabel('Mã PIN của bạn').fill(ADMIN.pin);
  await page.keyboard.press('Enter');
  await expectShell(page);
});
