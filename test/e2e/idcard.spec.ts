// Đọc CCCD at Tiếp nhận: a card image uploaded (a scan with the card small and rotated, another QR
// beside it) fills the applicant; a line typed by a keyboard-mode scanner does the same, and a
// mangled one is refused with how to fix it, leaving the fields as they were.
import { SAMPLE_CARDS, cardFront, cardOnA4, cardQrText, degrade } from '../helpers/cccd-card';
import { expect, expectShell, openApp, test } from './fixtures';

test.beforeEach(async ({ api }) => {
  await api.ensureSignedIn();
});

test('Tiếp nhận: đọc CCCD từ ảnh quét điền họ tên, số CCCD, địa chỉ; máy quét cầm tay gõ sai mã thì báo cách sửa', async ({ page, host, api }) => {
  const procedure = await api.createProcedure();
  const card = SAMPLE_CARDS[0]!;
  const scan = await cardOnA4(cardQrText(card), { dpi: 200, angle: -14, at: [0.55, 0.3], otherQr: true }).then((p) => degrade(p, { blur: 0.8, jpeg: 80, dpi: 200 }));

  await openApp(page, host, '#/tiep-nhan');
  await expectShell(page);
  await page.getByTestId('procedure-search').locator('input').fill(procedure.code);
  await page.getByTestId('procedure-item').filter({ hasText: procedure.name }).click();

  await expect(page.getByTestId('card-read')).toHaveText(/Đọc CCCD/);
  await page.getByTestId('card-file').setInputFiles({ name: 'cccd.jpg', mimeType: 'image/jpeg', buffer: scan });
  await expect(page.getByTestId('card-filled')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('applicant-name')).toHaveValue('Nguyễn Văn An');
  await expect(page.getByTestId('applicant-id')).toHaveValue('001088012345');
  await expect(page.getByTestId('applicant-address')).toHaveValue(card.address);
  // Each value read shows where it came from; a value typed over becomes the officer's.
  await expect(page.getByTestId('source-name')).toHaveText(/^Từ thẻ CCCD \d{2}\/\d{2}\/\d{4}$/);
  await expect(page.getByTestId('source-address')).toHaveText(/^Từ thẻ CCCD /);
  await page.getByTestId('applicant-address').fill(`${card.address} (tạm trú)`);
  await expect(page.getByTestId('source-address')).toHaveText(/^Cán bộ nhập \d{2}\/\d{2}\/\d{4}$/);
  await expect(page.getByTestId('source-name')).toHaveText(/^Từ thẻ CCCD /);

  // A handheld scanner through the wrong code page: refused, nothing overwritten.
  const other = SAMPLE_CARDS[1]!;
  const mojibake = new TextDecoder('windows-1252').decode(new TextEncoder().encode(cardQrText(other)));
  await page.getByTestId('card-scan').fill(mojibake);
  await page.getByTestId('card-scan').press('Enter');
  await expect(page.getByTestId('card-problem')).toContainText('Unicode');
  await expect(page.getByTestId('applicant-name')).toHaveValue('Nguyễn Văn An');
  await expect(page.getByTestId('reception-result')).toHaveCount(0);

  // The same scanner set right: the line fills the applicant.
  await page.getByTestId('card-scan').fill(cardQrText(other));
  await page.getByTestId('card-scan').press('Enter');
  await expect(page.getByTestId('applicant-name')).toHaveValue('Trần Thị Bích Ngọc');
  await expect(page.getByTestId('applicant-id')).toHaveValue(other.id);
  await expect(page.getByTestId('card-scan')).toHaveValue('');
  await expect(page.getByTestId('reception-result')).toHaveCount(0);
});

test('Tiếp nhận: ảnh thẻ không có mã QR đọc được thì đọc chữ trên mặt thẻ (OCR), mọi giá trị "cần kiểm tra" đến khi cán bộ xác nhận', async ({ page, host, api }) => {
  const procedure = await api.createProcedure();
  // A number of its own (born 1988, male, Hà Nội): a new profile whatever ran before.
  const card = { ...SAMPLE_CARDS[0]!, id: `001088${String(Date.now()).slice(-6)}` };
  const front = await cardFront(card, { origin: 'Xã Tân Lập, Huyện Đan Phượng, Hà Nội' });

  await openApp(page, host, '#/tiep-nhan');
  await expectShell(page);
  await page.getByTestId('procedure-search').locator('input').fill(procedure.code);
  await page.getByTestId('procedure-item').filter({ hasText: procedure.name }).click();
  await page.getByTestId('card-file').setInputFiles({ name: 'mat-truoc.png', mimeType: 'image/png', buffer: front });
  await expect(page.getByTestId('card-problem')).toContainText('Không tìm thấy mã QR', { timeout: 30_000 });
  await expect(page.getByTestId('applicant-name')).toHaveValue('');
  await page.getByTestId('card-ocr').click();
  const result = page.getByTestId('card-ocr-result');
  await expect(result).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('card-ocr-id')).toContainText(card.id);
  await expect(page.getByTestId('card-ocr-dob')).toContainText('01/01/1988');
  await expect(page.getByTestId('card-ocr-name')).toContainText('Cần kiểm tra');
  await expect(page.getByTestId('applicant-name')).toHaveValue('Nguyễn Văn An');
  await expect(page.getByTestId('applicant-id')).toHaveValue(card.id);
  await expect(page.getByTestId('applicant-address')).toHaveValue(card.address);
  await expect(page.getByTestId('source-name')).toHaveText(/^Đọc từ ảnh thẻ \d{2}\/\d{2}\/\d{4} — cần kiểm tra$/);
  await expect(page.getByTestId('source-address')).toHaveText(/cần kiểm tra$/);

  // Received as read: the profile keeps every value as read by OCR, to check.
  await page.getByTestId('mark-all-received').click();
  await page.getByTestId('applicant-name').press('Enter');
  await expect(page.getByTestId('dossier-code')).toBeVisible();
  const profile = (await api.ok('applicants.lookup', { idNumber: card.id })).profile;
  expect(profile).toMatchObject({ name: 'Nguyễn Văn An', dob: '1988-01-01', sex: 'male', address: card.address });
  for (const f of ['name', 'address', 'dob', 'sex']) expect(profile.provenance[f]).toMatchObject({ source: 'ocr', toCheck: true });
});

test('Tiếp nhận: cán bộ xác nhận các giá trị đọc bằng OCR thì chúng thành "Cán bộ nhập"', async ({ page, host, api }) => {
  const procedure = await api.createProcedure();
  const card = { ...SAMPLE_CARDS[0]!, id: `001088${String(Date.now() + 7).slice(-6)}` };
  await openApp(page, host, '#/tiep-nhan');
  await expectShell(page);
  await page.getByTestId('procedure-search').locator('input').fill(procedure.code);
  await page.getByTestId('procedure-item').filter({ hasText: procedure.name }).click();
  await page.getByTestId('card-file').setInputFiles({ name: 'mat-truoc.png', mimeType: 'image/png', buffer: await cardFront(card) });
  await page.getByTestId('card-ocr').click({ timeout: 30_000 });
  await expect(page.getByTestId('source-name')).toHaveText(/cần kiểm tra$/, { timeout: 60_000 });
  await page.getByTestId('card-ocr-confirm').click();
  await expect(page.getByTestId('source-name')).toHaveText(/^Cán bộ nhập \d{2}\/\d{2}\/\d{4}$/);
  await expect(page.getByTestId('card-ocr-result')).toHaveCount(0);
  await page.getByTestId('mark-all-received').click();
  await page.getByTestId('applicant-name').press('Enter');
  await expect(page.getByTestId('dossier-code')).toBeVisible();
  const profile = (await api.ok('applicants.lookup', { idNumber: card.id })).profile;
  for (const f of ['name', 'address', 'dob', 'sex']) expect(profile.provenance[f]).toMatchObject({ source: 'officer', toCheck: false });
});
