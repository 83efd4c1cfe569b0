// A dossier's life at the desk, in Chromium, on a host of its own whose clock the test moves
// (MOTCUA_TEST_CLOCK_FILE, test-only): received on Friday 13/02/2026 10:30, the Friday before Tết
// 2026, due after Tết on screen and on Form 01; a supplement request (Form 02) pauses the clock and
// the supplement received resumes it, moving the due moment; handed to the department, its result
// recorded (code + file) and returned; the register (Form 06) exported to Excel and read back.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext, Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { PDFDocument } from 'pdf-lib';
import { expect, expectShell, HostApi, newSessionId, openApp, test, type HostInfo } from './fixtures';
import { startHost, type RunningHost } from './host';

let running: RunningHost;
let clockFile: string;
const setClock = (iso: string) => fs.writeFileSync(clockFile, iso);

test.beforeAll(async () => {
  clockFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-clock-')), 'now.txt');
  setClock('2026-02-13T10:30:00+07:00');
  running = await startHost({ label: 'lifecycle', env: { MOTCUA_TEST_CLOCK_FILE: clockFile } });
});

test.afterAll(async () => {
  await running?.stop();
});

async function pdfTextAt(request: APIRequestContext, url: string): Promise<string> {
  const res = await request.get(url);
  expect(res.status()).toBe(200);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lifecycle-')), 'f.pdf');
  fs.writeFileSync(file, await res.body());
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

async function act(page: Page, kind: string, fill?: () => Promise<void>) {
  const drawer = page.getByTestId('dossier-drawer');
  await drawer.getByTestId(`act-${kind}`).click();
  await fill?.();
  await page.getByTestId('act-confirm').click();
  await expect(page.getByTestId('act-confirm')).toBeHidden();
}

test('vòng đời hồ sơ qua Tết 2026: bổ sung tạm dừng và tiếp tục, trả kết quả, sổ theo dõi', async ({ page, request }) => {
  const host: HostInfo = { url: running.url, origin: running.origin, token: running.token, sessionId: newSessionId() };
  const api = new HostApi(request, host);
  await api.ensureSignedIn();
  // The province's catalog, imported as JSON (procedures.import, what Cài đặt → Thủ tục → Nhập calls).
  const catalog = {
    procedures: [
      { code: '1.001193', name: 'Đăng ký khai sinh', field: 'Hộ tịch', level: 'xa', processingDays: 0, after15hRule: true, resultIsPaper: true, components: [{ name: 'Tờ khai đăng ký khai sinh', required: true, copies: 1, kind: 'original' }] },
      {
        code: '1.004884',
        name: 'Đăng ký lại khai sinh',
        field: 'Hộ tịch',
        level: 'xa',
        processingDays: 5,
        resultIsPaper: true,
        fees: [{ name: 'Lệ phí', amount: 5000 }],
        components: [
          { name: 'Tờ khai đăng ký lại khai sinh', required: true, copies: 1, kind: 'original' },
          { name: 'Bản sao giấy tờ hộ tịch', required: true, copies: 1, kind: 'copy' },
        ],
      },
    ],
  };
  const imported = await api.ok<{ errors: unknown[] }>('procedures.import', { file: { name: 'danh-muc.json', dataBase64: Buffer.from(JSON.stringify(catalog)).toString('base64') } });
  expect(imported.errors).toEqual([]);

  // Tiếp nhận, Friday 13/02/2026 10:30: typed without accents, the procedure is found and received.
  await openApp(page, host, '#/tiep-nhan');
  await expectShell(page);
  const search = page.getByTestId('procedure-search').locator('input');
  await search.fill('dang ky khai sinh');
  const item = page.getByTestId('procedure-item').filter({ hasText: 'Đăng ký lại khai sinh' });
  await expect(item).toHaveCount(1);
  await item.click();
  await expect(page.getByTestId('applicant-name')).toBeFocused();
  await page.getByTestId('mark-all-received').click();
  await page.getByTestId('applicant-name').fill('Đặng Thị Hằng');
  await page.getByTestId('applicant-address').fill('Số 5, thôn Đông, xã Tân Lập');
  await page.getByTestId('applicant-phone').fill('0987654321');
  await page.getByTestId('applicant-phone').press('Enter');
  const codeEl = page.getByTestId('dossier-code');
  await expect(codeEl).toBeVisible();
  const code = (await codeEl.textContent())!.trim();
  // 5 working days after Fri 13/02 skip the weekend, Tết (16–20/02) and the next weekend: Fri 27/02, 17:00.
  await expect(page.getByTestId('dossier-due')).toContainText('27/02/2026');
  await expect(page.getByTestId('dossier-due')).toContainText('17:00');
  const dossier = (await api.ok<{ items: { id: string; code: string }[] }>('dossiers.list', { query: code, limit: 5, offset: 0 })).items.find((d) => d.code === code)!;

  // Form 01: due Friday 27/02/2026 at 17:00 (weekend, Tết 16–20/02 and the next weekend skipped).
  const receipt = await api.ok<{ fileId: string }>('dossiers.receipt', { id: dossier.id });
  const r01 = await pdfTextAt(request, `${host.origin}/files/receipt/${receipt.fileId}?token=${host.token}&session=${host.sessionId}`);
  expect(r01).toContain('Thời gian nhận hồ sơ: 10 giờ 30 phút, ngày 13/02/2026');
  expect(r01).toContain('Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 27/02/2026');

  await openApp(page, host, '#/ho-so');
  await expectShell(page);
  await page.getByTestId('dossier-search').locator('input').fill(dossier.code);
  await page.getByTestId('dossier-search').locator('input').press('Enter');
  await page.getByTestId('dossier-row').filter({ hasText: dossier.code }).click();
  const drawer = page.getByTestId('dossier-drawer');
  await expect(drawer.getByTestId('due-current')).toHaveText('27/02/2026 17:00');

  // Handed to the department at 11:00.
  setClock('2026-02-13T11:00:00+07:00');
  await act(page, 'process');
  await expect(drawer).toContainText('Đang xử lý');

  // Supplement requested at 14:00: Form 02 opens with what is missing; the clock pauses.
  setClock('2026-02-13T14:00:00+07:00');
  await act(page, 'requestSupplement', async () => {
    await page.getByTestId('act-papers').fill('Bản sao Giấy chứng nhận kết hôn\nGiấy ủy quyền có chứng thực');
    await page.getByTestId('act-reason').fill('Thiếu giấy tờ chứng minh quan hệ nhân thân');
  });
  const frame = page.getByTestId('form-frame');
  await expect(frame).toBeVisible();
  const f02 = await pdfTextAt(page.request, (await frame.getAttribute('src'))!);
  expect(f02).toContain('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
  expect(f02).toContain('1. Bản sao Giấy chứng nhận kết hôn');
  expect(f02).toContain('2. Giấy ủy quyền có chứng thực');
  await page.getByRole('button', { name: 'Đóng' }).last().click();
  await expect(frame).toBeHidden();
  await expect(drawer.getByTestId('due-paused')).toHaveText('Tạm dừng từ 13/02/2026 14:00');

  // Supplement received Monday 23/02 09:00: 3 h + 1.5 h paused → Monday 02/03 13:30; the original stays shown.
  setClock('2026-02-23T09:00:00+07:00');
  await act(page, 'supplementReceived');
  await expect(drawer.getByTestId('due-current')).toHaveText('02/03/2026 13:30');
  await expect(drawer.getByTestId('due-original')).toHaveText('Hẹn trả ban đầu: 27/02/2026 17:00');

  // Accessibility of the drawer with its actions.
  await page.waitForTimeout(400);
  const axe = await new AxeBuilder({ page }).include('[data-testid="dossier-drawer"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad).toEqual([]);

  // The department's result: code and file; then returned to the citizen.
  setClock('2026-02-26T10:00:00+07:00');
  const doc = await PDFDocument.create();
  doc.addPage([300, 300]);
  await act(page, 'resultReceived', async () => {
    await page.getByTestId('act-result-code').fill('123/QĐ-UBND');
    await page.locator('.ant-modal input[type=file]').setInputFiles({ name: 'ket-qua.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await doc.save()) });
  });
  await expect(drawer.getByTestId('result-code')).toContainText('123/QĐ-UBND');
  await expect(drawer.getByTestId('result-file-link')).toBeVisible();
  const resultRes = await page.request.get((await drawer.getByTestId('result-file-link').getAttribute('href'))!);
  expect(resultRes.headers()['content-type']).toContain('application/pdf');
  await act(page, 'returnResult');
  await expect(drawer).toContainText('Đã trả kết quả');
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();

  // The register of 13/02/2026 as Excel, read back.
  await page.getByTestId('register-from').fill('13/02/2026');
  await page.getByTestId('register-from').press('Enter');
  await page.getByTestId('register-to').fill('13/02/2026');
  await page.getByTestId('register-to').press('Enter');
  await page.getByTestId('register-xlsx').click();
  const link = page.getByTestId('register-xlsx-link');
  await expect(link).toBeVisible();
  const xlsxRes = await page.request.get((await link.getAttribute('href'))!);
  expect(xlsxRes.status()).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await xlsxRes.body()) as unknown as ArrayBuffer);
  const rows = wb.worksheets[0]!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
  const row = rows.find((r) => r[1] === dossier.code)!;
  expect(row.slice(2, 8)).toEqual(['Đăng ký lại khai sinh', 'Đặng Thị Hằng', '13/02/2026 10:30', '02/03/2026 13:30', '26/02/2026 10:00', 'Đã trả kết quả']);
  expect(String(row[8])).toContain('Hẹn ban đầu 27/02/2026 17:00');
});
