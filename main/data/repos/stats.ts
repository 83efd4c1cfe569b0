// Thống kê at scale: stored verdict facts per dossier (migration 017) and the queries over them.
// Every number is counted from `dossier_facts` (or its daily rollup) with the judging instant T as a
// parameter; the few dossiers whose verdict at T needs their history (shared/domain/verdict-facts.ts)
// are judged here from it, with the same function the index uses.
import type { Db } from '../database';
import { dossierVerdicts, isOnTime, type IndexCounts, type IndexDossier } from '../../../shared/domain/national-index';
import { onTimeTimeline } from '../../../shared/domain/verdict-facts';
import { toLocalDay } from '../../../shared/domain/vietnam-time';
import { INDEX_DOSSIER_COLUMNS, historiesOf, toIndexDossier, type IndexRow } from './index-dossier';

export type StatsGroupBy = 'day' | 'officer' | 'procedure' | 'desk' | 'field';
export type StatsCriterion = 'received' | 'onTime' | 'overdue' | 'online' | 'digitized' | 'reused' | 'paid' | 'complaint';

/** Sums over a group of dossiers: the index's counts (payment also its denominator). */
export type StatsCounts = IndexCounts;

export interface StatsGroupRow extends StatsCounts {
  key: string;
  label: string;
}

export interface DrillRow {
  id: string;
  code: string;
  procedureCode: string;
  procedureName: string;
  applicantName: string;
  officerName: string;
  receivedAt: string;
  dueAt: string | null;
  endedAt: string | null;
  status: number;
  channel: number;
}

export interface EvidenceRow extends DrillRow {
  desk: string;
  field: string;
  onTime: boolean;
  online: boolean;
  digitized: boolean;
  reused: boolean;
  paid: boolean | null;
  complaint: boolean;
}

export interface WorkRow {
  id: string;
  code: string;
  procedureName: string;
  applicantName: string;
  officerName: string;
  status: number;
  dueAt: string;
}

const zero = (): StatsCounts => ({ received: 0, onTime: 0, online: 0, digitized: 0, reused: 0, paid: 0, paidOf: 0, complaint: 0 });

/** The SQL verdict at @t: 1/0, or NULL when the history must decide. */
const ON_TIME_SQL = 'CASE WHEN f.simple THEN (f.late_from IS NULL OR f.late_from > @t) WHEN f.settled_at <= @t THEN f.final_on_time ELSE NULL END';

/**
 * A dossier received at another desk (held on a supervisor's install, migration 019) has no officer
 * here: it is grouped by the desk and the officer that received it there. Looked up only for a
 * dossier without an officer here (measured: a year's breakdown by desk over 200,000 facts, 2 % of
 * them without an officer, 99 → 158 ms median; a correlated lookup on every row took 296 ms, a
 * LEFT JOIN 281 ms).
 */
const otherDesk = (col: string) => `CASE WHEN f.officer_id IS NULL THEN (SELECT ${col} FROM dossiers od WHERE od.id = f.dossier_id AND od.source = 'sync') END`;

const GROUP_SQL: Record<StatsGroupBy, { key: string; label: string }> = {
  day: { key: 'f.day', label: 'f.day' },
  officer: {
    key: `coalesce(f.officer_id, ${otherDesk("'sync:' || coalesce(od.origin_desk, '') || ':' || od.origin_officer_name")}, '')`,
    label: `coalesce(o.full_name, ${otherDesk('od.origin_officer_name')}, '')`,
  },
  procedure: { key: 'f.procedure_id', label: "coalesce(p.code || ' — ' || p.name, '')" },
  desk: { key: `coalesce(o.desk, ${otherDesk('od.origin_desk_name')}, '')`, label: `coalesce(o.desk, ${otherDesk('od.origin_desk_name')}, '')` },
  field: { key: "coalesce(p.field, '')", label: "coalesce(p.field, '')" },
};

const CRITERION_SQL: Record<Exclude<StatsCriterion, 'onTime' | 'overdue'>, string> = {
  received: '1',
  online: 'f.online',
  digitized: 'f.digitized',
  reused: 'f.reused',
  paid: 'f.paid',
  complaint: 'f.complaint',
};

const FROM_FACTS = 'FROM dossier_facts f LEFT JOIN officers o ON o.id = f.officer_id LEFT JOIN procedures p ON p.id = f.procedure_id';
const CHUNK = 20_000;

export class StatsRepo {
  constructor(private readonly db: Db) {}

  // --- facts ---------------------------------------------------------------------------------

  /** Recomputes one dossier's facts. Call inside the transaction of every write to a dossier. */
  refreshFacts(dossierId: string): void {
    this.refreshWhere('d.id IN (SELECT value FROM json_each(?))', [JSON.stringify([dossierId])]);
  }

  /** Catches up dossiers written without a refresh (marked by triggers). Returns how many. */
  flushDirty(): number {
    let total = 0;
    for (;;) {
      const ids = (this.db.prepare('SELECT dossier_id FROM facts_dirty LIMIT ?').pluck().all(CHUNK) as string[]);
      if (ids.length === 0) return total;
      this.db.transaction(() => this.refreshWhere('d.id IN (SELECT value FROM json_each(?))', [JSON.stringify(ids)], ids))();
      total += ids.length;
    }
  }

  /** Recomputes every dossier's facts (after a bulk import), in chunks. */
  rebuildAll(): number {
    let after = 0;
    let total = 0;
    for (;;) {
      const last = this.db.prepare('SELECT rowid FROM dossiers WHERE rowid > ? ORDER BY rowid LIMIT 1 OFFSET ?').pluck().get(after, CHUNK - 1) as number | undefined;
      const upTo = last ?? Number.MAX_SAFE_INTEGER;
      const n = this.db.transaction(() => this.refreshWhere('d.rowid > ? AND d.rowid <= ?', [after, upTo]))();
      total += n;
      if (last === undefined) return total;
      after = last;
    }
  }

  private sources(where: string, args: unknown[]): { row: IndexRow; index: IndexDossier }[] {
    const rows = this.db.prepare(`SELECT ${INDEX_DOSSIER_COLUMNS} FROM dossiers d JOIN procedures p ON p.id = d.procedure_id WHERE ${where}`).all(...args) as IndexRow[];
    if (rows.length === 0) return [];
    const history = historiesOf(this.db, rows.map((r) => r.id));
    return rows.map((r) => ({ row: r, index: toIndexDossier(r, history) }));
  }

  private refreshWhere(where: string, args: unknown[], alsoClear: readonly string[] = []): number {
    const found = this.sources(where, args);
    const del = this.db.prepare('DELETE FROM dossier_facts WHERE dossier_id = ?');
    const clear = this.db.prepare('DELETE FROM facts_dirty WHERE dossier_id = ?');
    const ins = this.db.prepare(
      `INSERT INTO dossier_facts (day, dossier_id, officer_id, procedure_id, channel, online, digitized, reused, paid, complaint, late_from, settled_at, final_on_time, simple)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const b = (v: boolean | null) => (v === null ? null : v ? 1 : 0);
    for (const { row, index } of found) {
      const v = dossierVerdicts(index, 0);
      const t = onTimeTimeline(index);
      del.run(row.id);
      ins.run(toLocalDay(row.received_at), row.id, row.officer_id, row.procedure_id, row.channel, b(v.online), b(v.digitized), b(v.reused), b(v.paid), b(v.complaint), t.lateFrom, t.settledAt, b(t.finalOnTime), b(t.simple));
      clear.run(row.id);
    }
    // Ids asked for but gone (a deleted dossier): nothing to count.
    for (const id of alsoClear) {
      clear.run(id);
    }
    return found.length;
  }

  /** Whether every fact is up to date (tests, doctor). */
  dirtyCount(): number {
    return this.db.prepare('SELECT count(*) FROM facts_dirty').pluck().get() as number;
  }

  // --- counting ------------------------------------------------------------------------------

  /** Judges, from their histories, the dossiers in a range whose verdict at T the facts leave open. */
  private openVerdicts(fromDay: string, toDay: string, t: number, extraWhere = '', extraArgs: Record<string, unknown> = {}, keySql = "''"): { id: string; key: string; onTime: boolean }[] {
    const open = this.db
      .prepare(`SELECT f.dossier_id AS id, ${keySql} AS k ${FROM_FACTS} WHERE f.day BETWEEN @from AND @to AND NOT f.simple AND (f.settled_at IS NULL OR f.settled_at > @t) ${extraWhere}`)
      .all({ from: fromDay, to: toDay, t, ...extraArgs }) as { id: string; k: string }[];
    if (open.length === 0) return [];
    const byId = new Map(this.sources('d.id IN (SELECT value FROM json_each(?))', [JSON.stringify(open.map((o) => o.id))]).map((s) => [s.row.id, s.index]));
    return open.map((o) => ({ id: o.id, key: o.k, onTime: byId.has(o.id) ? isOnTime(byId.get(o.id)!, t) : true }));
  }

  /** Counts per group over dossiers received on local days [fromDay, toDay], judged at T (ms). */
  grouped(fromDay: string, toDay: string, t: number, by: StatsGroupBy): StatsGroupRow[] {
    const g = GROUP_SQL[by];
    const rows = this.db
      .prepare(
        `SELECT ${g.key} AS key, max(${g.label}) AS label, count(*) AS received, sum(coalesce(${ON_TIME_SQL}, 0)) AS onTime,
                sum(f.online) AS online, sum(f.digitized) AS digitized, sum(f.reused) AS reused, sum(coalesce(f.paid, 0)) AS paid,
                count(f.paid) AS paidOf, sum(f.complaint) AS complaint
           ${FROM_FACTS} WHERE f.day BETWEEN @from AND @to GROUP BY key ORDER BY key`,
      )
      .all({ from: fromDay, to: toDay, t }) as StatsGroupRow[];
    const byKey = new Map(rows.map((r) => [r.key, r]));
    for (const o of this.openVerdicts(fromDay, toDay, t, '', {}, g.key)) if (o.onTime) byKey.get(o.key)!.onTime++;
    return rows;
  }

  /** Totals per local day: from the daily rollup when every ended dossier ended by T, else from the facts. */
  daily(fromDay: string, toDay: string, t: number): StatsGroupRow[] {
    const lastSettled = this.db.prepare('SELECT max(settled_at) FROM dossier_facts').pluck().get() as number | null;
    if (lastSettled !== null && lastSettled > t) return this.grouped(fromDay, toDay, t, 'day');
    const rows = this.db
      .prepare(
        `SELECT day AS key, day AS label, received, settled_on_time AS onTime, online, digitized, reused, paid, paid_of AS paidOf, complaint
           FROM daily_facts WHERE day BETWEEN ? AND ? AND received > 0 ORDER BY day`,
      )
      .all(fromDay, toDay) as StatsGroupRow[];
    const byDay = new Map(rows.map((r) => [r.key, r]));
    const open = this.db
      .prepare(
        `SELECT f.day AS day, sum(coalesce(${ON_TIME_SQL}, 0)) AS onTime FROM dossier_facts f INDEXED BY dossier_facts_open
          WHERE f.day BETWEEN @from AND @to AND f.settled_at IS NULL GROUP BY f.day`,
      )
      .all({ from: fromDay, to: toDay, t }) as { day: string; onTime: number }[];
    for (const o of open) if (byDay.has(o.day)) byDay.get(o.day)!.onTime += o.onTime;
    for (const o of this.openVerdicts(fromDay, toDay, t, 'AND f.settled_at IS NULL', {}, 'f.day')) if (o.onTime) byDay.get(o.key)!.onTime++;
    return rows;
  }

  /** Sums rows into one. */
  static sum(rows: readonly StatsCounts[]): StatsCounts {
    const s = zero();
    const keys = Object.keys(s) as (keyof StatsCounts)[];
    for (const r of rows) for (const k of keys) s[k] += r[k];
    return s;
  }

  // --- the dossiers behind a number -----------------------------------------------------------

  /**
   * Ids (newest first) of the dossiers a number counts: received in the range, in the group when
   * given, whose verdict on `criterion` at T is `verdict` ('received' counts every one).
   */
  drillIds(fromDay: string, toDay: string, t: number, criterion: StatsCriterion, verdict: boolean, group?: { by: Exclude<StatsGroupBy, 'day'> | 'day'; key: string }): string[] {
    const where: string[] = ['f.day BETWEEN @from AND @to'];
    const args: Record<string, unknown> = { from: fromDay, to: toDay, t, key: group?.key ?? null };
    if (group) where.push(`${GROUP_SQL[group.by].key} = @key`);
    const timed = criterion === 'onTime' || criterion === 'overdue';
    const want = criterion === 'overdue' ? !verdict : verdict;
    if (!timed && criterion !== 'received') where.push(`${CRITERION_SQL[criterion]} = ${verdict ? 1 : 0}`);
    const rows = this.db
      .prepare(`SELECT f.dossier_id AS id, ${timed ? ON_TIME_SQL : 'NULL'} AS ot, d.received_at AS at ${FROM_FACTS} JOIN dossiers d ON d.id = f.dossier_id WHERE ${where.join(' AND ')} ORDER BY d.received_at DESC, d.code DESC`)
      .all(args) as { id: string; ot: number | null; at: string }[];
    if (!timed) return rows.map((r) => r.id);
    const unsure = rows.filter((r) => r.ot === null);
    const decided = new Map<string, boolean>();
    if (unsure.length) {
      for (const s of this.sources('d.id IN (SELECT value FROM json_each(?))', [JSON.stringify(unsure.map((r) => r.id))])) decided.set(s.row.id, isOnTime(s.index, t));
    }
    return rows.filter((r) => (r.ot === null ? (decided.get(r.id) ?? true) : r.ot === 1) === want).map((r) => r.id);
  }

  /** What a drill-down list shows of each dossier, in the order of `ids`. */
  drillRows(ids: readonly string[]): DrillRow[] {
    if (ids.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT d.id, d.code, d.procedure_code AS procedureCode, d.procedure_name AS procedureName, d.applicant_name AS applicantName,
                coalesce(o.full_name, '') AS officerName, d.received_at AS receivedAt, d.due_at AS dueAt, d.ended_at AS endedAt, d.status, d.channel
           FROM dossiers d LEFT JOIN officers o ON o.id = d.officer_id WHERE d.id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(ids)) as DrillRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)).filter((r): r is DrillRow => !!r);
  }

  /** Each dossier of the range with its verdicts at T (the evidence sheet), oldest first, at most `limit`. */
  evidence(fromDay: string, toDay: string, t: number, limit: number): EvidenceRow[] {
    const rows = this.db
      .prepare(
        `SELECT d.id, d.code, d.procedure_code AS procedureCode, d.procedure_name AS procedureName, d.applicant_name AS applicantName,
                coalesce(o.full_name, '') AS officerName, coalesce(o.desk, '') AS desk, coalesce(p.field, '') AS field,
                d.received_at AS receivedAt, d.due_at AS dueAt, d.ended_at AS endedAt, d.status, d.channel,
                ${ON_TIME_SQL} AS ot, f.online, f.digitized, f.reused, f.paid, f.complaint
           ${FROM_FACTS} JOIN dossiers d ON d.id = f.dossier_id WHERE f.day BETWEEN @from AND @to ORDER BY d.received_at, d.code LIMIT @limit`,
      )
      .all({ from: fromDay, to: toDay, t, limit }) as (DrillRow & { desk: string; field: string; ot: number | null; online: number; digitized: number; reused: number; paid: number | null; complaint: number })[];
    const unsure = rows.filter((r) => r.ot === null);
    const decided = new Map<string, boolean>();
    if (unsure.length) for (const s of this.sources('d.id IN (SELECT value FROM json_each(?))', [JSON.stringify(unsure.map((r) => r.id))])) decided.set(s.row.id, isOnTime(s.index, t));
    return rows.map(({ ot, online, digitized, reused, paid, complaint, ...r }) => ({
      ...r,
      onTime: ot === null ? (decided.get(r.id) ?? true) : ot === 1,
      online: online === 1,
      digitized: digitized === 1,
      reused: reused === 1,
      paid: paid === null ? null : paid === 1,
      complaint: complaint === 1,
    }));
  }

  // --- worklist --------------------------------------------------------------------------------

  /** Dossiers in progress (not ended, clock not paused) due by `untilIso`, soonest first, overdue included. */
  runningDueBy(untilIso: string, limit: number): WorkRow[] {
    return this.db
      .prepare(
        `SELECT d.id, d.code, d.procedure_name AS procedureName, d.applicant_name AS applicantName, coalesce(o.full_name, '') AS officerName, d.status, d.current_due_at AS dueAt
           FROM dossiers d LEFT JOIN officers o ON o.id = d.officer_id
          WHERE d.ended_at IS NULL AND d.status NOT IN (3, 7, 8, 9, 10) AND d.paused_since IS NULL AND d.current_due_at IS NOT NULL AND d.current_due_at <= ?
          ORDER BY d.current_due_at, d.code LIMIT ?`,
      )
      .all(untilIso, limit) as WorkRow[];
  }
}
