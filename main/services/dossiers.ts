// Receiving dossiers: the code is allocated in the same transaction that inserts the dossier, so
// two officers (or a crash between steps) can never produce a duplicate or a gap that matters.
import crypto from 'node:crypto';
import type { MethodParsedInput } from '../../shared/contract/api';
import type { DossierDetail, DossierStatusCode } from '../../shared/domain/schemas';
import { DOSSIER_STATUS } from '../../shared/domain/schemas';
import { canTransition, endsProcessing, transitionRefusal } from '../../shared/domain/dossier-status';
import { dossierCounterScope, formatDossierCode } from '../../shared/domain/dossier-code';
import { dueInstant } from '../../shared/domain/working-days';
import { foldVietnamese, searchTerms } from '../../shared/text/fold';
import { AppError } from '../../shared/contract/errors';
import { audit, nowIso, requireSession, type ServiceContext } from './context';
import { getSettings } from './settings';

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
  const settings = getSettings(ctx);
  const now = ctx.now();
  const at = now.toISOString();
  const id = ctx.store.tx(() => {
    const seq = ctx.store.dossiers.nextSequence(dossierCounterScope(session.unit.code, now));
    const code = formatDossierCode(settings.dossierCodePattern, session.unit.code, now, seq);
    if (ctx.store.dossiers.codeExists(code)) throw new AppError('CONFLICT', `Mã hồ sơ ${code} đã tồn tại; kiểm tra mẫu mã hồ sơ trong Cài đặt.`);
    const dossierId = crypto.randomUUID();
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
      dueAt: dueInstant(now, procedure.processingDays),
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
    ctx.store.dossiers.insertEvent({ id: crypto.randomUUID(), dossierId, status: 2, at, officerId: session.officer.id, note: input.note });
    audit(ctx, 'create', 'dossier', dossierId, { code, procedure: procedure.code, ...(reused.length ? { reusedFrom: reused } : {}) });
    return dossierId;
  });
  ctx.emit('dossier.changed', { dossierId: id });
  return getDossier(ctx, id);
}

/** A returning citizen's details and digitized papers, so they are not asked for again. */
export function lookupApplicant(ctx: ServiceContext, idNumber: string) {
  requireSession(ctx);
  return ctx.store.dossiers.knownApplicant(idNumber);
}

export function listDossiers(ctx: ServiceContext, input: MethodParsedInput<'dossiers.list'>) {
  requireSession(ctx);
  return ctx.store.dossiers.list({ terms: searchTerms(input.query), status: input.status, limit: input.limit, offset: input.offset });
}

export function setDossierStatus(ctx: ServiceContext, id: string, status: DossierStatusCode, note: string): DossierDetail {
  const session = requireSession(ctx);
  const before = getDossier(ctx, id);
  // The status model (shared/domain/dossier-status.ts) decides; a refused change leaves the dossier as it was.
  if (!canTransition(before.status, status)) throw new AppError('TRANSITION_FORBIDDEN', transitionRefusal(before.status, status), { from: before.status, to: status });
  const at = nowIso(ctx);
  ctx.store.tx(() => {
    ctx.store.dossiers.updateStatus(id, status, {
      endedAt: endsProcessing(status) && !before.endedAt ? at : null,
      returnedAt: status === 10 && !before.returnedAt ? at : null,
      updatedAt: at,
    });
    ctx.store.dossiers.insertEvent({ id: crypto.randomUUID(), dossierId: id, status, at, officerId: session.officer.id, note });
    audit(ctx, 'status', 'dossier', id, { from: before.status, to: status, label: DOSSIER_STATUS[status] });
  });
  ctx.emit('dossier.changed', { dossierId: id });
  return getDossier(ctx, id);
}
