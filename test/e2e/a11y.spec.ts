// Accessibility (axe-core) on every area at the desk's common laptop size, 1366×768: the seven task
// areas, each Cài đặt tab, the sign-in screen and the lock screen. Serious and critical violations
// fail the test; each is listed with the elements it names, so a failure says what to fix.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { ADMIN, expect, expectShell, openApp, test } from './fixtures';

test.use({ viewport: { width: 1366, height: 768 } });

async function expectNoSeriousViolations(page: Page, where: string): Promise<void> {
  // Let antd's motion settle (an element half-faded-in has a mixed contrast).
  await page.waitForTimeout(400);
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${where}: [${v.impact}] ${v.id} – ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}  ${n.failureSummary?.split('\n').slice(1, 3).join(' ') ?? ''}`).join('\n')}`);
  expect.soft(report, report.join('\n')).toEqual([]);
}

const AREAS: { hash: string; area: string; name: string }[] = [
  { hash: '#/tiep-nhan', area: 'reception', name: 'Tiếp nhận' },
  { hash: '#/so-hoa', area: 'digitize', name: 'Số hóa' },
  { hash: '#/huong-dan-truc-tuyen', area: 'onlineGuide', name: 'Hướng dẫn' },
  { hash: '#/ho-so', area: 'dossiers', name: 'Hồ sơ' },
  { hash: '#/thong-ke', area: 'stats', name: 'Thống kê' },
  { hash: '#/dong-bo', area: 'sync', name: 'Đồng bộ' },
];

test.describe('kiểm tra trợ năng (axe) ở 1366×768', () => {
  test('các khu vực làm việc', async ({ page, host, api }) => {
    await api.ensureSignedIn();
    const proc = await api.createProcedure();
    await api.createDossier(proc.id);
    await openApp(page, host, '#/tiep-nhan');
    await expectShell(page);
    for (const a of AREAS) {
      await page.evaluate((h) => (window.location.hash = h), a.hash);
      await expect(page.locator('main#mc-main')).toHaveAttribute('data-area', a.area);
      await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
      await page.waitForLoadState('networkidle');
      await expectNoSeriousViolations(page, a.name);
    }
  });

  test('Tiếp nhận: biểu mẫu hồ sơ đã chọn thủ tục', async ({ page, host, api }) => {
    await api.ensureSignedIn();
    const proc = await api.createProcedure();
    await openApp(page, host, '#/tiep-nhan');
    await expectShell(page);
    await page.getByRole('searchbox').or(page.getByRole('textbox').first()).first().fill(proc.code);
    await page.getByText(proc.name).first().click();
    await page.waitForLoadState('networkidle');
    await expectNoSeriousViolations(page, 'Tiếp nhận (biểu mẫu)');
    // Each label points at its own field: ids are unique on the page.
    const dupIds = await page.evaluate(() => {
      const seen = new Map<string, number>();
      for (const el of Array.from(document.querySelectorAll('[id]'))) seen.set(el.id, (seen.get(el.id) ?? 0) + 1);
      return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
    });
    expect(dupIds).toEqual([]);
  });

  test('các thẻ của Cài đặt', async ({ page, host, api }) => {
    await api.ensureSignedIn();
    await openApp(page, host, '#/cai-dat');
    await expectShell(page);
    const tabs = page.getByRole('tab');
    await expect(tabs.first()).toBeVisible();
    const names = await tabs.allInnerTexts();
    expect(names.length).toBeGreaterThanOrEqual(7);
    for (const name of names) {
      await page.getByRole('tab', { name, exact: true }).click();
      await expect(page.getByRole('tab', { name, exact: true })).toHaveAttribute('aria-selected', 'true');
      await page.waitForLoadState('networkidle');
      await expectNoSeriousViolations(page, `Cài đặt › ${name}`);
    }
  });

  test('màn hình đăng nhập và thông báo sai PIN không ở lại sau khi đăng nhập', async ({ page, host, api }) => {
    await api.ensureSignedIn();
    await api.ok('auth.signOut');
    await openApp(page, host);
    await expect(page.getByRole('button', { name: 'Đăng nhập' })).toBeVisible();
    await expectNoSeriousViolations(page, 'Đăng nhập');
    await page.getByLabel('Mã PIN').fill('000000');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(page.getByText(/mã PIN không đúng/i).first()).toBeVisible();
    // The pointer rests on the notice (which holds it open, as for an officer reading it); the
    // right PIN goes in by keyboard. Signed in, the notice is gone at once, not at its own timeout.
    await page.locator('.ant-notification-notice').first().hover();
    await page.getByLabel('Mã PIN').fill(ADMIN.pin);
    await page.getByLabel('Mã PIN').press('Enter');
    await expectShell(page);
    await expect(page.getByText(/mã PIN không đúng/i)).toHaveCount(0, { timeout: 1000 });
  });

  test('màn hình khóa', async ({ page, host, api }) => {
    await api.ensureSignedIn();
    await openApp(page, host, '#/ho-so');
    await expectShell(page);
    await page.keyboard.press('Control+KeyL');
    await expect(page.getByRole('heading', { name: 'Màn hình đã khóa' })).toBeVisible();
    await expectNoSeriousViolations(page, 'Màn hình khóa');
  });
});
