// Hướng dẫn nộp trực tuyến: the record of each walk-in citizen an officer guided through submitting
// online. The guide itself (steps, portal QR) is built in the renderer from the procedure and the
// portal URL template; what is stored here is who was helped, with what outcome.
import crypto from 'node:crypto';
import type { MethodParsedInput } from '../../shared/contract/api';
import { AppError } from '../../shared/contract/errors';
import type { AssistedSubmission } from '../../shared/domain/schemas';
import { localDayEnd, localDayStart } from '../../shared/domain/vietnam-time';
import { audit, nowIso, requireSession, type ServiceContext } from './context';

export function recordAssisted(ctx: ServiceContext, input: MethodParsedInput<'guide.record'>): AssistedSubmission {
  const session = requireSession(ctx);
  const procedure = ctx.store.procedures.get(input.procedureId);
  if (!procedure) throw new AppError('NOT_FOUND', 'Không tìm thấy thủ tục hành chính.');
  const row = {
    id: crypto.randomUUID(),
    procedureId: procedure.id,
    procedureCode: procedure.code,
    procedureName: procedure.name,
    applicantName: input.applicantName,
    applicantPhone: input.applicantPhone,
    portalCode: input.portalCode,
    outcome: input.outcome,
    note: input.note,
    officerId: session.officer.id,
    at: nowIso(ctx),
  };
  ctx.store.tx(() => {
    ctx.store.assisted.insert(row);
    audit(ctx, 'create', 'assisted_submission', row.id, { procedure: procedure.code, outcome: row.outcome });
  });
  return { ...row, officerName: session.officer.fullName };
}

export function listAssisted(ctx: ServiceContext, input: MethodParsedInput<'guide.list'>): AssistedSubmission[] {
  requireSession(ctx);
  if (input.from > input.to) throw new AppError('BAD_REQUEST', 'Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.');
  const from = new Date(localDayStart(input.from)).toISOString();
  const to = new Date(localDayEnd(input.to)).toISOString();
  return ctx.store.assisted.between(from, to, input.limit);
}
