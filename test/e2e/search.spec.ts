// Searching as officers type: "kí" for "ký" (i and y are one letter in searches), and results that
// show the original text, accents and all, with the match highlighted.
import { expect, expectShell, openApp, test } from './fixtures';

test.beforeEach(async ({ api }) => {
  await api.ensureSignedIn();
});

test('“đăng kí” tìm được thủ tục “Đăng ký …”', async ({ page, host, api }) => {
  const procedure = await api.createProcedure();
  const suffix = procedure.name.split(' ').pop()!;
  await openApp(page, host, '#/tiep-nhan');
  await expectShell(page);
  await page.getByTestId('procedure-search').locator('input').fill(`đăng kí khai sinh ${suffix}`);
  await expect(page.getByTestId('procedure-item').filter({ hasText: procedure.name })).toBeVisible();
  expect((await api.ok<unknown[]>('procedures.search', { query: `dang ki ${suffix}` })).length).toBe(1);
});

test('tìm toàn văn: “đăng kí” tìm được trang “Đăng ký”, kết quả giữ dấu và tô đậm chỗ khớp', async ({ page, host, api, context }) => {
  const procedure = await api.createProcedure();
  const dossier = await api.createDossier(procedure.id);
  const tag = `ma${Date.now().toString(36)}`;
  // A PDF with a text layer (no OCR needed): its text is indexed as it is imported.
  const maker = await context.newPage();
  await maker.setContent(`<html lang="vi"><body style="font: 16pt 'Noto Sans', sans-serif"><h1>TỜ KHAI ĐĂNG KÝ KHAI SINH</h1><p>Họ, chữ đệm, tên người yêu cầu: Trần Văn Bình</p><p>Ngày, tháng, năm sinh: 01/01/1990. Số hồ sơ ${tag}.</p></body></html>`);
  const pdf = await maker.pdf({ format: 'A4' });
  await maker.close();

  await openApp(page, host, `#/so-hoa?dossier=${dossier.id}`);
  await expectShell(page);
  await expect(page.getByTestId('digitize-component')).toHaveCount(2);
  await page.locator('input[type=file]').setInputFiles({ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: pdf });
  await expect(page.getByTestId('page-thumb')).toHaveCount(1, { timeout: 60_000 });

  await page.evaluate(() => (window.location.hash = '#/ho-so'));
  const fts = page.getByTestId('fulltext-search').locator('input');
  await fts.fill(`đăng kí ${tag}`);
  await fts.press('Enter');
  const results = page.getByTestId('fulltext-results');
  await expect(results).toContainText(dossier.code);
  // The original words, with their accents, and the matches marked.
  await expect(results.locator('mark').filter({ hasText: /^KÝ$/ })).toBeVisible();
  await expect(results.locator('mark').filter({ hasText: tag })).toBeVisible();
  await expect(results).toContainText('Ngày, tháng, năm sinh');
});
