// The procedure catalog's small vocabularies: levels, kinds of paper, fees. Pure, shared by the
// core (imports, the contract) and the renderer (the procedure form).
import { foldVietnamese } from '../text/fold';
import type { ComponentKind, ProcedureFee } from './schemas';

/**
 * Levels a procedure is carried out at (the national catalog's "cấp thực hiện"). Since Decree
 * 118/2025 (1 July 2025) there are ministry, province and commune desks only; district procedures
 * still appear in older catalogs, so they import (../shared/domain/one-stop-rules.md §1). Data, not
 * an enum in the schema: a new level is one more row here.
 */
export const PROCEDURE_LEVELS = [
  { code: 'bo', label: 'Cấp bộ', aliases: ['bo', 'cap bo', 'bo nganh', 'cap bo nganh', 'trung uong', 'cap trung uong', 'ministry', 'central'] },
  { code: 'tinh', label: 'Cấp tỉnh', aliases: ['tinh', 'cap tinh', 'province', 'provincial'] },
  { code: 'huyen', label: 'Cấp huyện (trước 01/7/2025)', aliases: ['huyen', 'cap huyen', 'district'] },
  { code: 'xa', label: 'Cấp xã', aliases: ['xa', 'cap xa', 'commune'] },
] as const;

export type ProcedureLevel = (typeof PROCEDURE_LEVELS)[number]['code'];

/** The level's code for what a file or a person wrote ("xã", "Cấp Xã", "xa"…); '' for nothing; null if unknown. */
export function procedureLevelOf(text: string): ProcedureLevel | '' | null {
  const folded = foldVietnamese(text).replace(/[^a-z ]/g, ' ').replace(/\s+/g, ' ').trim();
  if (folded === '') return '';
  for (const l of PROCEDURE_LEVELS) if ((l.aliases as readonly string[]).includes(folded) || l.code === folded) return l.code;
  return null;
}

export function isProcedureLevel(code: string): boolean {
  return code === '' || PROCEDURE_LEVELS.some((l) => l.code === code);
}

export function procedureLevelLabel(code: string): string {
  return PROCEDURE_LEVELS.find((l) => l.code === code)?.label ?? '';
}

/** Vietnamese names of the kinds of paper, as the catalog and the screens write them. */
export const COMPONENT_KIND_LABELS: Record<ComponentKind, string> = {
  original: 'Bản chính',
  copy: 'Bản sao',
  shown: 'Xuất trình',
};

/**
 * Whether a procedure bears a fee: with fees listed, any amount above 0 (in person or online);
 * with none listed, what was said (a fee known to exist whose amount is not recorded).
 */
export function feeBearingOf(fees: readonly ProcedureFee[], stated: boolean): boolean {
  return fees.length > 0 ? fees.some((f) => f.amount > 0 || (f.onlineAmount ?? 0) > 0) : stated;
}

const VND = new Intl.NumberFormat('vi-VN');

/** "Lệ phí 8.000 đ (trực tuyến 4.000 đ)" for screens and guides. */
export function feeText(f: ProcedureFee): string {
  const amount = f.amount === 0 ? 'miễn' : `${VND.format(f.amount)} đ`;
  const online = f.onlineAmount === undefined ? '' : ` (trực tuyến ${f.onlineAmount === 0 ? 'miễn' : `${VND.format(f.onlineAmount)} đ`})`;
  return `${f.name} ${amount}${online}`;
}

/** "5 ngày làm việc" or "8 giờ làm việc": what the desk says the processing time is. */
export function processingTimeText(p: { processingDays: number; processingHours?: number | null }): string {
  if (p.processingHours !== null && p.processingHours !== undefined) return `${VND.format(p.processingHours)} giờ làm việc`;
  return p.processingDays === 0 ? 'trong ngày' : `${VND.format(p.processingDays)} ngày làm việc`;
}
