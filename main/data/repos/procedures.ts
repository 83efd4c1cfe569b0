import type { Db } from '../database';
import type { Procedure, ProcedureComponentTemplate } from '../../../shared/domain/schemas';
import { bool, int, json } from './rows';

interface ProcedureRow {
  id: string;
  code: string;
  name: string;
  field: string;
  processing_days: number;
  fully_online: number;
  result_is_paper: number;
  fee_bearing: number;
  components_json: string;
}

const toProcedure = (r: ProcedureRow): Procedure => ({
  id: r.id,
  code: r.code,
  name: r.name,
  field: r.field,
  processingDays: r.processing_days,
  fullyOnline: bool(r.fully_online),
  resultIsPaper: bool(r.result_is_paper),
  feeBearing: bool(r.fee_bearing),
  components: json<ProcedureComponentTemplate[]>(r.components_json, []),
});

export class ProceduresRepo {
  constructor(private readonly db: Db) {}

  upsert(p: Procedure, searchFolded: string, updatedAt: string): void {
    this.db
      .prepare(
        `INSERT INTO procedures (id, code, name, search_folded, field, processing_days, fully_online, result_is_paper, fee_bearing, components_json, updated_at)
         VALUES (@id, @code, @name, @searchFolded, @field, @processingDays, @fullyOnline, @resultIsPaper, @feeBearing, @components, @updatedAt)
         ON CONFLICT(id) DO UPDATE SET code = excluded.code, name = excluded.name, search_folded = excluded.search_folded,
           field = excluded.field, processing_days = excluded.processing_days, fully_online = excluded.fully_online,
           result_is_paper = excluded.result_is_paper, fee_bearing = excluded.fee_bearing,
           components_json = excluded.components_json, updated_at = excluded.updated_at`,
      )
      .run({
        id: p.id,
        code: p.code,
        name: p.name,
        searchFolded,
        field: p.field,
        processingDays: p.processingDays,
        fullyOnline: int(p.fullyOnline),
        resultIsPaper: int(p.resultIsPaper),
        feeBearing: int(p.feeBearing),
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

  /** Every term (folded, y written i) must appear in the folded name or code (AND search). */
  search(terms: string[], limit: number): Procedure[] {
    const where = terms.map(() => "REPLACE(search_folded, 'y', 'i') LIKE ? ESCAPE '\\'").join(' AND ') || '1 = 1';
    const args = terms.map((t) => `%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const rows = this.db
      .prepare(`SELECT * FROM procedures WHERE ${where} ORDER BY name LIMIT ?`)
      .all(...args, limit) as ProcedureRow[];
    return rows.map(toProcedure);
  }
}
