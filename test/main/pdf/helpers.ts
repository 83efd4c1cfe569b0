// Runs poppler/qpdf on PDF bytes. Missing tools fail the test with the apt command to run.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { requireTool } from './fixtures';

export function withPdfFile<T>(pdf: Uint8Array, fn: (file: string) => T): T {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'motcua-pdf-'));
  const file = path.join(dir, 'x.pdf');
  writeFileSync(file, pdf);
  try {
    return fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function pdftotextRaw(pdf: Uint8Array, args: string[] = []): string {
  requireTool('pdftotext', 'poppler-utils');
  return withPdfFile(pdf, (f) => execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', ...args, f, '-'], { encoding: 'utf8' }));
}

export function pdfinfo(pdf: Uint8Array): Record<string, string> {
  requireTool('pdfinfo', 'poppler-utils');
  const out = withPdfFile(pdf, (f) => execFileSync('pdfinfo', ['-enc', 'UTF-8', f], { encoding: 'utf8' }));
  const map: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) map[m[1]!.trim()] = m[2]!.trim();
  }
  return map;
}

export function qpdfCheck(pdf: Uint8Array): { status: number; output: string } {
  requireTool('qpdf', 'qpdf');
  return withPdfFile(pdf, (f) => {
    const r = spawnSync('qpdf', ['--check', f], { encoding: 'utf8' });
    return { status: r.status ?? -1, output: r.stdout + r.stderr };
  });
}

export function qpdf(args: (inFile: string, outFile: string) => string[], pdf: Uint8Array): Buffer {
  requireTool('qpdf', 'qpdf');
  return withPdfFile(pdf, (f) => {
    const out = f.replace(/x\.pdf$/, 'out.pdf');
    const r = spawnSync('qpdf', args(f, out), { encoding: 'utf8' });
    if (r.status !== 0 && r.status !== 3) throw new Error(`qpdf failed: ${r.stderr}`);
    return readFileSync(out);
  });
}

/** Renders page 1 with poppler to 8-bit gray pixels at `dpi`. */
export function popplerGray(pdf: Uint8Array, dpi: number): Buffer {
  requireTool('pdftoppm', 'poppler-utils');
  return withPdfFile(pdf, (f) => execFileSync('pdftoppm', ['-r', String(dpi), '-gray', '-f', '1', '-l', '1', f], { maxBuffer: 1 << 28 }));
}
