// Import of dossier histories (`motcua import-dossiers FILE.jsonl`, Cài đặt → Nhập lịch sử hồ sơ):
// one dossier per line in the national portal's sync field names (one-stop-rules.md §2, §6, §9),
// upserted by MaHoSo with the status history replaced. Lines are read one at a time and written in
// batches (each batch one transaction, audited): memory stays bounded whatever the file's size.
// A bad line is reported by its number and stored nothing; the other lines are imported. The same
// file imported twice changes nothing (each dossier keeps the digest of the record last imported).
//
// Refused lines: not JSON or not an object; MaHoSo missing; MaTTHC not in the procedure catalog
// (import the catalog first); a time without its offset or that does not exist; TrangThai outside
// 1–10; KenhThucHien outside 1–3; QuaTrinhXuLy out of time order (refused, not sorted: an export
// that scrambles the history may have scrambled more); a flag other than 0/1; a fee that is not a
// number ≥ 0; a MaHoSo that names a dossier received at this desk (a desk's record is never
// overwritten by an import).
import crypto from 'node:crypto';
import type { HistoryImportResult, MethodParsedInput } from '../../shared/contract/api';
import { foldVietnamese } from '../../shared/text/fold';
import { isLocalDay } from '../../shared/domain/vietnam-time';
import { normalizeUnitCode, unitCodeProblem } from '../../shared/domain/unit-code';
import type { Unit } from '../../shared/domain/schemas';
import type { ImportedDossier } from '../data/repos/history-import';
import type { Store } from '../data/store';
import { AppError } from '../../shared/contract/errors';
import { requireSession, type ServiceContext } from './context';
import { recordImportedApplicant } from './applicant-import';

/** Lines written per transaction. */
export const IMPORT_BATCH = 500;
/** At most this many refused lines are listed (all are counted). */
export const MAX_LISTED_ERRORS = 1000;

export type { HistoryImportResult };

const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** An ISO 8601 instant with its offset, as UTC ISO; a sentence saying what is wrong otherwise. */
export function parseInstant(value: unknown, field: string): string | { problem: string } {
  if (typeof value !== 'string') return { problem: `${field} phải là thời điểm ISO 8601 có múi giờ (ví dụ 2026-03-02T08:15:00+07:00)` };
  const m = INSTANT.exec(value.trim());
  if (!m) {
    return /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(value.trim())
      ? { problem: `${field} “${value}” thiếu múi giờ (cần ví dụ +07:00)` }
      : { problem: `${field} “${value}” không phải thời điểm ISO 8601 có múi giờ` };
  }
  const t = Date.parse(value.trim());
  if (!isLocalDay(m[1]!) || Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59 || Number.isNaN(t)) return { problem: `${field} “${value}” không phải thời điểm có thật` };
  return new Date(t).toISOString();
}

/** A sync record as read from one line, before its procedure is looked up. */
interface ParsedLine {
  code: string;
  procedureCode: string;
  applicantName: string;
  /** The applicant's 12- or 9-digit ID number from `DinhDanhCHS`, or null. */
  applicantIdNumber: string | null;
  /** `SoDienThoai`, digits only, or null. */
  applicantPhone: string | null;
  receivedAt: string;
  dueAt: string | null;
  endedAt: string | null;
  returnedAt: string | null;
  status: number;
  channel: 1 | 2 | 3;
  paidOnline: 0 | 1 | 2;
  digitized: boolean;
  reused: boolean;
  complaint: boolean;
  resultCode: string | null;
  resultFile: string | null;
  fees: { amount: number }[];
  events: { status: number; at: string }[];
}

const isInt = (v: unknown, lo: number, hi: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;

/** Reads one line; a list of problems (Vietnamese) when it cannot be imported as it is. */
export function parseHistoryLine(text: string): ParsedLine | { problems: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { problems: ['không phải JSON hợp lệ'] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { problems: ['không phải một đối tượng JSON (mỗi dòng một hồ sơ)'] };
  const r = raw as Record<string, unknown>;
  const problems: string[] = [];
  const instant = (field: string, required: boolean): string | null => {
    const v = r[field];
    if (v === undefined || v === null || v === '') {
      if (required) problems.push(`thiếu ${field}`);
      return null;
    }
    const p = parseInstant(v, field);
    if (typeof p === 'string') return p;
    problems.push(p.problem);
    return null;
  };
  const text_ = (field: string, max: number): string | null => {
    const v = r[field];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string' || v.length > max) {
      problems.push(`${field} phải là chuỗi (tối đa ${max} ký tự)`);
      return null;
    }
    return v.trim() || null;
  };
  const flag = (field: string): boolean => {
    const v = r[field];
    if (v === undefined || v === null) return false;
    if (v === 0 || v === 1 || v === false || v === true) return v === 1 || v === true;
    problems.push(`${field} phải là 0 hoặc 1, không phải ${JSON.stringify(v)}`);
    return false;
  };
  const code = text_('MaHoSo', 100);
  if (!code) problems.push('thiếu MaHoSo');
  const procedureCode = text_('MaTTHC', 100);
  if (!procedureCode) problems.push('thiếu MaTTHC');
  const receivedAt = instant('NgayTiepNhan', true);
  const dueAt = instant('NgayHenTra', false);
  const endedAt = instant('NgayKetThucXuLy', false);
  const returnedAt = instant('NgayTra', false);
  if (!isInt(r.TrangThai, 1, 10)) problems.push(`TrangThai phải là số nguyên từ 1 đến 10, không phải ${JSON.stringify(r.TrangThai ?? null)}`);
  const channel = r.KenhThucHien ?? 1;
  if (!isInt(channel, 1, 3)) problems.push(`KenhThucHien phải là 1, 2 hoặc 3, không phải ${JSON.stringify(channel)}`);
  const paid = r.DuocThanhToanTrucTuyen ?? 0;
  if (!isInt(paid, 0, 2)) problems.push(`DuocThanhToanTrucTuyen phải là 0, 1 hoặc 2, không phải ${JSON.stringify(paid)}`);
  const digitized = flag('HoSoCoThanhPhanSoHoa');
  const reused = flag('DuocTaiSuDung');
  const complaint = flag('CoPhanAnhKienNghi');
  const resultCode = text_('MaKetQua', 200);
  const resultFile = text_('DuongDanTepTinKetQua', 2000);
  const applicantName = text_('ChuHoSo', 300) ?? '';
  // DinhDanhCHS [{LoaiDinhDanh (1 = 12-digit ID, 2 = 9-digit), SoDinhDanh}]: the first number of
  // the right length is the applicant's.
  let applicantIdNumber: string | null = null;
  if (r.DinhDanhCHS !== undefined && r.DinhDanhCHS !== null) {
    if (!Array.isArray(r.DinhDanhCHS)) problems.push('DinhDanhCHS phải là danh sách [{"LoaiDinhDanh": 1 hoặc 2, "SoDinhDanh": "chuỗi số"}]');
    else
      for (const [i, e] of r.DinhDanhCHS.entries()) {
        const so = typeof e === 'object' && e !== null ? (e as Record<string, unknown>).SoDinhDanh : undefined;
        const v = typeof so === 'string' || typeof so === 'number' ? String(so).replace(/\s+/g, '') : '';
        if (!/^(\d{12}|\d{9})$/.test(v)) {
          problems.push(`DinhDanhCHS mục ${i + 1}: SoDinhDanh phải gồm 12 hoặc 9 chữ số`);
          break;
        }
        applicantIdNumber ??= v;
      }
  }
  const phone = text_('SoDienThoai', 30)?.replace(/[\s.-]+/g, '') ?? null;
  const applicantPhone = phone && /^\+?\d{8,15}$/.test(phone) ? phone : null;
  const fees: { amount: number }[] = [];
  if (r.DanhSachLePhi !== undefined && r.DanhSachLePhi !== null) {
    if (!Array.isArray(r.DanhSachLePhi)) problems.push('DanhSachLePhi phải là danh sách [{"Gia": số}]');
    else
      r.DanhSachLePhi.forEach((f: unknown, i) => {
        const gia = typeof f === 'object' && f !== null ? (f as Record<string, unknown>).Gia : undefined;
        if (typeof gia !== 'number' || !Number.isFinite(gia) || gia < 0) problems.push(`DanhSachLePhi mục ${i + 1}: Gia phải là số không âm`);
        else fees.push({ amount: gia });
      });
  }
  const events: { status: number; at: string }[] = [];
  if (r.QuaTrinhXuLy !== undefined && r.QuaTrinhXuLy !== null) {
    if (!Array.isArray(r.QuaTrinhXuLy)) problems.push('QuaTrinhXuLy phải là danh sách [{"TrangThai": số, "ThoiDiem": thời điểm}]');
    else
      r.QuaTrinhXuLy.forEach((step: unknown, i) => {
        const s = (typeof step === 'object' && step !== null ? step : {}) as Record<string, unknown>;
        const label = `QuaTrinhXuLy bước ${i + 1}`;
        if (!isInt(s.TrangThai, 1, 10)) problems.push(`${label}: TrangThai phải là số nguyên từ 1 đến 10, không phải ${JSON.stringify(s.TrangThai ?? null)}`);
        const at = parseInstant(s.ThoiDiem, `${label}: ThoiDiem`);
        if (typeof at !== 'string') problems.push(at.problem);
        else if (isInt(s.TrangThai, 1, 10)) {
          const prev = events[events.length - 1];
          if (prev && at < prev.at) problems.push(`${label} sớm hơn bước trước: QuaTrinhXuLy phải theo thứ tự thời gian`);
          events.push({ status: s.TrangThai, at });
        }
      });
  }
  if (problems.length) return { problems };
  return {
    code: code!,
    procedureCode: procedureCode!,
    applicantName,
    applicantIdNumber,
    applicantPhone,
    receivedAt: receivedAt!,
    dueAt,
    endedAt,
    returnedAt,
    status: r.TrangThai as number,
    channel: channel as 1 | 2 | 3,
    paidOnline: paid as 0 | 1 | 2,
    digitized,
    reused,
    complaint,
    resultCode,
    resultFile,
    fees,
    events,
  };
}

/** Statuses that pause the clock (supplement request, financial obligation). */
const PAUSING = new Set([5, 6]);

function toStored(p: ParsedLine, unitId: string, procedure: { id: string; code: string; name: string }): ImportedDossier {
  const last = p.events[p.events.length - 1];
  const paused = last && PAUSING.has(last.status) && PAUSING.has(p.status) ? last.at : null;
  const d: Omit<ImportedDossier, 'hash'> = {
    code: p.code,
    unitId,
    procedureId: procedure.id,
    procedureCode: procedure.code,
    procedureName: procedure.name,
    channel: p.channel,
    status: p.status,
    applicantName: p.applicantName,
    // Absent (not '') when the line has none: the digest of lines without them stays as it was.
    ...(p.applicantIdNumber ? { applicantIdNumber: p.applicantIdNumber } : {}),
    ...(p.applicantPhone ? { applicantPhone: p.applicantPhone } : {}),
    searchFolded: foldVietnamese(`${p.code} ${p.applicantName} ${procedure.name}`),
    receivedAt: p.receivedAt,
    dueAt: p.dueAt,
    endedAt: p.endedAt,
    returnedAt: p.returnedAt,
    // The portal's appointment; while paused the desk's clock has no current due moment.
    currentDueAt: paused ? null : p.dueAt,
    pausedSince: paused,
    fees: p.fees,
    paidOnline: p.paidOnline,
    resultCode: p.resultCode,
    resultFile: p.resultFile,
    complaint: p.complaint,
    digitized: p.digitized,
    reused: p.reused,
    events: p.events,
  };
  return { ...d, hash: crypto.createHash('sha256').update(JSON.stringify(d)).digest('hex') };
}

/**
 * The unit imported dossiers belong to: `unitCode` (created when the store has none with that code,
 * named after the machine policy's unit when the codes match, else after the code), else the
 * machine policy's unit, else the store's only unit. On a fresh data directory a code is needed.
 */
export function resolveImportUnit(store: Store, opts: { unitCode?: string; unitName?: string; policyUnit?: { code: string; name: string } | null }): { unit: Unit; create: boolean } {
  const code = opts.unitCode ?? opts.policyUnit?.code;
  if (code) {
    const problem = unitCodeProblem(code);
    if (problem) throw new AppError('BAD_REQUEST', `Mã đơn vị “${code}”: ${problem}`);
    const normalized = normalizeUnitCode(code);
    const found = store.historyImport.unitByCode(normalized);
    if (found) return { unit: found, create: false };
    const policyName = opts.policyUnit && normalizeUnitCode(opts.policyUnit.code) === normalized ? opts.policyUnit.name : null;
    return { unit: { id: crypto.randomUUID(), code: normalized, name: opts.unitName ?? policyName ?? normalized, level: 'Cấp xã', parentId: null }, create: true };
  }
  const count = store.historyImport.unitCount();
  if (count === 1) return { unit: store.people.firstUnit()!, create: false };
  throw new AppError(
    'BAD_REQUEST',
    count === 0
      ? 'Thư mục dữ liệu chưa có đơn vị: hãy chỉ mã đơn vị nhận các hồ sơ, ví dụ --unit 000.00.53.H48 (hoặc đặt đơn vị trong tệp chính sách máy).'
      : 'Thư mục dữ liệu có nhiều đơn vị: hãy chỉ mã đơn vị nhận các hồ sơ, ví dụ --unit 000.00.53.H48.',
  );
}

export interface ImportOptions {
  unit: Unit;
  /** Create the unit in the first batch (a fresh data directory). */
  createUnit: boolean;
  /** Who imports (audited): an officer's id, or null for the CLI. */
  actor: string | null;
  via: 'cli' | 'app';
  /** File name, for the audit log. */
  source: string;
  now: () => Date;
  batchSize?: number;
}

/**
 * Imports the lines (any iterable or async iterable of text lines, e.g. readline over a file
 * stream): each batch is one transaction, audited with its counts when it changed anything.
 */
export async function importDossierHistories(store: Store, lines: AsyncIterable<string> | Iterable<string>, opts: ImportOptions): Promise<HistoryImportResult> {
  const result: HistoryImportResult = { unitCode: opts.unit.code, lines: 0, created: 0, updated: 0, unchanged: 0, refused: 0, errors: [], errorsNotListed: 0 };
  const refuse = (line: number, message: string) => {
    result.refused++;
    if (result.errors.length < MAX_LISTED_ERRORS) result.errors.push({ line, message });
    else result.errorsNotListed++;
  };
  const procedures = new Map<string, { id: string; code: string; name: string } | null>();
  const procedure = (code: string) => {
    if (!procedures.has(code)) procedures.set(code, store.historyImport.procedureByCode(code));
    return procedures.get(code)!;
  };
  let unitPending = opts.createUnit;
  let batch: { line: number; dossier: ImportedDossier }[] = [];
  const flush = () => {
    if (!batch.length && !unitPending) return;
    const items = batch;
    batch = [];
    store.tx(() => {
      const at = opts.now().toISOString();
      if (unitPending) {
        store.people.insertUnit(opts.unit);
        store.audit.append({ at, officerId: opts.actor, action: 'dossiers.import.unit', entity: 'unit', entityId: opts.unit.id, detail: JSON.stringify({ unitCode: opts.unit.code, via: opts.via }) });
        unitPending = false;
      }
      let created = 0;
      let updated = 0;
      for (const { line, dossier } of items) {
        const existing = store.historyImport.existing(dossier.code);
        if (existing && existing.source !== 'import') {
          refuse(line, `hồ sơ ${dossier.code} đã được tiếp nhận tại quầy: không ghi đè bằng dữ liệu nhập`);
          continue;
        }
        if (existing && existing.importHash === dossier.hash) {
          result.unchanged++;
          continue;
        }
        store.historyImport.upsert(dossier, existing?.id ?? crypto.randomUUID(), !existing, () => crypto.randomUUID(), at);
        recordImportedApplicant(store, dossier);
        if (existing) updated++;
        else created++;
      }
      result.created += created;
      result.updated += updated;
      if (created + updated > 0) {
        store.audit.append({
          at,
          officerId: opts.actor,
          action: 'dossiers.import',
          entity: 'dossier',
          entityId: null,
          detail: JSON.stringify({ source: opts.source, unitCode: opts.unit.code, lines: [items[0]!.line, items[items.length - 1]!.line], created, updated, via: opts.via }),
        });
      }
    });
  };
  const size = opts.batchSize ?? IMPORT_BATCH;
  let n = 0;
  for await (const rawLine of lines) {
    n++;
    const text = rawLine.replace(/^\uFEFF/, '').trim();
    if (!text) continue;
    result.lines++;
    const parsed = parseHistoryLine(text);
    if ('problems' in parsed) {
      refuse(n, parsed.problems.join('; '));
      continue;
    }
    const p = procedure(parsed.procedureCode);
    if (!p) {
      refuse(n, `mã thủ tục ${parsed.procedureCode} chưa có trong danh mục thủ tục: nhập danh mục trước (motcua import-catalog)`);
      continue;
    }
    batch.push({ line: n, dossier: toStored(parsed, opts.unit.id, p) });
    if (batch.length >= size) flush();
  }
  flush();
  result.errors.sort((a, b) => a.line - b.line);
  return result;
}

/** Cài đặt → Nhập lịch sử hồ sơ: the uploaded file's text, imported into the signed-in unit. */
export async function importHistoriesFromApp(ctx: ServiceContext, input: MethodParsedInput<'dossiers.importHistories'>): Promise<HistoryImportResult> {
  const session = requireSession(ctx);
  return importDossierHistories(ctx.store, input.text.split(/\r?\n/), {
    unit: session.unit,
    createUnit: false,
    actor: session.officer.id,
    via: 'app',
    source: input.fileName,
    now: () => ctx.now(),
  });
}
