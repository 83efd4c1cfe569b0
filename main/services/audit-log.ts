// Reading the audit log (supervisors and admins; the dispatcher enforces it) and recording reads:
// every view of personal data and every stored file opened leaves one entry — who, when, which
// dossier or query. ID numbers typed into a query are hashed, never stored.
import crypto from 'node:crypto';
import type { MethodParsedInput } from '../../shared/contract/api';
import { vietnamDateParts } from '../../shared/domain/dossier-code';
import type { AuditFilter, AuditListRow } from '../data/repos/settings-audit';
import { audit, type ServiceContext } from './context';

/** Runs of 9 or more digits (CCCD/CMND numbers, phone numbers) in a query. */
const DIGIT_RUN = /\d{9,}/g;

/** A query as it may be logged: every run of ≥ 9 digits becomes `#` + 12 hex chars of its SHA-256. */
export function maskIdNumbers(query: string): string {
  return query.replace(DIGIT_RUN, (digits) => `#${crypto.createHash('sha256').update(digits, 'utf8').digest('hex').slice(0, 12)}`);
}

/** One 'view' entry for a read of personal data (a dossier, a page's text, a query's results). */
export function auditView(ctx: ServiceContext, entity: string, entityId: string | null, detail: Record<string, unknown> = {}): void {
  ctx.store.tx(() => audit(ctx, 'view', entity, entityId, detail));
}

/** A query typed by the officer, logged with ID numbers hashed; empty queries are not logged. */
export function auditQuery(ctx: ServiceContext, method: string, query: string, extra: Record<string, unknown> = {}): void {
  if (query.trim() === '') return;
  auditView(ctx, 'query', null, { method, query: maskIdNumbers(query.trim()), ...extra });
}

/** A stored file served to a session (page image, thumbnail, component PDF, receipt). */
export function recordOpen(ctx: ServiceContext, kind: string, fileId: string, dossier: { id: string; code: string } | null): void {
  audit(ctx, 'open-file', 'file', fileId, { kind, ...(dossier ? { dossierId: dossier.id, code: dossier.code } : {}) });
}

type Filter = MethodParsedInput<'audit.exportCsv'>;

/** Local days (Vietnam time) to the instants the log is stored in: `to` is inclusive. */
function toRepoFilter(f: Filter): Omit<AuditFilter, 'limit' | 'offset'> {
  const next = (day: string) => new Date(new Date(`${day}T00:00:00+07:00`).getTime() + 86400_000).toISOString();
  return {
    officerId: f.officerId,
    action: f.action,
    fromIso: f.from ? new Date(`${f.from}T00:00:00+07:00`).toISOString() : undefined,
    toIso: f.to ? next(f.to) : undefined,
  };
}

export function listAudit(ctx: ServiceContext, input: MethodParsedInput<'audit.list'>): AuditListRow[] {
  return ctx.store.audit.list({ ...toRepoFilter(input), limit: input.limit, offset: input.offset });
}

/** At most this many rows per export (a year of a busy desk). */
export const MAX_EXPORT_ROWS = 200_000;

function csvCell(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  // Quote always; neutralise spreadsheet formulas (a detail could start with = + - @).
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

function localTime(iso: string): string {
  const p = vietnamDateParts(new Date(iso));
  const ss = String(new Date(iso).getUTCSeconds()).padStart(2, '0');
  return `${p.yyyy}-${p.mm}-${p.dd} ${p.hh}:${p.mi}:${ss}`;
}

export const CSV_HEADERS = ['STT', 'Thời điểm (giờ Việt Nam)', 'Cán bộ', 'Mã cán bộ', 'Thao tác', 'Đối tượng', 'Mã đối tượng', 'Chi tiết', 'Mã băm (SHA-256)'];

/** The filtered log as CSV for Excel: UTF-8 with BOM, CRLF, Vietnamese headers, oldest first. */
export function exportAuditCsv(ctx: ServiceContext, input: Filter): { fileName: string; csv: string; rows: number } {
  const rows = ctx.store.audit.list({ ...toRepoFilter(input), limit: MAX_EXPORT_ROWS }).reverse();
  const lines = [CSV_HEADERS.map(csvCell).join(',')];
  for (const r of rows) {
    lines.push([r.id, localTime(r.at), r.officerName, r.officerId, r.action, r.entity, r.entityId, r.detail, r.hash].map(csvCell).join(','));
  }
  const p = vietnamDateParts(ctx.now());
  const fileName = `nhat-ky-thao-tac-${p.yyyy}${p.mm}${p.dd}-${p.hh}${p.mi}.csv`;
  ctx.store.tx(() => audit(ctx, 'export', 'audit', null, { rows: rows.length, officerId: input.officerId, action: input.action, from: input.from, to: input.to }));
  return { fileName, csv: `\uFEFF${lines.join('\r\n')}\r\n`, rows: rows.length };
}
