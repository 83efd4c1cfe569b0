// `motcua cccd FILE...`: reads the QR code of citizen ID cards on images or scans and prints one JSON
// object per file, in order, on its own line: the card's fields, or the reason it was not read.
// Nothing is stored and nothing is logged: the output is the only copy of the card's data.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { sexLabel } from '../../../shared/domain/citizen-card';
import { tuneImageLibrary } from '../../core/process-tuning';
import { readCardFile, type CardRead } from '../../idcard/read-qr';
import type { CliCommand } from './commands';

/** The card as `motcua cccd` prints it (dates ISO, old_id "" when none, text NFC). */
export function cardJson(r: CardRead): Record<string, string> {
  if (!r.ok) return { error: r.error, message: r.message };
  const c = r.card;
  return { id: c.id, old_id: c.oldId, name: c.name, dob: c.dob, sex: sexLabel(c.sex), address: c.address, issue_date: c.issueDate };
}

export const cccd: CliCommand = {
  summary: 'Đọc mã QR trên thẻ căn cước công dân (ảnh, bản quét, PDF) ra JSON',
  usage: [
    'Cách dùng: motcua cccd TỆP...',
    '  Mỗi tệp (JPEG, PNG, TIFF, BMP, WebP hoặc trang đầu của PDF; thẻ có thể nằm bất kỳ đâu trên trang A4)',
    '  in ra một dòng JSON: {"id","old_id","name","dob","sex","address","issue_date"}',
    '  hoặc {"error":"no-qr|not-card|invalid|mangled|unreadable","message":"lý do"}.',
    '  Mã thoát 0 khi đọc được mọi tệp, 1 khi có tệp không đọc được.',
  ].join('\n'),
  async run(args) {
    const { positionals } = parseArgs({ args, allowPositionals: true, options: { 'data-dir': { type: 'string' } } });
    if (positionals.length === 0) {
      console.error('Thiếu tệp ảnh thẻ căn cước. Xem: motcua cccd --help');
      return 2;
    }
    tuneImageLibrary();
    let failed = 0;
    for (const file of positionals) {
      let r: CardRead;
      try {
        r = await readCardFile({ name: file, data: await fs.promises.readFile(file) });
      } catch (err) {
        r = { ok: false, error: 'unreadable', message: `Không mở được tệp "${file}": ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
      }
      if (!r.ok) failed++;
      console.log(JSON.stringify(cardJson(r)));
    }
    return failed ? 1 : 0;
  },
};
