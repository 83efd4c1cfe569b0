// `motcua cccd FILE...`: reads the QR code of citizen ID cards on images or scans and prints one JSON
// object per file, in order, on its own line: the card's fields, or the reason it was not read.
// Nothing is stored and nothing is logged: the output is the only copy of the card's data.
// With --ocr, a file whose QR cannot be found is read by OCR of the card's front (the app's OCR pool,
// started only then): the fields printed on it, all marked "to_check": true.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sexLabel } from '../../../shared/domain/citizen-card';
import { tuneImageLibrary } from '../../core/process-tuning';
import { readCardFile, type CardRead } from '../../idcard/read-qr';
import { readCardFront, type FrontRead } from '../../idcard/read-front';
import type { OcrPool } from '../../ocr/pool';
import type { CliCommand } from './commands';

/** The card as `motcua cccd` prints it (dates ISO, old_id "" when none, text NFC). */
export function cardJson(r: CardRead): Record<string, string> {
  if (!r.ok) return { error: r.error, message: r.message };
  const c = r.card;
  return { id: c.id, old_id: c.oldId, name: c.name, dob: c.dob, sex: sexLabel(c.sex), address: c.address, issue_date: c.issueDate };
}

/**
 * The fields read from the card's face as `motcua cccd --ocr` prints them: each value found (dates
 * ISO, sex Nam/Nữ), `"source":"ocr"`, `"to_check":true`, and `problems` naming the values that fail
 * a check (the ID number's structure, a day that does not exist…) with the reason.
 */
export function frontJson(r: FrontRead): Record<string, unknown> {
  if (!r.ok) return { error: r.error, message: r.message };
  const out: Record<string, unknown> = { source: 'ocr', to_check: true, kind: r.front.kind };
  const problems: Record<string, string> = {};
  for (const [f, v] of Object.entries(r.front.fields)) {
    out[f] = v.value;
    if (v.problem) problems[f] = v.problem;
  }
  out.problems = problems;
  return out;
}

export const cccd: CliCommand = {
  summary: 'Đọc mã QR trên thẻ căn cước công dân (ảnh, bản quét, PDF) ra JSON',
  usage: [
    'Cách dùng: motcua cccd [--ocr] TỆP...',
    '  Mỗi tệp (JPEG, PNG, TIFF, BMP, WebP hoặc trang đầu của PDF; thẻ có thể nằm bất kỳ đâu trên trang A4)',
    '  in ra một dòng JSON: {"id","old_id","name","dob","sex","address","issue_date"}',
    '  hoặc {"error":"no-qr|not-card|invalid|mangled|unreadable","message":"lý do"}.',
    '  --ocr: tệp không có mã QR thì đọc chữ in trên mặt trước của thẻ (thẻ hỏng mã QR, CMND 9 hoặc 12 số):',
    '  {"source":"ocr","to_check":true,"kind","id","name","dob","sex","nationality","origin","address",',
    '  "expiry","problems":{trường: lý do}} (chỉ các trường đọc được; mọi giá trị cần cán bộ kiểm tra)',
    '  hoặc {"error":"no-fields","message"}.',
    '  Mã thoát 0 khi đọc được mọi tệp, 1 khi có tệp không đọc được.',
  ].join('\n'),
  async run(args, ctx) {
    const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { 'data-dir': { type: 'string' }, ocr: { type: 'boolean' } } });
    if (positionals.length === 0) {
      console.error('Thiếu tệp ảnh thẻ căn cước. Xem: motcua cccd --help');
      return 2;
    }
    tuneImageLibrary();
    let failed = 0;
    const engine: { pool: Promise<OcrPool> | null } = { pool: null };
    const ocr = () =>
      (engine.pool ??= import('../../ocr/pool').then(({ OcrPool }) =>
        OcrPool.create({ size: 1, cacheDir: path.join(ctx.dataDir, 'cache', 'tessdata') }),
      ));
    try {
      for (const file of positionals) {
        let r: CardRead;
        let data: Buffer | null = null;
        try {
          data = await fs.promises.readFile(file);
          r = await readCardFile({ name: file, data });
        } catch (err) {
          r = { ok: false, error: 'unreadable', message: `Không mở được tệp "${file}": ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
        }
        if (!r.ok && r.error === 'no-qr' && values.ocr && data) {
          const front = await readCardFront({ name: file, data }, await ocr());
          if (!front.ok) failed++;
          console.log(JSON.stringify(frontJson(front)));
          continue;
        }
        if (!r.ok) failed++;
        console.log(JSON.stringify(cardJson(r)));
      }
    } finally {
      if (engine.pool) await (await engine.pool).close();
    }
    return failed ? 1 : 0;
  },
};
