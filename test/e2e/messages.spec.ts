// Messages to the applicant: an administrator edits the reception template in Cài đặt (a bad
// placeholder is refused with a Vietnamese message), an officer receives a dossier, and the dossier
// drawer shows the queued message with the new text. Axe checks the tab and the drawer.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { DEFAULT_TEMPLATES } from '../../shared/domain/message-templates';
import { ADMIN, expect, expectShell, openApp, test } from './fixtures';

test.use({ viewport: { width: 1366, height: 768 } });

async function expectNoSeriousViolations(page: Page, where: string): Promise<void> {
  await page.waitForTimeout(400);
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${where}: [${v.impact}] ${v.id} – ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}`).join('\n')}`);
  expect.soft(report, report.join('\n')).toEqual([]);
}

test('mẫu tin nhắn tiếp nhận do quản trị viên sửa được dùng cho hồ sơ cán bộ tiếp nhận', async ({ page, host, api }) => {
  await api.ensureSignedIn();
  const marker = Math.random().toString(36).slice(2, 7);
  try {
    await openApp(page, host, '#/cai-dat');
    await expectShell(page);
    await page.getByRole('tab', { name: 'Mẫu tin nhắn', exact: true }).click();
    const tab = page.getByTestId('messages-tab');
    await expect(tab.getByTestId('message-text')).toHaveValue(/\{maHoSo\}/);
    await expectNoSeriousViolations(page, 'Cài đặt › Mẫu tin nhắn');

    // A misspelt placeholder: the preview says so, and saving is refused by the core, naming it.
    await tab.getByTestId('message-text').fill('Hồ sơ {maHoSo} của {hoten} đã được tiếp nhận.');
    await expect(tab.getByTestId('message-problem')).toContainText('Trường thay thế {hoten} không tồn tại');
    await tab.getByTestId('message-save').click();
    await expect(page.locator('.ant-notification-notice')).toContainText('Mẫu tin nhắn chưa được lưu. Trường thay thế {hoten} không tồn tại.');
    expect((await api.ok('messages.templates')).templates[0]).toMatchObject({ kind: 'received', text: DEFAULT_TEMPLATES.received });

    const text = `Mẫu ${marker}: đã nhận hồ sơ {maHoSo} của ông/bà {hoTen}, hẹn trả {hanTra}.`;
    await tab.getByTestId('message-text').fill(text);
    await expect(tab.getByTestId('message-preview')).toContainText(`Mẫu ${marker}: đã nhận hồ sơ H48.22-260105-0001 của ông/bà Nguyễn Văn An, hẹn trả 08/01/2026 17:00.`);
    await tab.getByTestId('message-save').click();
    await expect(page.getByText('Đã lưu mẫu tin nhắn “Đã tiếp nhận hồ sơ”.')).toBeVisible();

    // An officer (same tab) receives a dossier and opens it.
    const proc = await api.createProcedure();
    const username = `tn${marker}`;
    await api.ok('officers.create', { username, fullName: `Cán bộ ${username}`, pin: '135791', role: 'officer', desk: null });
    await api.ok('auth.signOut');
    await api.ok('auth.signIn', { username, pin: '135791' });
    const d = await api.createDossier(proc.id, `Lê Thị Mai ${marker}`);
    await page.reload();
    await expectShell(page);
    await page.getByTestId('nav-settings').click();
    await expect(page.getByRole('tab', { name: 'Lịch làm việc' })).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Mẫu tin nhắn' })).toHaveCount(0);

    await page.getByTestId('nav-dossiers').click();
    await page.getByTestId('dossier-search').getByRole('searchbox').fill(d.code);
    await page.getByTestId('dossier-search').getByRole('searchbox').press('Enter');
    await page.getByTestId('dossier-row').filter({ hasText: d.code }).click();
    const drawer = page.getByTestId('dossier-drawer');
    const messages = drawer.getByTestId('dossier-messages');
    await expect(messages.getByRole('heading', { name: 'Tin nhắn cho công dân' })).toBeVisible();
    const row = messages.getByTestId('dossier-message');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(`Mẫu ${marker}: đã nhận hồ sơ ${d.code} của ông/bà Lê Thị Mai ${marker}, hẹn trả `);
    await expect(row).toContainText('Đang chờ gửi');
    await expect(row).toContainText('Gửi SMS tới 0912345678');
    await expect(row).toContainText(/Tạo: \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    await expectNoSeriousViolations(page, 'Hồ sơ › Tin nhắn cho công dân');
  } finally {
    // The shared host goes back to the shipped template for the specs after this one.
    await api.call('auth.signOut');
    await api.ok('auth.signIn', { username: ADMIN.username, pin: ADMIN.pin });
    await api.ok('messages.saveTemplate', { kind: 'received', text: DEFAULT_TEMPLATES.received, enabled: true });
  }
});
