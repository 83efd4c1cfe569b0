// OCR fallback on generated card fronts WITHOUT a QR (tesseract.js with the bundled Vietnamese
// model): a chip CCCD alone and on an A4 scan, an old 9-digit CMND, a blurred JPEG; a page with no
// card gives "no fields", never invented values.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCardFront } from '../../../main/idcard/read-front';
import { OcrPool } from '../../../main/ocr/pool';
import { SAMPLE_CARDS, cardFront, degrade } from '../../helpers/cccd-card';

const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'motcua-front-test-'));
let pool: OcrPool;
const NOW = Date.parse('2026-06-01T00:00:00Z');

beforeAll(async () => {
  pool = await OcrPool.create({ cacheDir, size: 1 });
}, 120_000);
afterAll(async () => {
  await pool?.close();
  rmSync(cacheDir, { recursive: true, force: true });
});

const read = (name: string, data: Buffer) => readCardFront({ name, data }, pool, { now: NOW });

describe('readCardFront (OCR of the printed fields)', () => {
  it('reads every field of a clean chip CCCD front', async () => {
    const card = SAMPLE_CARDS[0]!;
    const r = await read('cccd.png', await cardFront(card, { origin: 'Xã Tân Lập, Huyện Đan Phượng, Hà Nội' }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.front.kind).toBe('cccd');
    expect(r.front.fields).toEqual({
      id: { value: '001088012345', problem: null },
      name: { value: 'Nguyễn Văn An', problem: null },
      dob: { value: '1988-01-01', problem: null },
      sex: { value: 'Nam', problem: null },
      nationality: { value: 'Việt Nam', problem: null },
      origin: { value: 'Xã Tân Lập, Huyện Đan Phượng, Hà Nội', problem: null },
      address: { value: card.address, problem: null },
      expiry: { value: '2036-06-15', problem: null },
    });
  }, 120_000);

  it('reads an old 9-digit CMND front (its own labels: Sinh ngày, Nguyên quán, Nơi ĐKHK thường trú)', async () => {
    const card = { ...SAMPLE_CARDS[1]!, oldId: '024681357' };
    const r = await read('cmnd.png', await cardFront(card, { kind: 'cmnd', origin: 'Xã Tân Lập, Huyện Cần Giuộc, Long An' }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.front.kind).toBe('cmnd');
    expect(r.front.fields).toEqual({
      id: { value: '024681357', problem: null },
      name: { value: 'Trần Thị Bích Ngọc', problem: null },
      dob: { value: '1995-11-23', problem: null },
      origin: { value: 'Xã Tân Lập, Huyện Cần Giuộc, Long An', problem: null },
      address: { value: card.address, problem: null },
    });
  }, 120_000);

  it('finds the card on a 300-dpi A4 scan', async () => {
    const card = SAMPLE_CARDS[2]!;
    const r = await read('a4.png', await cardFront(card, { onA4: { at: [0.4, 0.25] } }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.front.fields.id).toEqual({ value: card.id, problem: null });
    expect(r.front.fields.name).toEqual({ value: card.name, problem: null });
    expect(r.front.fields.dob).toEqual({ value: '2001-04-30', problem: null });
  }, 120_000);

  it('on a blurred JPEG of a 200-dpi capture: at least the ID and the name, or a clear "no fields"', async () => {
    const card = SAMPLE_CARDS[3]!;
    const r = await read('blur.jpg', await degrade(await cardFront(card, { dpi: 200 }), { blur: 1.2, jpeg: 60 }));
    if (r.ok) {
      // Whatever was found is either right or flagged; a wrong ID number is never passed as valid.
      expect(r.front.fields.id?.value === card.id || r.front.fields.id?.problem).toBeTruthy();
      expect(r.front.fields.name?.value === card.name || r.front.fields.name?.problem).toBeTruthy();
      expect(r.front.fields.id?.value).toBe(card.id);
      expect(r.front.fields.name?.value).toBe(card.name);
    } else {
      expect(r.error).toBe('no-fields');
      expect(r.message).toMatch(/Không nhận ra số định danh hay họ tên/);
    }
  }, 120_000);

  it('a page with no card gives "no fields", not invented values', async () => {
    const sharp = (await import('sharp')).default;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1240" height="600"><rect width="100%" height="100%" fill="#fff"/><text x="60" y="200" font-size="40" font-family="DejaVu Sans">Biên bản họp tổ dân phố số 3</text><text x="60" y="300" font-size="40" font-family="DejaVu Sans">Thời gian: 8 giờ ngày 15/06/2026</text></svg>`;
    const r = await read('page.png', await sharp(Buffer.from(svg)).png().toBuffer());
    expect(r).toMatchObject({ ok: false, error: 'no-fields' });
  }, 120_000);
});
