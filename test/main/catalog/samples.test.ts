// The sample catalog shipped in samples/: marked as a sample, every row good, commune level, the
// procedures a commune desk meets most, and its CSV and Excel forms the same catalog as its JSON
// (written by `npm run samples:catalog`).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCatalogFile, toCatalogCsv } from '../../../main/catalog/read';
import { sampleProcedures } from '../../../main/catalog/samples';

const dir = path.resolve(__dirname, '../../../samples');
const bytes = (name: string) => new Uint8Array(fs.readFileSync(path.join(dir, name)));

describe('sample catalog', () => {
  it('is marked as a sample and holds the common commune procedures, all valid', async () => {
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'catalog-sample.json'), 'utf8')) as { note: string };
    expect(json.note).toMatch(/^Mẫu — kiểm tra với danh mục của tỉnh/);
    const procedures = await sampleProcedures(bytes('catalog-sample.json'));
    expect(procedures.length).toBeGreaterThanOrEqual(15);
    expect(procedures.length).toBeLessThanOrEqual(25);
    expect(procedures.every((p) => p.level === 'xa' && p.components.length > 0)).toBe(true);
    const names = procedures.map((p) => p.name).join('\n');
    for (const n of ['Đăng ký khai sinh', 'Đăng ký khai tử', 'Đăng ký kết hôn', 'xác nhận tình trạng hôn nhân', 'Chứng thực bản sao', 'Chứng thực chữ ký', 'Đăng ký thường trú']) expect(names).toContain(n);
    expect(new Set(procedures.map((p) => p.code)).size).toBe(procedures.length);
  });

  it('ships CSV and Excel forms that are the same catalog as the JSON', async () => {
    const procedures = await sampleProcedures(bytes('catalog-sample.json'));
    expect(fs.readFileSync(path.join(dir, 'catalog-sample.csv'), 'utf8'), 'run npm run samples:catalog').toBe(toCatalogCsv(procedures));
    const fromJson = (await readCatalogFile('a.json', bytes('catalog-sample.json'))).rows.map((r) => r.patch);
    for (const name of ['catalog-sample.csv', 'catalog-sample.xlsx']) {
      const file = await readCatalogFile(name, bytes(name));
      expect(file.rows.filter((r) => r.errors.length), name).toEqual([]);
      // JSON leaves some fields out (defaults); the sheets write every column: compare the procedures.
      const fromSheet = file.rows.map((r) => r.patch);
      expect(fromSheet.map((p) => p!.code)).toEqual(fromJson.map((p) => p!.code));
      for (const [i, p] of fromSheet.entries()) {
        expect(p!.components, `${name} ${p!.code}`).toEqual(procedures[i]!.components.map(({ id: _c, ...c }) => c));
        expect(p!.fees).toEqual(procedures[i]!.fees);
        expect(p!.time).toEqual({ processingDays: procedures[i]!.processingDays, processingHours: procedures[i]!.processingHours });
        expect(p!.after15hRule).toBe(procedures[i]!.after15hRule);
      }
    }
  });
});
