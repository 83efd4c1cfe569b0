// Applicant profiles (issue 20): what the desk holds of a citizen by ID number, each value with its
// source ('card', 'officer', 'dossier', 'ocr'), date and officer. Upserted in the transaction that
// receives a dossier; corrected by an officer (audited with before and after); listed masked for
// supervisors; opened in full (each opening audited as a view); deleted by an admin on the
// citizen's request (reason required, audited). Deleting a profile leaves the dossiers: they are
// the office's records. Audit entries name a profile by a hash of its ID number, never the number.
import type { MethodParsedInput, ApplicantProfileView, ProfileField, ValueSource } from '../../shared/contract/api';
import type { Applicant } from '../../shared/domain/schemas';
import { AppError } from '../../shared/contract/errors';
import { isLocalDay } from '../../shared/domain/vietnam-time';
import type { ProfileRecord, ProfileValues } from '../data/repos/applicants';
import { audit, requireSession, type ServiceContext } from './context';
import { auditView, maskIdNumbers } from './audit-log';

/** `0790******23`: the first four and last two digits. */
export function maskIdNumber(idNumber: string): string {
  return idNumber.length <= 6 ? '*'.repeat(idNumber.length) : `${idNumber.slice(0, 4)}${'*'.repeat(idNumber.length - 6)}${idNumber.slice(-2)}`;
}

/** `…, xã Tân Lập`: only the last part of an address (the commune or ward). */
export function maskAddress(address: string): string {
  const parts = address.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) return '';
  return parts.length === 1 ? '…' : `…, ${parts[parts.length - 1]}`;
}

function view(ctx: ServiceContext, p: ProfileRecord): ApplicantProfileView {
  const { idNumber, ref, name, dob, sex, address, phone, email, updatedAt } = p;
  const provenance: ApplicantProfileView['provenance'] = {};
  const corrected = ctx.store.applicants.correctedFields(idNumber);
  for (const [f, v] of Object.entries(p.provenance) as [ProfileField, NonNullable<ProfileRecord['provenance'][ProfileField]>][]) {
    provenance[f] = { source: v.source, at: v.at, officerName: v.officerName, toCheck: v.toCheck, ...(corrected.has(f) ? { corrected: true } : {}) };
  }
  return { idNumber, ref, name, dob, sex, address, phone, email, updatedAt, provenance, dossiers: ctx.store.applicants.dossierStats(idNumber).dossiers };
}

/**
 * Called inside `createDossier`'s transaction. Filled values replace the profile's with their
 * source (the officer's when not named); a value equal to the profile's keeps its provenance unless
 * it was just read from the card again; empty values never erase what the profile holds.
 */
export function recordFromDossier(
  ctx: ServiceContext,
  applicant: Applicant,
  sources: Partial<Record<ProfileField, ValueSource>> = {},
  details: { dob?: string; sex?: 'male' | 'female' } = {},
): void {
  if (!/^\d{12}$/.test(applicant.idNumber)) return;
  const session = requireSession(ctx);
  const current = ctx.store.applicants.get(applicant.idNumber);
  const given: Partial<ProfileValues> = { name: applicant.name, address: applicant.address, phone: applicant.phone, email: applicant.email, ...details };
  const values: Partial<ProfileValues> = {};
  const prov: Partial<Record<ProfileField, { source: ValueSource; toCheck?: boolean }>> = {};
  for (const [f, v] of Object.entries(given) as [ProfileField, string][]) {
    if (!v) continue;
    const source = sources[f] ?? 'officer';
    const same = current !== null && current[f] === v;
    // Typed again as it was: the value keeps where it came from; read from the card again: dated anew.
    if (same && source !== 'card') continue;
    if (!same) (values as Record<string, string>)[f] = v;
    prov[f] = { source, toCheck: source === 'ocr' };
  }
  if (current === null && values.name === undefined) values.name = applicant.name;
  if (Object.keys(values).length || Object.keys(prov).length) ctx.store.applicants.set(applicant.idNumber, values, prov, ctx.now().toISOString(), session.officer.id);
}

/** For `applicants.lookup`: the profile (null when the desk holds none) with the digitized papers. */
export function lookupProfile(ctx: ServiceContext, idNumber: string) {
  requireSession(ctx);
  const p = ctx.store.applicants.get(idNumber);
  if (!p) return null;
  const known = ctx.store.dossiers.knownApplicant(idNumber);
  const profile = view(ctx, p);
  return {
    applicant: { name: p.name, idNumber, address: p.address, phone: p.phone, email: p.email },
    lastSeen: known?.lastSeen ?? p.updatedAt,
    dossiers: profile.dossiers,
    digitized: known?.digitized ?? [],
    profile,
  };
}

const PHONE = /^0\d{9,10}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function valueProblem(field: ProfileField, value: string): string | null {
  switch (field) {
    case 'name':
      return value === '' ? 'Họ tên không được để trống.' : value.length > 200 ? 'Họ tên tối đa 200 ký tự.' : null;
    case 'dob':
      return value === '' || isLocalDay(value) ? null : 'Ngày sinh phải là một ngày có thật, viết dạng YYYY-MM-DD.';
    case 'sex':
      return ['', 'male', 'female'].includes(value) ? null : 'Giới tính là Nam hoặc Nữ.';
    case 'phone':
      return value === '' || PHONE.test(value.replace(/[\s.-]+/g, '')) ? null : 'Số điện thoại gồm 10–11 chữ số, bắt đầu bằng 0.';
    case 'email':
      return value === '' || (EMAIL.test(value) && value.length <= 200) ? null : 'Thư điện tử không hợp lệ.';
    case 'address':
      return null;
  }
}

/** An officer corrects one value: stored with source 'officer', audited with before and after. */
export function correctProfile(ctx: ServiceContext, input: MethodParsedInput<'applicants.correct'>): ApplicantProfileView {
  const session = requireSession(ctx);
  const current = ctx.store.applicants.get(input.idNumber);
  if (!current) throw new AppError('NOT_FOUND', 'Không có thông tin người nộp với số định danh này.');
  const value = input.field === 'phone' ? input.value.replace(/[\s.-]+/g, '') : input.value;
  const problem = valueProblem(input.field, value);
  if (problem) throw new AppError('BAD_REQUEST', problem);
  const before = current[input.field];
  const prev = current.provenance[input.field];
  if (before === value && prev?.toCheck) {
    // The same value, to check (read by OCR): the officer confirms it against the card.
    ctx.store.tx(() => {
      ctx.store.applicants.set(input.idNumber, {}, { [input.field]: { source: 'officer' } }, ctx.now().toISOString(), session.officer.id);
      audit(ctx, 'confirm', 'applicant', maskIdNumbers(input.idNumber), { field: input.field, previousSource: prev.source });
    });
  } else if (before !== value) {
    ctx.store.tx(() => {
      ctx.store.applicants.set(input.idNumber, { [input.field]: value }, { [input.field]: { source: 'officer', corrected: true } }, ctx.now().toISOString(), session.officer.id);
      audit(ctx, 'correct', 'applicant', maskIdNumbers(input.idNumber), { field: input.field, before, after: value, previousSource: current.provenance[input.field]?.source ?? null });
    });
  }
  return view(ctx, ctx.store.applicants.get(input.idNumber)!);
}

export function listProfiles(ctx: ServiceContext, input: MethodParsedInput<'applicants.list'>) {
  requireSession(ctx);
  const r = ctx.store.applicants.list(input);
  return {
    items: r.items.map((p) => ({ ref: p.ref, idNumberMasked: maskIdNumber(p.idNumber), name: p.name, addressMasked: maskAddress(p.address), updatedAt: p.updatedAt })),
    total: r.total,
  };
}

function byRef(ctx: ServiceContext, ref: string): ProfileRecord {
  const p = ctx.store.applicants.byRef(ref);
  if (!p) throw new AppError('NOT_FOUND', 'Không tìm thấy thông tin người nộp (có thể đã bị xóa).');
  return p;
}

/** The full profile; each call leaves a 'view' entry. */
export function getProfile(ctx: ServiceContext, ref: string): ApplicantProfileView {
  requireSession(ctx);
  const p = byRef(ctx, ref);
  auditView(ctx, 'applicant', maskIdNumbers(p.idNumber), { method: 'applicants.get' });
  return view(ctx, p);
}

/** Admin, on the citizen's request: the profile and its provenance go; the dossiers stay. */
export function deleteProfile(ctx: ServiceContext, input: MethodParsedInput<'applicants.delete'>): { dossiersKept: number } {
  requireSession(ctx);
  const p = byRef(ctx, input.ref);
  const dossiersKept = ctx.store.applicants.dossierStats(p.idNumber).dossiers;
  ctx.store.tx(() => {
    ctx.store.applicants.delete(p.idNumber);
    audit(ctx, 'delete', 'applicant', maskIdNumbers(p.idNumber), { reason: input.reason, dossiersKept });
  });
  return { dossiersKept };
}
