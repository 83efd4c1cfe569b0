// Đồng bộ end to end (issue 19): a province receiver on a throwaway PostgreSQL database (in this
// worker, the real createApp) and a browser host of its own whose machine policy points upstreamUrl
// at it. An administrator enrolls the desk with IT's one-time token, a dossier is received and its
// component digitized, "Đồng bộ ngay" sends it with its PDF; a result set upstream comes back with
// the next pass to Hồ sơ and Thống kê.
// The background pass is off on this host (MOTCUA_TEST_SYNC_INTERVAL_MS=0): each pass is the click.
// Without PostgreSQL the test skips and prints why; under CI it fails (postgresProblem throws).
import crypto from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from '@playwright/test';
import { toLocalDay } from '../../shared/domain/vietnam-time';
import { ADMIN_TOKEN, TestClock, dossierRow, postgresProblem, startReceiver, throwawayDatabase, type Receiver } from '../server/helpers';
import { startHost, type RunningHost } from './host';
import { expect, expectShell, HostApi, newSessionId, openApp, test, UNIT } from './fixtures';

/** The receiver's clock: the real one (the desk's too), so no skew is measured. */
class RealClock extends TestClock {
  override now(): number {
    return Date.now();
  }
}

async function onePagePdf(context: BrowserContext): Promise<Buffer> {
  const maker = await context.newPage();
  await maker.setContent(`<html lang="vi"><body style="font: 16pt 'Noto Sans', sans-serif"><p>Tờ khai cấp bản sao trích lục khai sinh</p></body></html>`);
  const pdf = await maker.pdf({ format: 'A4' });
  await maker.close();
  return pdf;
}

/** Thống kê over one local day (the dossier's, so a run across midnight or a month's end counts it). */
async function statsOfDay(page: Page, day: string): Promise<void> {
  await page.keyboard.press('Alt+5');
  await expect(page.getByTestId('screen-stats')).toBeVisible();
  const typed = `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
  await page.getByText('Tùy chọn', { exact: true }).click();
  await page.getByLabel('Từ ngày').fill(typed);
  await page.getByLabel('Từ ngày').press('Enter');
  await page.getByLabel('Đến ngày').fill(typed);
  await page.getByLabel('Đến ngày').press('Enter');
  await expect(page.getByTestId('stats-period')).toContainText(`từ ${typed} đến ${typed}`);
}

/** Serious and critical axe violations, listed with the elements they name (as test/e2e/a11y.spec.ts). */
async function seriousViolations(page: Page, where: string): Promise<string[]> {
  await page.waitForTimeout(400); // antd's motion settles (a half-faded element has a mixed contrast)
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: [${v.impact}] ${v.id} – ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function admin(r: Receiver, route: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${r.base}${route}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

test.describe.configure({ timeout: 300_000 });

let problem: string | null = null;
let drop: (() => Promise<void>) | null = null;
let receiver: Receiver | null = null;
let desk: RunningHost | null = null;

test.beforeAll(async () => {
  // Under CI a missing PostgreSQL throws here: the spec fails instead of skipping.
  problem = await postgresProblem();
  if (problem) return;
  const db = await throwawayDatabase();
  drop = db.drop;
  receiver = await startReceiver(db.url, { clock: new RealClock() });
  desk = await startHost({ label: 'sync', policy: { upstreamUrl: receiver.base }, env: { MOTCUA_TEST_SYNC_INTERVAL_MS: '0' } });
});

test.afterAll(async () => {
  await desk?.stop();
  await receiver?.close();
  await drop?.();
});

test('Đồng bộ: đăng ký máy, gửi hồ sơ kèm PDF lên máy chủ tỉnh, nhận kết quả về Hồ sơ và Thống kê', async ({ page, request, context }) => {
  test.skip(problem !== null, `Bỏ qua: ${problem}`);
  const r = receiver!;
  const host = { url: desk!.url, origin: desk!.origin, token: desk!.token, sessionId: newSessionId() };
  const api = new HostApi(request, host);
  await api.ensureSignedIn();
  // A fee-bearing procedure with a paper result: the dossier counts as digitized only with an
  // electronic result, and in online payment's denominator.
  const suffix = crypto.randomBytes(3).toString('hex');
  const procedure = await api.createProcedure({
    name: `Cấp bản sao trích lục khai sinh ${suffix}`,
    resultIsPaper: true,
    feeBearing: true,
    fees: [{ name: 'Lệ phí cấp bản sao', amount: 8000 }],
    components: [{ name: 'Tờ khai cấp bản sao', required: true, copies: 1 }],
  });

  // IT creates a one-time token for the desk's unit; the administrator enrolls in Đồng bộ.
  const issued = await admin(r, '/admin/enrollment-tokens', { unitCode: UNIT.unitCode, role: 'officer', note: 'Quầy 1' });
  expect(issued.status).toBe(201);
  const token = String(issued.body.token);
  await openApp(page, host, '#/dong-bo');
  await expectShell(page);
  const screen = page.getByTestId('screen-sync');
  await expect(screen).toBeVisible();
  await expect(screen).toContainText('Máy này chưa được đăng ký với máy chủ tỉnh');
  await expect(page.getByTestId('sync-now')).toBeDisabled();
  const enroll = page.getByTestId('sync-enroll');
  await enroll.getByLabel('Mã đăng ký máy (do bộ phận CNTT cấp, dùng một lần)').fill(token);
  await enroll.getByLabel('Tên máy (bộ phận CNTT thấy trong danh sách)').fill('Quầy 1 — Tân Lập');
  await enroll.getByRole('button', { name: 'Đăng ký', exact: true }).click();
  await expect(page.getByText('Đã đăng ký máy với máy chủ tỉnh.')).toBeVisible();
  await expect(screen).not.toContainText('Máy này chưa được đăng ký');
  await expect(screen).toContainText(`đơn vị ${UNIT.unitCode}`);
  await expect(page.getByTestId('sync-now')).toBeEnabled();
  const desks = (await r.db.query('SELECT id, name, unit_code FROM desks')).rows as { id: string; name: string; unit_code: string }[];
  expect(desks).toEqual([expect.objectContaining({ name: 'Quầy 1 — Tân Lập', unit_code: UNIT.unitCode })]);

  // Tiếp nhận: the dossier, received at the counter.
  const applicant = `Lê Thị Hoa ${suffix}`;
  await page.keyboard.press('Alt+1');
  await expect(page.getByTestId('screen-reception')).toBeVisible();
  await page.getByTestId('procedure-search').locator('input').fill(`cap ban sao trich luc khai sinh ${suffix}`);
  await page.getByTestId('procedure-item').filter({ hasText: procedure.name }).click();
  await expect(page.getByTestId('applicant-name')).toBeFocused();
  await page.getByTestId('mark-all-received').click();
  await page.getByTestId('applicant-name').fill(applicant);
  await page.getByTestId('applicant-id').fill('001203004567');
  await page.getByTestId('applicant-address').fill('Số 5, thôn Đông, xã Tân Lập');
  await page.getByTestId('applicant-phone').fill('0987654321');
  await page.getByTestId('reception-submit').click();
  const codeEl = page.getByTestId('dossier-code');
  await expect(codeEl).toBeVisible();
  const code = (await codeEl.textContent())!.trim();
  const listed = await api.ok<{ items: { id: string; code: string; receivedAt: string }[] }>('dossiers.list', { query: code });
  const received = listed.items.find((d) => d.code === code)!;
  const dossierId = received.id;

  // Số hóa: one page, its PDF.
  await openApp(page, host, `#/so-hoa?dossier=${dossierId}`);
  await expectShell(page);
  await expect(page.getByTestId('digitize-component')).toHaveCount(1);
  await page.locator('input[type=file]').setInputFiles({ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: await onePagePdf(context) });
  await expect(page.getByTestId('page-thumb')).toHaveCount(1, { timeout: 60_000 });
  await page.getByTestId('build-pdf').click();
  await expect(page.getByTestId('pdf-frame')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('digitize-component').first()).toContainText('Đã có PDF (1 trang)');
  const detail = await api.ok<{ components: { digitization: { fileId: string | null } }[] }>('dossiers.get', { id: dossierId });
  const sha = detail.components[0]!.digitization.fileId!;
  expect(sha).toMatch(/^[0-9a-f]{64}$/);
  const held = await request.get(`${host.origin}/files/pdf/${sha}?token=${host.token}&session=${host.sessionId}`);
  expect(held.status()).toBe(200);
  const deskBytes = await held.body();
  expect(crypto.createHash('sha256').update(deskBytes).digest('hex')).toBe(sha);

  // Thống kê before: received, not yet digitized by the index (no electronic result), not paid.
  const day = toLocalDay(new Date(received.receivedAt));
  await statsOfDay(page, day);
  await expect(page.getByTestId('stats-period')).toContainText(': 1 hồ sơ');
  await expect(page.getByTestId('stats-digitization')).toContainText('0/1 hồ sơ');
  await expect(page.getByTestId('stats-payment')).toContainText('0/1 hồ sơ');

  // Đồng bộ → "Đồng bộ ngay": what waits is sent.
  await page.keyboard.press('Alt+6');
  await expect(screen).toBeVisible();
  const pending = page.getByTestId('sync-pending').locator('.ant-statistic-content-value');
  const done = page.getByTestId('sync-done').locator('.ant-statistic-content-value');
  await expect(pending).not.toHaveText('0');
  const waiting = Number((await pending.textContent())!.replace(/\D/g, ''));
  expect(waiting).toBeGreaterThanOrEqual(3); // the dossier, its reception step, its component's file
  const doneBefore = Number((await done.textContent())!.replace(/\D/g, ''));
  const passDone = page.getByText('Đã đồng bộ: không còn mục nào chờ gửi.');
  await page.getByTestId('sync-now').click();
  await expect(passDone).toBeVisible();
  await expect(pending).toHaveText('0');
  await expect(done).toHaveText(String(doneBefore + waiting));
  await expect(page.getByTestId('sync-failed').locator('.ant-statistic-content-value')).toHaveText('0');
  await expect(page.getByTestId('sync-connection')).toContainText('Đang kết nối');
  await expect(page.getByTestId('sync-last-error')).toHaveCount(0);
  // The enrolled screen after a pass (desk, unit, counts, re-enrollment) reads well to everyone.
  expect.soft(await seriousViolations(page, 'Đồng bộ (đã đăng ký)')).toEqual([]);

  // The receiver holds the dossier under its upstream key (dossier code + unit code), its
  // component's file by SHA-256, and serves exactly the desk's PDF bytes at /files/:sha256.
  const row = await dossierRow(r.db, UNIT.unitCode, code);
  expect(row).toBeDefined();
  expect(row!.fields).toMatchObject({ procedureCode: procedure.code, channel: 1, applicant: { name: applicant } });
  const events = (await r.db.query('SELECT status, origin FROM dossier_events WHERE unit_code = $1 AND code = $2', [UNIT.unitCode, code])).rows;
  expect(events).toContainEqual({ status: 2, origin: `desk:${desks[0]!.id}` });
  const inbox = (await r.db.query('SELECT outcome, count(*)::int AS n FROM inbox GROUP BY outcome')).rows;
  expect(inbox).toEqual([{ outcome: 'accepted', n: waiting }]);
  const files = (await r.db.query('SELECT data FROM component_files WHERE unit_code = $1 AND code = $2', [UNIT.unitCode, code])).rows as { data: Record<string, unknown> }[];
  expect(files).toEqual([{ data: expect.objectContaining({ sha256: sha, name: 'Tờ khai cấp bản sao' }) }]);
  const served = await fetch(`${r.base}/files/${sha}`);
  expect(served.status).toBe(200);
  expect(served.headers.get('content-type')).toBe('application/pdf');
  expect(Buffer.from(await served.arrayBuffer()).equals(deskBytes)).toBe(true);

  // Upstream: the province's processing system finishes the dossier with an electronic result, paid
  // online through the national portal.
  const resultUrl = `${r.base}/files/${sha}`;
  const endedAt = new Date().toISOString();
  const set = await admin(r, '/admin/upstream', {
    code,
    unitCode: UNIT.unitCode,
    at: endedAt,
    fields: { status: 9, resultCode: `KQ-${suffix}`, resultFile: resultUrl, endedAt, paidOnline: 1 },
  });
  expect(set.status).toBe(200);
  expect(set.body.changed).toMatchObject({ status: 9, resultCode: `KQ-${suffix}`, paidOnline: 1 });

  // The first pass's notice has gone: the one now seen is the second pass's.
  await expect(passDone).toHaveCount(0);
  await page.getByTestId('sync-now').click();
  await expect(passDone).toBeVisible();
  await expect(pending).toHaveText('0');
  await expect(page.getByTestId('sync-last-error')).toHaveCount(0);

  // Hồ sơ: the new status, the result and the payment on that dossier.
  await page.keyboard.press('Alt+4');
  await expect(page.getByTestId('screen-dossiers')).toBeVisible();
  const listRow = page.getByTestId('dossier-row').filter({ hasText: code });
  await expect(listRow).toContainText('Đã xử lý xong');
  await listRow.click();
  const drawer = page.getByRole('dialog');
  await expect(drawer).toContainText(`Hồ sơ ${code}`);
  await expect(drawer.locator('.ant-timeline')).toContainText('Cập nhật từ hệ thống xử lý của tỉnh');
  await expect(drawer.getByTestId('result-code')).toContainText(`KQ-${suffix}`);
  await expect(drawer.getByTestId('result-file-link')).toHaveAttribute('href', resultUrl);
  await expect(drawer.getByTestId('index-fields')).toContainText('Qua Cổng Dịch vụ công quốc gia');
  expect.soft(await seriousViolations(page, 'Hồ sơ có kết quả từ tỉnh')).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();

  // Thống kê after: digitized with its electronic result, paid online.
  await statsOfDay(page, day);
  await expect(page.getByTestId('stats-period')).toContainText(': 1 hồ sơ');
  await expect(page.getByTestId('stats-digitization')).toContainText('1/1 hồ sơ');
  await expect(page.getByTestId('stats-payment')).toContainText('1/1 hồ sơ');
  const index = await api.ok('metrics.index', { from: day, to: day });
  expect(index).toMatchObject({ received: 1, digitization: { count: 1, of: 1 }, payment: { count: 1, of: 1 } });
});
