// `motcua doctor` and Cài đặt › Kiểm tra hệ thống: what IT checks first on a desk PC.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { DoctorReport } from '../../shared/contract/api';
import { createHash } from 'node:crypto';
import { integrityCheck } from '../data/database';
import { referencedFiles } from '../data/integrity-queries';
import type { Store } from '../data/store';
import { databaseBehindWarnings, readCodeMarks } from '../storage/code-marks';
import { BACKUP_TEMP_RE } from './backup';

const localRequire = createRequire(__filename);
const MIN_FREE_BYTES = 1024 ** 3; // below 1 GB a day of scanning can fill the disk

export interface LanguageDataStatus {
  lang: string;
  present: boolean;
  path: string;
}

/** The OCR models ship inside the npm packages @tesseract.js-data/<lang>; nothing is downloaded. */
export function bundledLanguageData(langs = ['vie', 'eng', 'osd']): LanguageDataStatus[] {
  return langs.map((lang) => {
    try {
      const dir = path.dirname(localRequire.resolve(`@tesseract.js-data/${lang}/package.json`));
      const file = path.join(dir, lang === 'osd' ? '4.0.0' : '4.0.0_best_int', `${lang}.traineddata.gz`);
      return { lang, present: fs.existsSync(file) && fs.statSync(file).size > 0, path: file };
    } catch {
      return { lang, present: false, path: '' };
    }
  });
}

function formatBytes(n: number): string {
  return n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1)} GB` : `${Math.round(n / 1024 ** 2)} MB`;
}

const CHAIN_BREAKS = {
  edited: (id: number) => `mục số ${id} đã bị sửa sau khi ghi (mã băm không khớp nội dung)`,
  gap: (id: number) => `thiếu mục ngay trước mục số ${id} (số thứ tự bị ngắt quãng: có mục đã bị xóa)`,
  relinked: (id: number) => `mục số ${id} không nối với mục liền trước (chuỗi mã băm bị cắt hoặc chèn)`,
  'removed-tail': (id: number) => `các mục từ số ${id} trở về sau đã bị xóa`,
} as const;

/** The audit log's hash chain: an edited, removed or inserted entry is named. */
export function auditChainCheck(store: Store): DoctorReport['checks'][number] {
  const label = 'Nhật ký thao tác';
  try {
    const c = store.audit.verifyChain();
    if (c.brokenId === null) return { id: 'audit-chain', label, ok: true, detail: `Nguyên vẹn: ${c.checked} mục, chuỗi mã băm khớp` };
    return { id: 'audit-chain', label, ok: false, detail: `Chuỗi mã băm bị phá vỡ: ${CHAIN_BREAKS[c.reason!](c.brokenId)}. ${c.checked} mục đầu vẫn nguyên vẹn.` };
  } catch (err) {
    return { id: 'audit-chain', label, ok: false, detail: `Không kiểm tra được nhật ký: ${(err as Error).message}` };
  }
}

export interface DoctorOptions {
  /** Re-hash every referenced file (slow on a big store); existence is always checked. */
  deep?: boolean;
  /** Remove the leftover temp files found (only when no other session uses the folder). */
  clean?: boolean;
  /** Warnings the core printed at start (database behind the code marks). */
  startWarnings?: string[];
  /** Folder of the scheduled backups (its abandoned temp folders are leftovers too). */
  backupFolder?: string;
  /** Check stored files (default true; app.doctor skips it for a caller not signed in: it names dossiers). */
  files?: boolean;
  now?: Date;
}

/** A temp file older than this is a leftover (a live write finishes in seconds). */
const TEMP_AGE_MS = 10 * 60_000;
const BLOB_NAME_RE = /^([0-9a-f]{64})\.([a-z0-9]{1,10})$/;

function isTempName(name: string): boolean {
  return (name.startsWith('.') && name.endsWith('.tmp')) || /\.tmp-\d+$/.test(name) || /\.stale-\d+-\d+$/.test(name) || BACKUP_TEMP_RE.test(name);
}

interface FileScan {
  /** Stored files by relative path under files/ (renditions excluded). */
  stored: Set<string>;
  temps: string[];
}

function scanFiles(dataDir: string, backupFolder: string | undefined, now: number): FileScan {
  const stored = new Set<string>();
  const temps: string[] = [];
  const oldEnough = (p: string) => {
    try {
      return now - fs.statSync(p).mtimeMs > TEMP_AGE_MS;
    } catch {
      return false;
    }
  };
  const walk = (dir: string, rel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (isTempName(e.name)) {
        if (oldEnough(abs)) temps.push(abs);
      } else if (e.isDirectory()) walk(abs, r);
      else if (e.isFile() && !r.startsWith('renditions/')) stored.add(r);
    }
  };
  walk(path.join(dataDir, 'files'), '');
  for (const dir of [dataDir, backupFolder]) {
    if (!dir) continue;
    try {
      for (const name of fs.readdirSync(dir)) if (isTempName(name) && oldEnough(path.join(dir, name))) temps.push(path.join(dir, name));
    } catch {
      // A missing backup folder is not this check's business.
    }
  }
  return { stored, temps };
}

function listSome(items: string[], n = 5): string {
  return items.slice(0, n).join('; ') + (items.length > n ? `; và ${items.length - n} mục khác` : '');
}

function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Every referenced file present (and with --deep, intact), leftovers and orphans. */
function fileChecks(store: Store, dataDir: string, opts: DoctorOptions): DoctorReport['checks'] {
  const checks: DoctorReport['checks'] = [];
  const now = (opts.now ?? new Date()).getTime();
  const scan = scanFiles(dataDir, opts.backupFolder, now);
  const byPath = new Map<string, { kind: string; codes: Set<string> }>();
  for (const ref of referencedFiles(store.db)) {
    if (!BLOB_NAME_RE.test(`${ref.id}.${ref.ext}`)) continue;
    const rel = `${ref.id.slice(0, 2)}/${ref.id.slice(2, 4)}/${ref.id}.${ref.ext}`;
    const entry = byPath.get(rel) ?? { kind: ref.kind, codes: new Set<string>() };
    if (ref.dossierCode) entry.codes.add(ref.dossierCode);
    byPath.set(rel, entry);
  }
  const describe = (rel: string, e: { kind: string; codes: Set<string> }) =>
    `${e.kind} của hồ sơ ${[...e.codes].join(', ') || '(không rõ)'} (files/${rel})`;
  const missing: string[] = [];
  const damaged: string[] = [];
  for (const [rel, e] of byPath) {
    if (!scan.stored.has(rel)) missing.push(describe(rel, e));
    else if (opts.deep && sha256File(path.join(dataDir, 'files', rel)) !== path.basename(rel).split('.')[0]) damaged.push(describe(rel, e));
  }
  checks.push({
    id: 'files',
    label: 'Tệp đã lưu (ảnh trang, PDF)',
    ok: missing.length === 0,
    detail: missing.length
      ? `Thiếu ${missing.length} tệp: ${listSome(missing)}. Khôi phục từ bản sao lưu gần nhất (motcua restore vào một thư mục mới rồi chép các tệp này về thư mục files) hoặc số hóa lại các thành phần đó.`
      : `Đủ ${byPath.size} tệp mà hồ sơ tham chiếu${opts.deep ? '' : ' (kiểm tra nội dung: motcua doctor --deep)'}`,
  });
  if (opts.deep) {
    checks.push({
      id: 'files-hash',
      label: 'Nội dung tệp (SHA-256)',
      ok: damaged.length === 0,
      detail: damaged.length
        ? `${damaged.length} tệp bị hỏng (nội dung không khớp tên): ${listSome(damaged)}. Khôi phục các tệp này từ bản sao lưu hoặc số hóa lại; kiểm tra ổ đĩa.`
        : `Nội dung ${byPath.size - missing.length} tệp khớp mã SHA-256`,
    });
  }
  let cleaned = 0;
  if (opts.clean) {
    for (const t of scan.temps) {
      try {
        fs.rmSync(t, { recursive: true, force: true });
        cleaned++;
      } catch {
        // Reported below as still there.
      }
    }
  }
  const temps = scan.temps.filter((t) => fs.existsSync(t));
  checks.push({
    id: 'temp-files',
    label: 'Tệp tạm còn sót',
    ok: temps.length === 0,
    detail: temps.length
      ? `${temps.length} tệp/thư mục tạm còn sót (ghi dở khi mất điện hoặc bị tắt ngang): ${listSome(temps)}. Chạy motcua doctor --clean để xóa (an toàn: đó không phải dữ liệu đã lưu).`
      : cleaned
        ? `Đã xóa ${cleaned} tệp tạm còn sót`
        : 'Không có',
  });
  const orphans = [...scan.stored].filter((rel) => !byPath.has(rel)).map((rel) => `files/${rel}`);
  checks.push({
    id: 'orphan-files',
    label: 'Tệp không thuộc hồ sơ nào',
    // Receipts made on request and replaced PDFs are expected here: reported, not an error.
    ok: true,
    detail: orphans.length
      ? `${orphans.length} tệp không được hồ sơ nào tham chiếu (giấy tiếp nhận đã in, bản PDF cũ đã được thay, hoặc tệp chép vào tay): ${listSome(orphans)}. Không ảnh hưởng hồ sơ; giữ lại nếu không thiếu chỗ trống.`
      : 'Không có',
  });
  return checks;
}

export function runDoctor(store: Store | null, dataDir: string, opts: DoctorOptions = {}): DoctorReport {
  const checks: DoctorReport['checks'] = [];
  if (store) {
    const result = integrityCheck(store.db);
    checks.push({ id: 'store', label: 'Cơ sở dữ liệu', ok: result === 'ok', detail: result === 'ok' ? 'Toàn vẹn (integrity_check: ok)' : result });
    checks.push(auditChainCheck(store));
  } else {
    checks.push({ id: 'store', label: 'Cơ sở dữ liệu', ok: false, detail: 'Không mở được cơ sở dữ liệu' });
  }
  if (store) {
    const warnings = databaseBehindWarnings(store.db, readCodeMarks(dataDir));
    for (const w of opts.startWarnings ?? []) if (!warnings.includes(w)) warnings.push(w);
    checks.push({
      id: 'db-behind',
      label: 'Cơ sở dữ liệu so với mốc mã hồ sơ',
      ok: warnings.length === 0,
      detail: warnings.length ? warnings.join(' ') : 'Không bị lùi (khớp mốc mã hồ sơ và nhật ký)',
    });
    if (opts.files !== false) checks.push(...fileChecks(store, dataDir, opts));
  }
  try {
    const s = fs.statfsSync(dataDir);
    const free = s.bavail * s.bsize;
    checks.push({
      id: 'disk',
      label: 'Dung lượng trống',
      ok: free >= MIN_FREE_BYTES,
      detail: `${formatBytes(free)} trống tại ${dataDir}${free < MIN_FREE_BYTES ? ' (cần ít nhất 1 GB)' : ''}`,
    });
  } catch (err) {
    checks.push({ id: 'disk', label: 'Dung lượng trống', ok: false, detail: (err as Error).message });
  }
  try {
    fs.accessSync(dataDir, fs.constants.W_OK);
    checks.push({ id: 'data-dir', label: 'Thư mục dữ liệu', ok: true, detail: `${dataDir} (ghi được)` });
  } catch {
    checks.push({ id: 'data-dir', label: 'Thư mục dữ liệu', ok: false, detail: `${dataDir} không ghi được` });
  }
  for (const l of bundledLanguageData()) {
    checks.push({
      id: `lang-${l.lang}`,
      label: `Dữ liệu ngôn ngữ OCR (${l.lang})`,
      ok: l.present,
      detail: l.present ? l.path : 'Không tìm thấy: cài lại ứng dụng',
    });
  }
  return { ok: checks.every((c) => c.ok), checks };
}
