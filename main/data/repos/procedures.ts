import type { Db } from '../database';
import type { Procedure, ProcedureComponentTemplate, ProcedureFee } from '../../../shared/domain/schemas';
import { bool, int, json } from './rows';

interface ProcedureRow {
  id: string;
  code: string;
  name: string;
  field: string;
  level: string;
  processing_days: number;
  processing_hours: number | null;
  after_15h_rule: number;
  fully_online: number;
  result_is_paper: number;
  fee_bearing: number;
  fees_json: string;
  portal_url: string;
  retired: number;
  components_json: string;
}

const toProcedure = (r: ProcedureRow): Procedure => ({
  id: r.id,
  code: r.code,
  name: r.name,
  field: r.field,
  level: r.level,
  processingDays: r.processing_days,
  processingHours: r.processing_hours,
  after15hRule: bool(r.after_15h_rule),
  fullyOnline: bool(r.fully_online),
  resultIsPaper: bool(r.result_is_paper),
  feeBearing: bool(r.fee_bearing),
  fees: json<ProcedureFee[]>(r.fees_json, []),
  portalUrl: r.portal_url,
  retired: bool(r.retired),
  // Components stored before migration 013 have no kind: they were the papers themselves.
  components: json<ProcedureComponentTemplate[]>(r.components_json, []).map((c) => ({ ...c, kind: c.kind ?? 'original' })),
});

/** What the search index keeps of a procedure. */
export interface ProcedureKey {
  id: string;
  code: string;
  name: string;
  field: string;
  retired: boolean;
}

/** Dossiers received under a procedure at a unit (the desk's use), and the latest receipt. */
export interface ProcedureUse {
  procedureId: string;
  dossiers: number;
  lastReceivedAt: string | null;
}

export class ProceduresRepo {
  constructor(private readonly db: Db) {}

  upsert(p: Procedure, searchFolded: string, updatedAt: string): void {
    this.db
      .prepare(
        `INSERT INTO procedures (id, code, name, search_folded, field, level, processing_days, processing_hours, after_15h_rule, fully_online,
                                 result_is_paper, fee_bearing, fees_json, portal_url, retired, retired_at, components_json, updated_at)
         VALUES (@id, @code, @name, @searchFolded, @field, @level, @processingDays, @processingHours, @after15hRule, @fullyOnline,
                 @resultIsPaper, @feeBearing, @fees, @portalUrl, @retired, CASE WHEN @retired = 1 THEN @updatedAt END, @components, @updatedAt)
         ON CONFLICT(id) DO UPDATE SET code = excluded.code, name = excluded.name, search_folded = excluded.search_folded,
           field = excluded.field, level = excluded.level, processing_days = excluded.processing_days,
           processing_hours = excluded.processing_hours, after_15h_rule = excluded.after_15h_rule, fully_online = excluded.fully_online,
           result_is_paper = excluded.result_is_paper, fee_bearing = excluded.fee_bearing, fees_json = excluded.fees_json,
           portal_url = excluded.portal_url, retired = excluded.retired,
           retired_at = CASE WHEN excluded.retired = 0 THEN NULL WHEN procedures.retired = 1 THEN procedures.retired_at ELSE excluded.updated_at END,
           components_json = excluded.components_json, updated_at = excluded.updated_at`,
      )
      .run({
        id: p.id,
        code: p.code,
        name: p.name,
        searchFolded,
        field: p.field,
        level: p.level,
        processingDays: p.processingDays,
        processingHours: p.processingHours,
        after15hRule: int(p.after15hRule),
        fullyOnline: int(p.fullyOnline),
        resultIsPaper: int(p.resultIsPaper),
        feeBearing: int(p.feeBearing),
        fees: JSON.stringify(p.fees),
        portalUrl: p.portalUrl,
        retired: int(p.retired),
        components: JSON.stringify(p.components),
        updatedAt,
      });
  }

  get(id: string): Procedure | null {
    const r = this.db.prepare('SELECT * FROM procedures WHERE id = ?').get(id) as ProcedureRow | undefined;
    return r ? toProcedure(r) : null;
  }

  idByCode(code: string): string | null {
    const r = this.db.prepare('SELECT id FROM procedures WHERE code = ?').get(code) as { id: string } | undefined;
    return r?.id ?? null;
  }

  /** Every procedure, retired ones too, by code (an import compares against them). */
  all(): Procedure[] {
    return (this.db.prepare('SELECT * FROM procedures ORDER BY code').all() as ProcedureRow[]).map(toProcedure);
  }

  /** The procedures with these ids, in the order given (missing ids are left out). */
  byIds(ids: readonly string[]): Procedure[] {
    if (ids.length === 0) return [];
    const rows = this.db.prepare(`SELECT * FROM procedures WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as ProcedureRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      return r ? [toProcedure(r)] : [];
    });
  }

  /** Marks procedures retired (removed from the catalog) or in force again; returns how many changed. */
  setRetired(ids: readonly string[], retired: boolean, at: string): number {
    const stmt = this.db.prepare(
      'UPDATE procedures SET retired = @retired, retired_at = CASE WHEN @retired = 1 THEN @at END, updated_at = @at WHERE id = @id AND retired <> @retired',
    );
    let changed = 0;
    for (const id of ids) changed += stmt.run({ id, retired: int(retired), at }).changes;
    return changed;
  }

  /** What the search index needs of every procedure. */
  keys(): ProcedureKey[] {
    return (this.db.prepare('SELECT id, code, name, field, retired FROM procedures').all() as { id: string; code: string; name: string; field: string; retired: number }[]).map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      field: r.field,
      retired: bool(r.retired),
    }));
  }

  /** Bumped (by triggers) whenever procedures, or the dossiers counted as their use, change. */
  version(): { procedures: number; usage: number } {
    return this.db.prepare('SELECT procedures, usage FROM catalog_version WHERE id = 1').get() as { procedures: number; usage: number };
  }

  /** Dossiers received per procedure at a unit. */
  usage(unitId: string): ProcedureUse[] {
    return (
      this.db.prepare('SELECT procedure_id, dossiers, last_received_at FROM procedure_usage WHERE unit_id = ? AND dossiers > 0').all(unitId) as {
        procedure_id: string;
        dossiers: number;
        last_received_at: string | null;
      }[]
    ).map((r) => ({ procedureId: r.procedure_id, dossiers: r.dossiers, lastReceivedAt: r.last_received_at }));
  }
}
