// `motcua ocr` and `motcua pdf`: the digitization pipeline without the store, for IT and scripts.
// Pages go through the app's own page pipeline (main/pipeline/page-pipeline.ts): one worker pool
// serves the whole batch, pages stream through it a few at a time (memory stays bounded however many
// files are given), and a bad file or page is reported (in Vietnamese) and skipped.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { toErrorPayload } from '../../../shared/contract/errors';
import { tuneImageLibrary } from '../../core/process-tuning';
import { OcrPool } from '../../ocr/pool';
import { buildSearchablePdf, type PdfImagePage, type PdfCopiedPage } from '../../pdf/searchable-pdf';
import { processFile, type ProcessedPage } from '../../pipeline/page-pipeline';
import { openP12, readCertificate, signPdf } from '../../pdf/sign-pdf';
import { writeFileAtomic } from '../../fs/atomic';
import type { CliCommand, CliContext } from './commands';

async function withPool<T>(ctx: CliContext, workers: number | undefined, fn: (pool: OcrPool) => Promise<T>): Promise<T> {
  // The image library settings the app runs with (one libvips thread per operation, no cache).
  tuneImageLibrary();
  const pool = await OcrPool.create({ size: workers ?? Math.max(1, os.availableParallelism()), cacheDir: path.join(ctx.dataDir, 'cache', 'tessdata') });
  try {
    return await fn(pool);
  } finally {
    await pool.close();
  }
}

/** Prints each failure in Vietnamese and counts them; the batch goes on. */
function errorReporter() {
  let count = 0;
  return {
    report: (what: string, msg: string) => {
      count++;
      console.error(`Lỗi: ${what}: ${msg}`);
    },
    failures: () => count,
  };
}

/**
 * Runs `fn` over the files, two at a time: the next file starts while the last pages of the one
 * before are still being read, so every worker stays busy across file boundaries (the pipeline
 * bounds the pages in flight on the pool, whatever the number of files).
 */
async function eachFile(files: readonly string[], fn: (file: string, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < files.length) {
      const i = next++;
      await fn(files[i]!, i);
    }
  };
  await Promise.all([lane(), lane()]);
}

/**
 * One file through the page pipeline; `onPage` gets each page read, in page order. Page errors are
 * printed and skipped; a file that cannot be read at all throws.
 */
async function readFile(pool: OcrPool, file: string, onError: (what: string, msg: string) => void, onPage: (page: ProcessedPage) => void): Promise<void> {
  const data = await fs.promises.readFile(file);
  await processFile({ name: path.basename(file), data }, pool, {
    page: onPage,
    error: (index, err) => onError(`${file} (trang ${index + 1})`, toErrorPayload(err).message),
  });
}

export const ocr: CliCommand = {
  summary: 'Nhận dạng chữ (OCR tiếng Việt) từ ảnh hoặc PDF',
  usage: 'Cách dùng: motcua ocr TỆP            in văn bản nhận dạng ra màn hình\n           motcua ocr --out-dir THƯ_MỤC TỆP...   ghi THƯ_MỤC/<tên>.txt cho từng tệp\nTùy chọn: --workers N (mặc định: số lõi CPU)',
  async run(args, ctx) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'out-dir': { type: 'string' }, workers: { type: 'string' }, 'data-dir': { type: 'string' } } });
    if (positionals.length === 0) {
      console.error('Thiếu tệp cần nhận dạng. Xem: motcua ocr --help');
      return 2;
    }
    if (!values['out-dir'] && positionals.length > 1) {
      console.error('Nhiều tệp cần --out-dir THƯ_MỤC.');
      return 2;
    }
    const { report, failures } = errorReporter();
    const workers = values.workers ? Number(values.workers) : undefined;
    await withPool(ctx, workers, async (pool) => {
      const outDir = values['out-dir'];
      if (outDir) fs.mkdirSync(outDir, { recursive: true });
      await eachFile(positionals, async (file) => {
        try {
          // Only the text of each page is kept: its images are freed as soon as it is read.
          const texts: string[] = [];
          await readFile(pool, file, report, (p) => texts.push(p.text.text));
          const text = texts.join('\n\f\n');
          if (outDir) {
            const target = path.join(outDir, `${path.basename(file, path.extname(file))}.txt`);
            await writeFileAtomic(target, Buffer.from(`${text}\n`, 'utf8'));
          } else process.stdout.write(`${text}\n`);
        } catch (err) {
          report(file, toErrorPayload(err).message);
        }
      });
    });
    return failures() === 0 ? 0 : 1;
  },
};

export const pdf: CliCommand = {
  summary: 'Tạo một tệp PDF tìm kiếm được (có lớp chữ ẩn) từ các trang ảnh',
  usage: [
    'Cách dùng: motcua pdf --out RA.pdf TỆP... [--title TIÊU_ĐỀ] [--code MÃ_HỒ_SƠ] [--officer TÊN] [--workers N] [--p12 CHỨNG_THƯ.p12]',
    '  --p12: ký số tệp PDF bằng chứng thư số (.p12/.pfx); mật khẩu lấy từ biến môi trường MOTCUA_P12_PASSPHRASE',
    '         (không truyền trên dòng lệnh để không lộ trong danh sách tiến trình).',
  ].join('\n'),
  async run(args, ctx) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { out: { type: 'string' }, title: { type: 'string' }, code: { type: 'string' }, officer: { type: 'string' }, workers: { type: 'string' }, p12: { type: 'string' }, 'data-dir': { type: 'string' } },
    });
    if (!values.out || positionals.length === 0) {
      console.error('Thiếu --out RA.pdf hoặc tệp trang. Xem: motcua pdf --help');
      return 2;
    }
    // The certificate is checked before any page is read: a wrong passphrase costs no OCR time.
    let p12: Buffer | null = null;
    const passphrase = process.env.MOTCUA_P12_PASSPHRASE ?? '';
    if (values.p12) {
      try {
        p12 = await fs.promises.readFile(values.p12);
        readCertificate(p12, passphrase, new Date());
      } catch (err) {
        console.error(`${values.p12}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'không tìm thấy tệp chứng thư số' : toErrorPayload(err).message}`);
        return 2;
      }
    }
    const { report, failures } = errorReporter();
    const workers = values.workers ? Number(values.workers) : undefined;
    const pages = await withPool(ctx, workers, async (pool) => {
      // Each page keeps only what its PDF page needs (the archived image and the text lines).
      const perFile: Array<Array<PdfImagePage | PdfCopiedPage>> = positionals.map(() => []);
      await eachFile(positionals, async (file, i) => {
        await readFile(pool, file, report, (p) => perFile[i]!.push(p.pdf)).catch((err) => report(file, toErrorPayload(err).message));
      });
      return perFile.flat();
    });
    if (pages.length === 0) {
      console.error('Không có trang nào đọc được: không tạo PDF.');
      return 1;
    }
    const officer = values.officer ?? os.userInfo().username;
    let bytes: Uint8Array = await buildSearchablePdf(pages, {
      title: values.title ?? path.basename(values.out, '.pdf'),
      dossierCode: values.code ?? '',
      component: values.title ?? '',
      officer,
      createdAt: new Date(),
    });
    if (p12) {
      bytes = await signPdf(bytes, { identity: openP12(p12, passphrase), signerName: officer, reason: `Số hóa ${values.code ?? values.title ?? ''}`.trim(), location: '', at: new Date() });
    }
    await writeFileAtomic(path.resolve(values.out), Buffer.from(bytes));
    console.log(`Đã tạo ${path.resolve(values.out)} (${pages.length} trang${p12 ? ', đã ký số' : ''}).`);
    return failures() === 0 ? 0 : 1;
  },
};
