// Forms 02–05 of a dossier and the register (Form 06, PDF and Excel), made on request from the
// stored dossier and its history, kept and served like receipts (file kind 'receipt'); each print or
// export is audited. Due moments printed are the due-moment function's (replayed from the history).
import type { MethodParsedInput } from '../../shared/contract/api';
import { AppError } from '../../shared/contract/errors';
import { DOSSIER_STATUS, endsProcessing } from '../../shared/domain/dossier-status';
import type { DossierDetail, DossierEvent } from '../../shared/domain/schemas';
import { formatVietnamDateTime, localDayEnd, localDayStart } from '../../shared/domain/vietnam-time';
import { buildRegisterXlsx } from '../export/register-xlsx';
import { buildFormPdf, buildRegisterPdf, FORM_TITLES, type ControlRow, type FormData, type FormDossier, type FormIssuer, type RegisterRow } from '../pdf/forms-pdf';
import { dueMomentFor } from './calendar';
import { audit, requireSession, type ServiceContext } from './context';
import { getDossier } from './dossiers';
import { APOLOGY_KIND, clockEventsOf } from './lifecycle';
import type { Receipts } from './receipts';
import { getSettings } from './settings';

function issuer(ctx: ServiceContext): FormIssuer {
  const session = requireSession(ctx);
  const settings = getSettings(ctx);
  const unitName = settings.unitName || session.unit.name;
  return { unitName, deskName: session.desk || settings.deskName, systemName: `Một Cửa Số — ${unitName}`, officerName: session.officer.fullName, issuedAt: ctx.now() };
}

function formDossier(d: DossierDetail): FormDossier {
  return { code: d.code, procedureCode: d.procedureCode, procedureName: d.procedureName, applicant: d.applicant, receivedAt: d.receivedAt, dueAt: d.dueAt, currentDueAt: d.currentDueAt, pausedSince: d.pausedSince };
}

const latest = (events: DossierEvent[], pick: (e: DossierEvent) => boolean) => [...events].reverse().find(pick);
const text = (v: unknown, fallback: string) => (typeof v === 'string' && v ? v : fallback);

function papersOf(e: DossierEvent): string[] {
  try {
    const p = JSON.parse(String(e.detail.papers ?? '[]')) as unknown;
    if (Array.isArray(p) && p.length) return p.map(String);
  } catch {
    // An event written by setStatus has only its note.
  }
  return [e.note || '…'];
}

/** What a form prints, from the dossier and its history; a form with nothing to print is refused. */
function formData(ctx: ServiceContext, d: DossierDetail, form: '02' | '03' | '04' | '05'): FormData {
  const dossier = formDossier(d);
  if (form === '02') {
    const e = latest(d.events, (x) => x.status === 5 && x.detail.kind !== APOLOGY_KIND);
    if (!e) throw new AppError('BAD_REQUEST', 'Hồ sơ chưa có yêu cầu bổ sung nào: chưa in được Phiếu yêu cầu bổ sung (Mẫu 02).');
    return { form, dossier, papers: papersOf(e), reason: text(e.detail.reason, e.note || '…'), at: e.at };
  }
  if (form === '03') {
    const e = latest(d.events, (x) => x.status === 3);
    if (!e) throw new AppError('BAD_REQUEST', 'Hồ sơ không bị từ chối tiếp nhận: chưa in được Phiếu từ chối (Mẫu 03).');
    return { form, dossier, reason: text(e.detail.reason, e.note || '…'), at: e.at };
  }
  if (form === '04') {
    const e = latest(d.events, (x) => x.detail.kind === APOLOGY_KIND);
    if (!e) throw new AppError('BAD_REQUEST', 'Hồ sơ chưa có lần hẹn lại nào: chưa in được Phiếu xin lỗi và hẹn lại (Mẫu 04).');
    // The new appointment as the due-moment function makes it (the end of that working day).
    const newDue = dueAfter(ctx, d, d.events.indexOf(e)) ?? d.currentDueAt ?? e.at;
    return { form, dossier, previousDue: typeof e.detail.previousDue === 'string' ? e.detail.previousDue : null, newDue, reason: text(e.detail.reason, e.note), at: e.at };
  }
  const names = new Map<string, string>();
  const officer = (id: string | null) => {
    if (!id) return '—';
    if (!names.has(id)) names.set(id, ctx.store.people.officer(id)?.fullName ?? id);
    return names.get(id)!;
  };
  let ended = false;
  const rows: ControlRow[] = d.events.map((e, i) => {
    const ends = !ended && endsProcessing(e.status) && e.detail.kind !== APOLOGY_KIND;
    if (ends) ended = true;
    const step = e.detail.kind === APOLOGY_KIND ? 'Xin lỗi, hẹn lại ngày trả' : DOSSIER_STATUS[e.status];
    return { at: e.at, step, officer: officer(e.officerId), note: e.note, dueThen: dueAfter(ctx, d, i), ends };
  });
  return { form, dossier, rows };
}

/** The due moment in force right after the i-th event (the clock replayed up to it); null while paused. */
function dueAfter(ctx: ServiceContext, d: DossierDetail, i: number): string | null {
  const procedure = ctx.store.procedures.get(d.procedureId);
  if (!procedure) return d.currentDueAt;
  return dueMomentFor(ctx, d.receivedAt, procedure, clockEventsOf(d.events.slice(0, i + 1))).dueAt;
}

const FILE_STEM = { '02': 'yeu-cau-bo-sung', '03': 'tu-choi-tiep-nhan', '04': 'xin-loi-hen-lai', '05': 'phieu-kiem-soat' } as const;

export async function issueForm(ctx: ServiceContext, papers: Receipts, input: MethodParsedInput<'dossiers.form'>): Promise<{ fileId: string; fileName: string }> {
  const who = issuer(ctx);
  const d = getDossier(ctx, input.id);
  const pdf = await buildFormPdf(formData(ctx, d, input.form), who);
  const file = await papers.keep(pdf, 'pdf', `${d.code}-mau-${input.form}-${FILE_STEM[input.form]}.pdf`);
  ctx.store.tx(() => audit(ctx, 'form', 'dossier', d.id, { code: d.code, form: input.form, title: FORM_TITLES[input.form] }));
  return file;
}

/** The register's rows: dossiers received in the period of local days, in order of receipt. */
export function registerRows(ctx: ServiceContext, from: string, to: string): RegisterRow[] {
  const now = ctx.now().getTime();
  return ctx.store.dossiers.receivedBetween(new Date(localDayStart(from)).toISOString(), new Date(localDayEnd(to)).toISOString()).map((d) => {
    const notes: string[] = [];
    if (d.pausedSince) notes.push(`Tạm dừng từ ${formatVietnamDateTime(d.pausedSince)}`);
    if (d.dueAt && d.currentDueAt && d.currentDueAt !== d.dueAt) notes.push(`Hẹn ban đầu ${formatVietnamDateTime(d.dueAt)}`);
    const end = d.endedAt ? Date.parse(d.endedAt) : now;
    if (d.currentDueAt && end > Date.parse(d.currentDueAt) && !d.pausedSince) notes.push('Trễ hạn');
    if (d.resultCode) notes.push(`Kết quả: ${d.resultCode}${d.resultFile ? ' (điện tử)' : ''}`);
    return {
      code: d.code,
      procedureName: d.procedureName,
      applicant: d.applicant.name,
      receivedAt: d.receivedAt,
      dueAt: d.currentDueAt,
      returnedAt: d.returnedAt,
      status: DOSSIER_STATUS[d.status],
      note: notes.join('; '),
    };
  });
}

export async function issueRegister(ctx: ServiceContext, papers: Receipts, input: MethodParsedInput<'dossiers.register'>): Promise<{ fileId: string; fileName: string; rows: number }> {
  const who = issuer(ctx);
  const data = { from: input.from, to: input.to, rows: registerRows(ctx, input.from, input.to) };
  const bytes = input.format === 'pdf' ? await buildRegisterPdf(data, who) : await buildRegisterXlsx(data, who);
  const file = await papers.keep(bytes, input.format, `so-theo-doi-ho-so-${input.from}-${input.to}.${input.format}`);
  ctx.store.tx(() => audit(ctx, 'register', 'dossier', null, { from: input.from, to: input.to, format: input.format, rows: data.rows.length }));
  return { ...file, rows: data.rows.length };
}
