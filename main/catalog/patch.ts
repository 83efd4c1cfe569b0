// A row of a catalog file applied to the procedure stored under its code, or to the defaults.
import crypto from 'node:crypto';
import { feeBearingOf } from '../../shared/domain/procedure-catalog';
import type { Procedure } from '../../shared/domain/schemas';
import { foldVietnamese } from '../../shared/text/fold';
import type { CatalogPatch } from './fields';

/** A patch applied to the stored procedure (or to the defaults for a new one). */
export function applyPatch(patch: CatalogPatch, before: Procedure | undefined): Procedure {
  const base: Procedure = before ?? {
    id: crypto.randomUUID(),
    code: patch.code,
    name: patch.name,
    field: '',
    level: '',
    processingDays: 0,
    processingHours: null,
    after15hRule: false,
    fullyOnline: false,
    resultIsPaper: true,
    feeBearing: false,
    fees: [],
    portalUrl: '',
    retired: false,
    components: [],
  };
  const fees = patch.fees ?? base.fees;
  // Components keep their ids when their name stays (reception lists them by id).
  const oldIds = new Map(base.components.map((c) => [foldVietnamese(c.name), c.id]));
  const components = patch.components
    ? patch.components.map((c) => ({ ...c, id: oldIds.get(foldVietnamese(c.name)) ?? crypto.randomUUID() }))
    : base.components;
  const seen = new Set<string>();
  for (const c of components) {
    if (seen.has(c.id)) c.id = crypto.randomUUID();
    seen.add(c.id);
  }
  return {
    ...base,
    name: patch.name,
    field: patch.field ?? base.field,
    level: patch.level ?? base.level,
    processingDays: patch.time?.processingDays ?? base.processingDays,
    processingHours: patch.time ? patch.time.processingHours : base.processingHours,
    after15hRule: patch.after15hRule ?? base.after15hRule,
    fullyOnline: patch.fullyOnline ?? base.fullyOnline,
    resultIsPaper: patch.resultIsPaper ?? base.resultIsPaper,
    fees,
    feeBearing: feeBearingOf(fees, patch.feeBearing ?? base.feeBearing),
    portalUrl: patch.portalUrl ?? base.portalUrl,
    retired: false,
    components,
  };
}

