// `motcua doctor` and Cài đặt › Kiểm tra hệ thống: what IT checks first on a desk PC.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { DoctorReport } from '../../shared/contract/api';
import { integrityCheck } from '../data/database';
import type { Store } from '../data/store';

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

export function runDoctor(store: Store | null, dataDir: string): DoctorReport {
  const checks: DoctorReport['checks'] = [];
  if (store) {
    const result = integrityCheck(store.db);
    checks.push({ id: 'store', label: 'Cơ sở dữ liệu', ok: result === 'ok', detail: result === 'ok' ? 'Toàn vẹn (integrity_check: ok)' : result });
    checks.push(auditChainCheck(store));
  } else {
    checks.push({ id: 'store', label: 'Cơ sở dữ liệu', ok: false, detail: 'Không mở được cơ sở dữ liệu' });
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
