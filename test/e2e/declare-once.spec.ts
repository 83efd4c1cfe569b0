// "Declare once" at Tiếp nhận: a returning citizen's ID number brings back what they declared last
// time, and papers already digitized for them are reused instead of scanned again.
import sharp from 'sharp';
import { expect, expectShell, openApp, test, type HostApi } from './fixtures';

test.beforeEach(async ({ api }) => {
  await api.ensureSignedIn();
});

async function waitJob(api: HostApi, jobId: string): Promise<{ state: string }> {
  for (let i = 0; i < 600; i++) {
    const job = await api.ok('jobs.get', { jobId });
    if (job.state === 'done' || job.state === 'failed') return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('job did not finish');
}

test('công dân đã đến trước: nhập số CCCD, điền lại thông tin đã khai bằng một lần bấm', async ({ page, host, api }) => {
  const procedure = await api.createProcedure();
  const idNumber = `0791${String(Date.now()).slice(-8)}`;
  await api.ok('dossiers.create', {
    procedureId: procedure.id,
    applicant: { name: 'Hồ Thị Xuân', idNumber, address: '7 Trần Phú, phường Hải Châu', phone: '0905123456', email: '' },
    components: [{ name: 'Tờ khai', required: true, copies: 1, received: true }],
  });
  await openApp(page, host, '#/tiep-nhan');
  await expectShell(page);
  await page.getByTestId('procedure-search').locator('input').fill(procedure.code);
  await page.getByTestId('procedure-item').filter({ hasText: procedure.name }).click();
  await expect(page.getByTestId('known-applicant')).toHaveCount(0);
  await page.getByTestId('applicant-id').fill(idNumber);
  const known = page.getByTestId('known-applicant');
  await expect(known).toContainText('Công dân Hồ Thị Xuân đã nộp 1 hồ sơ tại đây');
  await known.getByTestId('fill-known').click();
  await expect(page.getByTestId('applicant-name')).toHaveValue('Hồ Thị Xuân');
  await expect(page.getByTestId('applicant-address')).toHaveValue('7 Trần Phú, phường Hải Châu');
  await expect(page.getByTestId('applicant-phone')).toHaveValue('0905123456');
  // Another number: the offer goes away.
  await page.getByTestId('applicant-id').fill(`0010${String(Date.now() + 1).slice(-8)}`); // a number never used
  await expect(known).toHaveCount(0);
});

test('dùng lại bản số hóa đã có của công dân cho thành phần trùng tên', async ({ page, host, api }) => {
  const procedure = await api.createProcedure();
  const idNumber = `07920${String(Date.now()).slice(-7)}`; // male, born 2000–2009
  const earlier = await api.ok('dossiers.create', {
    procedureId: procedure.id,
    applicant: { name: 'Lâm Văn Phúc', idNumber, address: '', phone: '', email: '' },
    components: [{ name: 'Giấy chứng sinh', required: true, copies: 1, received: true }],
  });
  const componentId = earlier.components[0].id;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1654" height="2339"><rect width="100%" height="100%" fill="#fff"/><text x="200" y="300" font-size="60" font-family="DejaVu Sans">GIẤY CHỨNG SINH</text></svg>`;
  const png = await sharp(Buffer.from(svg)).png().toBuffer();
  expect((await waitJob(api, (await api.ok('digitize.importFiles', { componentId, files: [{ name: 'gcs.png', dataBase64: png.toString('base64') }] })).jobId)).state).toBe('done');
  expect((await waitJob(api, (await api.ok('digitize.buildPdf', { componentId })).jobId)).state).toBe('done');

  await openApp(page, host, '#/tiep-nhan');
  await expectShell(page);
  await page.getByTestId('procedure-search').locator('input').fill(procedure.code);
  await page.getByTestId('procedure-item').filter({ hasText: procedure.name }).click();
  await page.getByTestId('applicant-id').fill(idNumber);
  await page.getByTestId('reuse-component').filter({ hasText: 'Giấy chứng sinh' }).click();
  await expect(page.getByTestId('reused-tag')).toContainText(earlier.code);
  await page.getByTestId('fill-known').click();
  await page.getByTestId('mark-all-received').click();
  await page.getByTestId('applicant-name').press('Enter');
  const code = (await page.getByTestId('dossier-code').textContent())!.trim();
  const list = await api.ok('dossiers.list', { query: code });
  const created = await api.ok('dossiers.get', { id: list.items[0].id });
  const reused = created.components.find((c: { name: string }) => c.name === 'Giấy chứng sinh');
  expect(reused.digitization).toMatchObject({ reusedFrom: earlier.code });
  expect(reused.digitization.fileId).not.toBeNull();
});
