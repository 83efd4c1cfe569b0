// SANE scanners (Linux desks) through the `scanimage` command line tool. Every backend names its
// options differently ("Color" vs "24bit Color", "ADF" vs "Automatic Document Feeder"), so the
// device's own option list (`scanimage -A`) is read first and the request mapped onto it.
import * as fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AppError, ERROR_MESSAGES, type ErrorCode } from '../../../shared/contract/errors';
import { spawnLines, type ChildResult } from './child-lines';
import type { CaptureDevice, CaptureSource, CapturedFile, ScanRequest } from './types';

export interface SaneSourceOptions {
  /** Path of scanimage (default "scanimage" from PATH). */
  binary?: string;
  /** Environment for scanimage (e.g. SANE_CONFIG_DIR); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where batch pages are written before being read (default os.tmpdir()). */
  tmpDir?: string;
  /** A scan with no page for this long is considered hung (default 3 min). */
  idleTimeoutMs?: number;
  /** Device discovery can take seconds with network scanners (default 60 s). */
  listTimeoutMs?: number;
  /** Backend-specific scanimage options appended to every scan (site tweaks; error injection in tests). */
  extraArgs?: string[];
}

export interface SaneDeviceOptions {
  modes: string[];
  sources: string[];
  /** Discrete resolutions, or a range. */
  resolutions: number[] | { min: number; max: number };
}

export class SaneSource implements CaptureSource<ScanRequest> {
  readonly id = 'sane';
  readonly kind = 'sane' as const;
  private readonly binary: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly opts: SaneSourceOptions;
  /** Option lists per device: they do not change while the app runs, and -A costs a device open. */
  private readonly described = new Map<string, SaneDeviceOptions>();

  constructor(options: SaneSourceOptions = {}) {
    this.binary = options.binary ?? 'scanimage';
    this.env = options.env ?? process.env;
    this.opts = options;
  }

  async listDevices(): Promise<CaptureDevice[]> {
    const { lines, result } = await this.run(['-f', '%d\t%v\t%m\t%t%n'], this.opts.listTimeoutMs ?? 60_000);
    const res = await result;
    if (res.code !== 0) throw saneError(res, lines);
    return parseDeviceList(lines.join('\n'));
  }

  /** The device's modes, sources and resolutions, as `scanimage -A` lists them. */
  async describe(device: string): Promise<SaneDeviceOptions> {
    const { lines, result } = await this.run(['-d', device, '-A'], this.opts.listTimeoutMs ?? 60_000);
    const res = await result;
    if (res.code !== 0) throw saneError(res, lines);
    return parseDeviceOptions(lines.join('\n'));
  }

  /** Alias of capture(): scans one page (flatbed) or every sheet in the feeder (adf). */
  scan(request: ScanRequest, signal?: AbortSignal): AsyncGenerator<CapturedFile> {
    return this.capture(request, signal);
  }

  async *capture(request: ScanRequest, signal?: AbortSignal): AsyncGenerator<CapturedFile> {
    let described = this.described.get(request.device);
    if (!described) {
      described = await this.describe(request.device);
      this.described.set(request.device, described);
    }
    const dir = await fs.mkdtemp(path.join(this.opts.tmpDir ?? os.tmpdir(), 'motcua-sane-'));
    const child = spawnLines(this.binary, [...buildScanArgs(request, described, dir), ...(this.opts.extraArgs ?? [])], {
      env: this.env,
      cwd: dir,
      idleTimeoutMs: this.opts.idleTimeoutMs ?? 180_000,
      signal,
      // scanimage's last word in batch mode; a backend hung while closing is killed after it.
      doneOnStderr: /^Batch terminated/m,
    });
    let count = 0;
    let finished = false;
    try {
      // --batch-print names each page once scanimage has finished writing it (it writes to
      // "<name>.part" and renames), so the page can be read while the next sheet is scanned.
      for await (const line of child.lines) {
        const file = line.trim();
        if (!file.endsWith('.png')) continue;
        const data = await fs.readFile(path.isAbsolute(file) ? file : path.join(dir, file));
        await fs.rm(path.isAbsolute(file) ? file : path.join(dir, file), { force: true });
        count++;
        yield { name: `scan-${String(count).padStart(4, '0')}.png`, data };
      }
      const res = await child.result;
      finished = true;
      if (signal?.aborted || res.killed) return;
      // An emptied feeder ends a batch normally once at least one sheet went through.
      const status = saneStatusOf(res);
      // Hung after finishing with no error said: the batch itself went through.
      const finishedClean = res.stuckAfterDone && status === undefined;
      if (res.code === 0 || finishedClean || (count > 0 && status === 'NO_DOCS')) {
        if (count === 0) throw new AppError('SCANNER_ERROR', `${ERROR_MESSAGES.SCANNER_ERROR} Không nhận được trang nào.`);
        return;
      }
      this.described.delete(request.device); // the device may have changed (replugged, other model)
      throw saneError(res, []);
    } finally {
      if (!finished) child.kill();
      await child.result.catch(() => undefined);
      await fs.rm(dir, { recursive: true, force: true });
    }
  }

  private async run(args: string[], timeoutMs: number): Promise<{ lines: string[]; result: Promise<ChildResult> }> {
    const child = spawnLines(this.binary, args, { env: this.env, idleTimeoutMs: timeoutMs });
    const lines: string[] = [];
    for await (const l of child.lines) lines.push(l);
    return { lines, result: child.result };
  }
}

// ------------------------------------------------------------------ pure helpers (unit-tested)

export function parseDeviceList(out: string): CaptureDevice[] {
  const devices: CaptureDevice[] = [];
  for (const line of out.split(/\r?\n/)) {
    const [id, vendor, model, type] = line.split('\t');
    if (!id || !id.includes(':')) continue;
    const name = [vendor, model].filter((s) => s && s !== 'Noname').join(' ') || id;
    devices.push({ id, name: type ? `${name} (${type})` : name, kind: 'sane' });
  }
  return devices;
}

/** Parses `scanimage -A` lines such as `--mode Lineart|Gray|Color [Color]` and `--resolution 1..1200dpi`. */
export function parseDeviceOptions(out: string): SaneDeviceOptions {
  const opt: SaneDeviceOptions = { modes: [], sources: [], resolutions: [] };
  for (const raw of out.split(/\r?\n/)) {
    const m = /^\s+--(mode|source|resolution)\s+(.+?)(?:\s+\[[^\]]*\])?\s*$/.exec(raw);
    if (!m) continue;
    const values = m[2]!.replace(/\s*\(in steps of [^)]*\)/, '');
    if (m[1] === 'resolution') {
      const range = /^(\d+)\.\.(\d+)/.exec(values);
      opt.resolutions = range
        ? { min: Number(range[1]), max: Number(range[2]) }
        : values.replace(/dpi$/, '').split('|').map(Number).filter((n) => Number.isFinite(n) && n > 0);
    } else {
      const list = values.split('|').map((s) => s.trim()).filter(Boolean);
      if (m[1] === 'mode') opt.modes = list;
      else opt.sources = list;
    }
  }
  return opt;
}

/** scanimage arguments for a request, mapped onto what the device actually offers. */
export function buildScanArgs(req: ScanRequest, dev: SaneDeviceOptions, outDir: string): string[] {
  const args = ['-d', req.device, '--format=png'];
  const dpi = snapResolution(req.dpi ?? 300, dev.resolutions);
  if (dpi) args.push('--resolution', String(dpi));
  const mode = pick(dev.modes, req.color === false ? [/^gr[ae]y/i, /gr[ae]y/i] : [/^colou?r$/i, /colou?r/i]);
  if (mode) args.push('--mode', mode);
  const source = req.adf
    ? (req.duplex ? pick(dev.sources, [/duplex/i]) : undefined) ?? pick(dev.sources.filter((s) => !/duplex/i.test(s)), [/^adf/i, /feeder|adf|automatic/i])
    : pick(dev.sources, [/flatbed|platen/i]);
  if (source) args.push('--source', source);
  args.push(`--batch=${path.join(outDir, 'page%04d.png')}`, '--batch-print');
  if (!req.adf) args.push('--batch-count=1');
  return args;
}

function pick(values: string[], patterns: RegExp[]): string | undefined {
  for (const re of patterns) {
    const v = values.find((s) => re.test(s));
    if (v) return v;
  }
  return undefined;
}

/** The offered resolution nearest to the request, preferring higher (the rules ask for ≥ 200 dpi). */
export function snapResolution(want: number, offered: SaneDeviceOptions['resolutions']): number | null {
  if (Array.isArray(offered)) {
    if (offered.length === 0) return null;
    const atLeast = offered.filter((r) => r >= want).sort((a, b) => a - b);
    return atLeast[0] ?? Math.max(...offered);
  }
  return Math.min(offered.max, Math.max(offered.min, Math.round(want)));
}

// SANE_Status values, which scanimage also uses as its exit code.
const STATUS_BY_CODE: Record<number, string> = {
  1: 'UNSUPPORTED', 2: 'CANCELLED', 3: 'DEVICE_BUSY', 4: 'INVAL', 5: 'EOF', 6: 'JAMMED',
  7: 'NO_DOCS', 8: 'COVER_OPEN', 9: 'IO_ERROR', 10: 'NO_MEM', 11: 'ACCESS_DENIED',
};

const STATUS_TEXT: Array<[RegExp, string]> = [
  [/jammed/i, 'JAMMED'],
  [/cover is open|cover open/i, 'COVER_OPEN'],
  [/out of documents|no documents|document feeder empty/i, 'NO_DOCS'],
  [/device busy/i, 'DEVICE_BUSY'],
  [/access to resource has been denied|permission denied/i, 'ACCESS_DENIED'],
  [/error during device i\/o/i, 'IO_ERROR'],
  [/out of memory/i, 'NO_MEM'],
  [/operation was cancel+ed/i, 'CANCELLED'],
  [/open of device .* failed|no scanners were identified|invalid argument/i, 'INVAL'],
];

const STATUS_VI: Record<string, [ErrorCode, string]> = {
  JAMMED: ['SCANNER_ERROR', 'Kẹt giấy trong khay nạp. Gỡ giấy bị kẹt rồi quét lại từ tờ chưa quét.'],
  COVER_OPEN: ['SCANNER_ERROR', 'Nắp máy quét đang mở. Đóng nắp rồi quét lại.'],
  NO_DOCS: ['SCANNER_ERROR', 'Khay nạp giấy không có tài liệu.'],
  DEVICE_BUSY: ['SCANNER_UNAVAILABLE', 'Máy quét đang bận (có thể một chương trình khác đang dùng).'],
  ACCESS_DENIED: ['SCANNER_UNAVAILABLE', 'Không có quyền sử dụng máy quét.'],
  IO_ERROR: ['SCANNER_ERROR', 'Lỗi truyền dữ liệu với máy quét. Kiểm tra cáp hoặc kết nối mạng.'],
  NO_MEM: ['SCANNER_ERROR', 'Máy quét hết bộ nhớ.'],
  CANCELLED: ['SCANNER_ERROR', 'Lượt quét đã bị hủy.'],
  INVAL: ['SCANNER_UNAVAILABLE', 'Không mở được máy quét. Kiểm tra máy đã bật và đã kết nối.'],
  UNSUPPORTED: ['SCANNER_ERROR', 'Máy quét không hỗ trợ thao tác này.'],
};

function saneStatusOf(res: ChildResult): string | undefined {
  const fromText = STATUS_TEXT.find(([re]) => re.test(res.stderr))?.[1];
  return fromText ?? (res.code !== null ? STATUS_BY_CODE[res.code] : undefined);
}

/** Last "scanimage: …" line: the scanner's own words, kept in the message for support calls. */
function scannerMessage(stderr: string): string {
  // Backends that fork a reader process make it die of SIGPIPE after an error, which appends
  // "received signal 13": skip such noise and prefer the sane_* status line.
  const lines = stderr.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !/received signal \d+/.test(l));
  const own = lines.filter((l) => l.startsWith('scanimage:'));
  const status = own.filter((l) => /sane_\w+:|open of device/.test(l));
  return (status.at(-1) ?? own.at(-1) ?? lines.at(-1) ?? '').replace(/^scanimage:\s*(sane_\w+:\s*)?/, '');
}

export function saneError(res: ChildResult, _stdout: string[]): AppError {
  if (res.spawnError) {
    if (res.spawnError.code === 'ENOENT') {
      return new AppError('SCANNER_UNAVAILABLE', `${ERROR_MESSAGES.SCANNER_UNAVAILABLE} Chưa cài phần mềm điều khiển máy quét (SANE: scanimage).`, { cause: 'ENOENT' });
    }
    return new AppError('SCANNER_UNAVAILABLE', `${ERROR_MESSAGES.SCANNER_UNAVAILABLE} (${res.spawnError.message})`);
  }
  if (res.timedOut) return new AppError('SCANNER_ERROR', `${ERROR_MESSAGES.SCANNER_ERROR} Máy quét không phản hồi.`);
  const status = saneStatusOf(res);
  const said = scannerMessage(res.stderr);
  const [code, vi] = (status && STATUS_VI[status]) || ['SCANNER_ERROR', ERROR_MESSAGES.SCANNER_ERROR];
  const message = said ? `${vi} (Máy quét báo: "${said}")` : vi;
  return new AppError(code, message, { status: status ?? null, exitCode: res.code, scanner: said });
}
