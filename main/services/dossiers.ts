// Receiving dossiers: the code is allocated in the same transaction that inserts the dossier, so
// two officers (or a crash between steps) can never produce a duplicate or a gap that matters.
import crypto from 'node:crypto';
import type { MethodParsedInput } from '../../shared/contract/api';
import type { DossierDetail } from '../../shared/domain/schemas';
import { dossierCodePatternProblem, dossierCounterScope, formatDossierCode } from '../../shared/domain/dossier-code';
import { dueMomentFor } from './calendar';
import { foldVietnamese, searchTerms } from '../../shared/text/fold';
import { AppError } from '../../shared/contract/errors';
import { audit, requireSession, type ServiceContext } from './context';
import { getSettings } from './settings';
import { queueDossierMessage, RECEPTION_EVENT_REF } from './messages';
import { lookupProfile, recordFromDossier } from './applicants';

/** How the reception event's note records required papers received missing (officer confirmed). */
export const MISSING_NOTE_PREFIX = 'Tiếp nhận khi còn thiếu giấy tờ bắt buộc (cán bộ đã xác nhận): ';

export function getDossier(ctx: ServiceContext, id: string): DossierDetail {
  requireSession(ctx);
  const d = ctx.store.dossiers.get(id);
  if (!d) throw new AppError('NOT_FOUND', 'Không tìm thấy hồ sơ.');
  return { ...d, components: ctx.store.dossiers.components(id), events: ctx.store.dossiers.events(id) };
}

export function createDossier(ctx: ServiceContext, input: MethodParsedInput<'dossiers.create'>): DossierDetail {
  const session = requireSession(ctx);
  const procedure = ctx.store.procedures.get(input.procedureId);
  if (!procedure) throw new AppError('NOT_FOUND', 'Không tìm thấy thủ tục hành chính.');
  // Removed from the catalog: dossiers already received keep it, new ones take its replacement.
  if (procedure.retired) throw new AppError('BAD_REQUEST', `Thủ tục ${procedure.code} đã ngừng áp dụng (không còn trong danh mục thủ tục): chọn thủ tục đang áp dụng.`);
  const missing = input.components.filter((c) => c.required && !c.received).map((c) => c.name);
  if (missing.length && !input.acceptMissing) {
    throw new AppError('BAD_REQUEST', `Còn thiếu giấy tờ bắt buộc: ${missing.join('; ')}. Đánh dấu đã nhận, hoặc xác nhận tiếp nhận khi còn thiếu.`, { missing });
  }
  const settings = getSettings(ctx);
  // A pattern saved before patterns were checked: refused before any number is taken.
  const patternProblem = dossierCodePatternProblem(settings.dossierCodePattern);
  if (patternProblem) throw new AppError('BAD_REQUEST', `${patternProblem} Quản trị viên sửa mẫu mã hồ sơ trong Cài đặt.`);
  // The unit as stored now (an admin may have corrected its code since this officer signed in).
  const unitCode = ctx.store.people.unit(session.unit.id)?.code ?? session.unit.code;
  const now = ctx.now();
  const at = now.toISOString();
  const id = ctx.store.tx(() => {
    const scope = dossierCounterScope(unitCode, now, settings.dossierCodePattern);
    let seq = ctx.store.dossiers.nextSequence(scope, ctx.codeMarks.get(scope));
    let code = formatDossierCode(settings.dossierCodePattern, unitCode, now, seq);
    // A code already given under an earlier pattern or scope is stepped over (a few tries); a
    // pattern that cannot make a new code (no {seq}) is refused.
    for (let tries = 0; ctx.store.dossiers.codeExists(code); tries++) {
      if (tries >= 50) throw new AppError('CONFLICT', `Mã hồ sơ ${code} đã tồn tại; kiểm tra mẫu mã hồ sơ trong Cài đặt.`);
      seq = ctx.store.dossiers.nextSequence(scope);
      code = formatDossierCode(settings.dossierCodePattern, unitCode, now, seq);
    }
    // The mark outside the database is durable before this transaction commits: a crash in between
    // leaves a gap, never a code handed out twice.
    ctx.codeMarks.record(scope, seq, ctx.store.audit.lastId(), now);
    const dossierId = crypto.randomUUID();
    const dueAt = dueMomentFor(ctx, now, procedure).dueAt;
    ctx.store.dossiers.insert({
      id: dossierId,
      code,
      unitId: session.unit.id,
      procedureId: procedure.id,
      procedureCode: procedure.code,
      procedureName: procedure.name,
      channel: input.channel,
      status: 2,
      applicant: input.applicant,
      receivedAt: at,
      dueAt,
      currentDueAt: dueAt,
      pausedSince: null,
      // The procedure's fees as charged on this channel (the online amount for an online dossier);
      // the officer corrects them in the dossier when the case differs.
      fees: procedure.fees.map((f) => ({ name: f.name.slice(0, 200), amount: input.channel === 2 && f.onlineAmount !== undefined ? f.onlineAmount : f.amount })),
      paidOnline: 0,
      resultCode: null,
      resultFile: null,
      complaint: false,
      source: 'desk',
      endedAt: null,
      returnedAt: null,
      officerId: session.officer.id,
      createdAt: at,
      updatedAt: at,
      searchFolded: foldVietnamese(`${code} ${input.applicant.name} ${input.applicant.idNumber} ${input.applicant.phone} ${procedure.name}`),
    });
    const reused: string[] = [];
    input.components.forEach((c, i) => {
      const componentId = crypto.randomUUID();
      ctx.store.dossiers.insertComponent({
        id: componentId,
        dossierId,
        sequence: i + 1,
        name: c.name,
        required: c.required,
        copies: c.copies,
        received: c.received,
        digitization: { fileId: null, resultCode: null, digitizedAt: null, pageCount: 0, signedBy: null, reusedFrom: null },
      });
      if (c.reuseFrom) {
        // Only this citizen's own papers, already digitized at this desk.
        const source = ctx.store.dossiers.digitizedComponent(c.reuseFrom);
        if (!source || !input.applicant.idNumber || source.idNumber !== input.applicant.idNumber) {
          throw new AppError('BAD_REQUEST', `Không dùng lại được bản số hóa cho thành phần “${c.name}”: bản đó không thuộc công dân có số định danh này.`);
        }
        ctx.store.dossiers.reuseComponentFile(componentId, c.reuseFrom, at);
        reused.push(source.dossierCode);
      }
    });
    // The officer's choice to receive without required papers stays with the dossier's history.
    const missingNote = missing.length ? `${MISSING_NOTE_PREFIX}${missing.join('; ')}` : '';
    const note = [input.note, missingNote].filter(Boolean).join('\n');
    ctx.store.dossiers.insertEvent({ id: crypto.randomUUID(), dossierId, status: 2, at, officerId: session.officer.id, note, detail: {} });
    // The citizen's profile: what this dossier declares, with where each value came from.
    recordFromDossier(ctx, input.applicant, input.applicantSource, input.applicantDetails);
    audit(ctx, 'create', 'dossier', dossierId, { code, procedure: procedure.code, ...(reused.length ? { reusedFrom: reused } : {}), ...(missing.length ? { missingRequired: missing, acceptedMissing: true } : {}) });
    queueDossierMessage(ctx, dossierId, 'received', {}, RECEPTION_EVENT_REF);
    ctx.store.stats.refreshFacts(dossierId);
    return dossierId;
  });
  ctx.emit('dossier.changed', { dossierId: id });
  return getDossier(ctx, id);
}

/**
 * A returning citizen's details (their profile, each value with its source) and digitized papers, so
 * they are not asked for again. A profile deleted on the citizen's request is not rebuilt from
 * their dossiers.
 */
export function lookupApplicant(ctx: ServiceContext, idNumber: string) {
  return lookupProfile(ctx, idNumber);
}

export function listDossiers(ctx: ServiceContext, input: MethodParsedInput<'dossiers.list'>) {
  requireSession(ctx);
  return ctx.store.dossiers.list({ terms: searchTerms(input.query), status: input.status, limit: input.limit, offset: input.offset });
}

// Status changes (dossiers.setStatus and the desk's actions) are written by main/services/lifecycle.ts.
