// What a pull writes (migration 019; docs/sync-protocol.md "The desk side"): the stamp of each
// pulled field, other desks' dossiers held read-only on a supervisor's install (source 'sync'),
// their history steps and component file references, stub procedures for codes the catalog does
// not hold yet. Every write here is made inside SyncRepo.applying, so the outbox triggers skip it.
import crypto from 'node:crypto';
import type { Change } from '../../../shared/contract/sync';
import type { Db } from '../database';
import { json } from './rows';
import { UPSTREAM_COLUMNS, type UpstreamDossierFields } from './sync';

/** A short stable id (≤ 64 characters, as every id) for something named by a longer key. */
const idOf = (prefix: string, key: string) => `${prefix}-${crypto.createHash('sha256').update(key).digest('hex').slice(0, 40)}`;

export type StampKind = 'dossier' | 'component' | 'catalog' | 'calendar';

/** The order of pulled changes: time on the receiver's clock (ms), origin, then change id. */
export interface PulledStamp {
  t: number;
  origin: string;
  changeId: number;
}

export function comparePulledStamps(a: PulledStamp, b: PulledStamp): number {
  if (a.t !== b.t) return a.t < b.t ? -1 : 1;
  if (a.origin !== b.origin) return a.origin < b.origin ? -1 : 1;
  return a.changeId === b.changeId ? 0 : a.changeId < b.changeId ? -1 : 1;
}

export interface HeldDossier {
  id: string;
  status: number;
  source: 'desk' | 'import' | 'sync';
  pausedSince: string | null;
}

/** Columns a pull may set on a dossier received at another desk (checked before; names fixed here): its reception fields and the upstream ones. */
export interface RemoteDossierColumns extends UpstreamDossierFields {
  procedure_id?: string;
  procedure_code?: string;
  procedure_name?: string;
  channel?: number;
  applicant_name?: string;
  applicant_id_number?: string;
  applicant_address?: string;
  applicant_phone?: string;
  applicant_email?: string;
  search_folded?: string;
  received_at?: string;
  due_at?: string | null;
  current_due_at?: string | null;
  origin_officer_name?: string;
  origin_desk_name?: string;
  fees_json?: string;
}
const REMOTE_COLUMNS = new Set([
  'procedure_id',
  'procedure_code',
  'procedure_name',
  'channel',
  'applicant_name',
  'applicant_id_number',
  'applicant_address',
  'applicant_phone',
  'applicant_email',
  'search_folded',
  'received_at',
  'due_at',
  'current_due_at',
  'origin_officer_name',
  'origin_desk_name',
  'fees_json',
  ...UPSTREAM_COLUMNS,
]);

export interface NewRemoteDossier {
  id: string;
  code: string;
  unitCode: string;
  procedureId: string;
  procedureCode: string;
  procedureName: string;
  channel: number;
  applicantName: string;
  receivedAt: string;
  originDesk: string;
  originDeskName: string;
  at: string;
}

/** Why a pulled change is parked (migration 021). */
export type ParkedReason = 'no-dossier' | 'code-taken';

export class SyncPullRepo {
  constructor(private readonly db: Db) {}

  stamp(kind: StampKind, entity: string, field = ''): PulledStamp | null {
    const r = this.db.prepare('SELECT t, origin, change_id AS changeId FROM sync_stamps WHERE kind = ? AND entity = ? AND field = ?').get(kind, entity, field) as PulledStamp | undefined;
    return r ?? null;
  }

  /** True (and the stamp kept) when `s` is newer than what the field holds: the change may be applied. */
  claim(kind: StampKind, entity: string, field: string, s: PulledStamp): boolean {
    const cur = this.stamp(kind, entity, field);
    if (cur && comparePulledStamps(s, cur) <= 0) return false;
    this.db
      .prepare(
        `INSERT INTO sync_stamps (kind, entity, field, t, origin, change_id) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (kind, entity, field) DO UPDATE SET t = excluded.t, origin = excluded.origin, change_id = excluded.change_id`,
      )
      .run(kind, entity, field, s.t, s.origin, s.changeId);
    return true;
  }

  /** The dossier this desk holds under an upstream key, whoever received it. */
  dossierByKey(unitCode: string, code: string): HeldDossier | null {
    return (
      (this.db
        .prepare('SELECT d.id, d.status, d.source, d.paused_since AS pausedSince FROM sync_dossier_keys k JOIN dossiers d ON d.id = k.dossier_id WHERE k.unit_code = ? AND k.code = ?')
        .get(unitCode, code) as HeldDossier | undefined) ?? null
    );
  }

  /** When this desk last set the dossier's status itself (its own steps, not the ones a pull wrote), as ms; null when never. */
  lastOwnStatusAt(dossierId: string, statuses: readonly number[]): number | null {
    const rows = this.db
      .prepare(`SELECT at FROM dossier_events WHERE dossier_id = ? AND id NOT LIKE 'upstream-%' AND status IN (SELECT value FROM json_each(?))`)
      .all(dossierId, JSON.stringify(statuses)) as { at: string }[];
    let last: number | null = null;
    for (const r of rows) {
      const t = Date.parse(r.at);
      if (Number.isFinite(t) && (last === null || t > last)) last = t;
    }
    return last;
  }

  /** A dossier code already used here (under another upstream key): the other desk's dossier cannot be held. */
  codeTaken(code: string): boolean {
    return this.db.prepare('SELECT 1 FROM dossiers WHERE code = ?').get(code) !== undefined;
  }

  /** The local unit of a unit code: the unit itself, else the unit of `fallbackCode`, else the first. */
  unitId(unitCode: string, fallbackCode: string): string | null {
    const r = (this.db.prepare('SELECT id FROM units WHERE code = ?').get(unitCode) ?? this.db.prepare('SELECT id FROM units WHERE code = ?').get(fallbackCode) ??
      this.db.prepare('SELECT id FROM units ORDER BY rowid LIMIT 1').get()) as { id: string } | undefined;
    return r?.id ?? null;
  }

  /**
   * The procedure stored under `code`; for a code the catalog does not hold yet, a retired stub (not
   * offered at reception) that a catalog record later fills in place.
   */
  procedureFor(code: string, name: string, at: string, searchFolded: string): string {
    const r = this.db.prepare('SELECT id FROM procedures WHERE code = ?').get(code) as { id: string } | undefined;
    if (r) return r.id;
    const id = idOf('sp', code);
    this.db
      .prepare(
        `INSERT INTO procedures (id, code, name, search_folded, field, processing_days, retired, retired_at, updated_at)
         VALUES (?, ?, ?, ?, '', 0, 1, ?, ?)`,
      )
      .run(id, code, name || code, searchFolded, at, at);
    return id;
  }

  /** A dossier received at another desk, held read-only (source 'sync'); its upstream key as given. */
  insertRemoteDossier(d: NewRemoteDossier & { unitId: string }): void {
    this.db
      .prepare(
        `INSERT INTO dossiers (id, code, unit_id, procedure_id, procedure_code, procedure_name, channel, status, applicant_name, search_folded,
                               received_at, officer_id, created_at, updated_at, source, origin_desk, origin_desk_name)
         VALUES (@id, @code, @unitId, @procedureId, @procedureCode, @procedureName, @channel, 2, @applicantName, '',
                 @receivedAt, NULL, @at, @at, 'sync', @originDesk, @originDeskName)`,
      )
      .run(d);
    // The key trigger wrote the local unit's code: the receiver's key is the one that counts.
    this.db.prepare('INSERT INTO sync_dossier_keys (dossier_id, unit_code, code) VALUES (?, ?, ?) ON CONFLICT (dossier_id) DO UPDATE SET unit_code = excluded.unit_code, code = excluded.code').run(d.id, d.unitCode, d.code);
  }

  updateRemoteDossier(id: string, cols: RemoteDossierColumns, at: string): void {
    const keys = Object.keys(cols).filter((c) => REMOTE_COLUMNS.has(c));
    if (keys.length === 0) return;
    this.db
      .prepare(`UPDATE dossiers SET ${keys.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ?`)
      .run(...keys.map((c) => cols[c as keyof RemoteDossierColumns] ?? null), at, id);
  }

  /** What the search text is made of (code, applicant, procedure). */
  searchParts(id: string): { code: string; applicantName: string; applicantIdNumber: string; applicantPhone: string; procedureName: string } | null {
    return (
      (this.db
        .prepare('SELECT code, applicant_name AS applicantName, applicant_id_number AS applicantIdNumber, applicant_phone AS applicantPhone, procedure_name AS procedureName FROM dossiers WHERE id = ?')
        .get(id) as { code: string; applicantName: string; applicantIdNumber: string; applicantPhone: string; procedureName: string } | undefined) ?? null
    );
  }

  /** The applicant of a dossier, for the profile a received dossier fills. */
  applicantOf(id: string): { name: string; idNumber: string; address: string; phone: string; email: string; receivedAt: string } | null {
    return (
      (this.db
        .prepare('SELECT applicant_name AS name, applicant_id_number AS idNumber, applicant_address AS address, applicant_phone AS phone, applicant_email AS email, received_at AS receivedAt FROM dossiers WHERE id = ?')
        .get(id) as { name: string; idNumber: string; address: string; phone: string; email: string; receivedAt: string } | undefined) ?? null
    );
  }

  /** A step of another desk's dossier (idempotent by id). */
  insertEvent(e: { eventId: string; dossierId: string; status: number; at: string; note: string; detail: Record<string, unknown> }): boolean {
    return (
      this.db.prepare('INSERT OR IGNORE INTO dossier_events (id, dossier_id, status, at, officer_id, note, detail_json) VALUES (?, ?, ?, ?, NULL, ?, ?)').run(idOf('se', e.eventId), e.dossierId, e.status, e.at, e.note, JSON.stringify(e.detail))
        .changes > 0
    );
  }

  /**
   * A component of another desk's dossier, by its code there (the sequence as text, or a catalog
   * code): only the file's reference is kept; `removed` clears it.
   */
  setRemoteComponent(c: { dossierId: string; componentCode: string; name: string; sha256: string | null; url: string | null; reused: boolean; at: string | null }): void {
    const id = idOf('sc', `${c.dossierId}/${c.componentCode}`);
    const exists = this.db.prepare('SELECT 1 FROM components WHERE id = ?').get(id);
    if (exists) {
      this.db.prepare('UPDATE components SET name = ?, remote_sha256 = ?, remote_url = ?, remote_reused = ?, digitized_at = ? WHERE id = ?').run(c.name, c.sha256, c.url, c.reused ? 1 : 0, c.at, id);
      return;
    }
    const wanted = /^\d{1,6}$/.test(c.componentCode) ? Number(c.componentCode) : null;
    const taken = wanted !== null && this.db.prepare('SELECT 1 FROM components WHERE dossier_id = ? AND sequence = ?').get(c.dossierId, wanted) !== undefined;
    const seq = wanted !== null && !taken ? wanted : ((this.db.prepare('SELECT coalesce(max(sequence), 0) + 1 AS n FROM components WHERE dossier_id = ?').get(c.dossierId) as { n: number }).n);
    this.db
      .prepare('INSERT INTO components (id, dossier_id, sequence, name, remote_sha256, remote_url, remote_reused, digitized_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, c.dossierId, seq, c.name, c.sha256, c.url, c.reused ? 1 : 0, c.at);
  }

  // --- changes parked until their dossier is here (migration 021) --------------------------------
  /** Parks a change that cannot be applied yet (once per change id; the latest reason wins). */
  parkChange(c: Change, key: { unitCode: string; code: string }, reason: ParkedReason, at: string): void {
    this.db
      .prepare(
        `INSERT INTO sync_parked_changes (change_id, unit_code, code, reason, change_json, parked_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (change_id) DO UPDATE SET reason = excluded.reason`,
      )
      .run(c.changeId, key.unitCode, key.code, reason, JSON.stringify(c), at);
  }

  /** Takes out the changes parked for a dossier key, in the receiver's order, for them to be applied again. */
  takeParked(unitCode: string, code: string): Change[] {
    const rows = this.db.prepare('SELECT change_json FROM sync_parked_changes WHERE unit_code = ? AND code = ? ORDER BY change_id').all(unitCode, code) as { change_json: string }[];
    this.db.prepare('DELETE FROM sync_parked_changes WHERE unit_code = ? AND code = ?').run(unitCode, code);
    return rows.map((r) => json<Change | null>(r.change_json, null)).filter((c): c is Change => c !== null);
  }

  /** The dossier keys with parked changes, and whether one of them waits for a code this install uses. */
  parkedKeys(): { unitCode: string; code: string; codeTaken: boolean }[] {
    return (
      this.db.prepare("SELECT unit_code AS unitCode, code, max(reason = 'code-taken') AS codeTaken FROM sync_parked_changes GROUP BY unit_code, code ORDER BY min(change_id)").all() as {
        unitCode: string;
        code: string;
        codeTaken: number;
      }[]
    ).map((r) => ({ ...r, codeTaken: r.codeTaken === 1 }));
  }

  /** How many changes wait, and the codes of other desks' dossiers not held because this install uses the code. */
  parkedCounts(): { changes: number; codeTaken: string[] } {
    const n = (this.db.prepare('SELECT count(*) AS n FROM sync_parked_changes').get() as { n: number }).n;
    const codes = n === 0 ? [] : (this.db.prepare("SELECT DISTINCT code FROM sync_parked_changes WHERE reason = 'code-taken' ORDER BY code LIMIT 50").all() as { code: string }[]).map((r) => r.code);
    return { changes: n, codeTaken: codes };
  }

  /** Other desks' dossiers held here (a supervisor's install), and from how many desks. */
  remoteCounts(): { dossiers: number; desks: number } {
    // Every such dossier has its origin desk: the partial index answers without reading the others.
    return this.db.prepare('SELECT count(*) AS dossiers, count(DISTINCT origin_desk) AS desks FROM dossiers WHERE origin_desk IS NOT NULL').get() as { dossiers: number; desks: number };
  }
}
