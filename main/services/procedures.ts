// Procedures: search as the officer types (an in-memory index over the catalog, reloaded when the
// catalog or the desk's use of it changes) and the form's add/edit. Imports are in ./catalog.ts.
import crypto from 'node:crypto';
import type { MethodParsedInput } from '../../shared/contract/api';
import type { Procedure } from '../../shared/domain/schemas';
import { feeBearingOf } from '../../shared/domain/procedure-catalog';
import { foldVietnamese } from '../../shared/text/fold';
import { ProcedureSearchIndex, type ProcedureUsage } from '../../shared/text/procedure-search';
import { AppError } from '../../shared/contract/errors';
import type { Store } from '../data/store';
import { audit, nowIso, requireSession, type ServiceContext } from './context';

interface SearchCache {
  catalogVersion: number;
  usageVersion: number;
  index: ProcedureSearchIndex;
  usage: Map<string, ReadonlyMap<string, ProcedureUsage>>;
}

const caches = new WeakMap<Store, SearchCache>();

/**
 * The store's search index, current: `catalog_version` (bumped by triggers on every write to the
 * procedures or the dossiers, from this process or another, e.g. `motcua import-catalog` beside a
 * running app) says what to reload: the index when procedures changed, the use counts when dossiers did.
 */
function searchCache(store: Store): SearchCache {
  const v = store.procedures.version();
  let cache = caches.get(store);
  if (!cache || cache.catalogVersion !== v.procedures) {
    cache = { catalogVersion: v.procedures, usageVersion: v.usage, index: new ProcedureSearchIndex(store.procedures.keys()), usage: new Map() };
    caches.set(store, cache);
  } else if (cache.usageVersion !== v.usage) {
    cache.usageVersion = v.usage;
    cache.usage.clear();
  }
  return cache;
}

function usageOf(store: Store, cache: SearchCache, unitId: string): ReadonlyMap<string, ProcedureUsage> {
  let usage = cache.usage.get(unitId);
  if (!usage) {
    usage = new Map(store.procedures.usage(unitId).map((u) => [u.procedureId, { dossiers: u.dossiers, lastReceivedAt: u.lastReceivedAt }]));
    cache.usage.set(unitId, usage);
  }
  return usage;
}

/** Ranked ids (see shared/text/procedure-search.ts), by this unit's use. */
export function searchProcedureIds(store: Store, unitId: string, query: string, opts: { limit: number; includeRetired?: boolean }): string[] {
  const cache = searchCache(store);
  return cache.index.search(query, usageOf(store, cache, unitId), opts);
}

export function searchProcedures(ctx: ServiceContext, query: string, limit: number, includeRetired = false): Procedure[] {
  const session = requireSession(ctx);
  return ctx.store.procedures.byIds(searchProcedureIds(ctx.store, session.unit.id, query, { limit, includeRetired }));
}

/** The folded text kept with a procedure (its code, name and field). */
export function procedureSearchText(p: Pick<Procedure, 'code' | 'name' | 'field'>): string {
  return foldVietnamese(`${p.code} ${p.name} ${p.field}`);
}

export function upsertProcedure(ctx: ServiceContext, input: MethodParsedInput<'procedures.upsert'>): Procedure {
  requireSession(ctx);
  return ctx.store.tx(() => {
    const existingByCode = ctx.store.procedures.idByCode(input.code);
    if (existingByCode && input.id && existingByCode !== input.id) throw new AppError('CONFLICT', `Mã thủ tục ${input.code} đã có.`);
    const id = input.id ?? existingByCode ?? crypto.randomUUID();
    const before = ctx.store.procedures.get(id);
    const procedure: Procedure = {
      ...input,
      id,
      feeBearing: feeBearingOf(input.fees, input.feeBearing),
      components: input.components.map((c) => ({ ...c, id: c.id || crypto.randomUUID() })),
    };
    ctx.store.procedures.upsert(procedure, procedureSearchText(procedure), nowIso(ctx));
    audit(ctx, before ? 'update' : 'create', 'procedure', id, { code: procedure.code, ...(before && before.retired !== procedure.retired ? { retired: { from: before.retired, to: procedure.retired } } : {}) });
    return procedure;
  });
}
