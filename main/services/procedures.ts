import crypto from 'node:crypto';
import type { MethodParsedInput } from '../../shared/contract/api';
import type { Procedure } from '../../shared/domain/schemas';
import { foldVietnamese, searchTerms } from '../../shared/text/fold';
import { AppError } from '../../shared/contract/errors';
import { audit, nowIso, requireSession, type ServiceContext } from './context';

export function searchProcedures(ctx: ServiceContext, query: string, limit: number): Procedure[] {
  requireSession(ctx);
  return ctx.store.procedures.search(searchTerms(query), limit);
}

export function upsertProcedure(ctx: ServiceContext, input: MethodParsedInput<'procedures.upsert'>): Procedure {
  requireSession(ctx);
  return ctx.store.tx(() => {
    const existingByCode = ctx.store.procedures.idByCode(input.code);
    if (existingByCode && input.id && existingByCode !== input.id) throw new AppError('CONFLICT', `Mã thủ tục ${input.code} đã có.`);
    const id = input.id ?? existingByCode ?? crypto.randomUUID();
    const procedure: Procedure = {
      ...input,
      id,
      components: input.components.map((c) => ({ ...c, id: c.id || crypto.randomUUID() })),
    };
    ctx.store.procedures.upsert(procedure, foldVietnamese(`${procedure.code} ${procedure.name} ${procedure.field}`), nowIso(ctx));
    audit(ctx, existingByCode || input.id ? 'update' : 'create', 'procedure', id, { code: procedure.code });
    return procedure;
  });
}
