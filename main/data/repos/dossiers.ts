import type { Db } from '../database';
import type {
  Applicant,
  Component,
  Dossier,
  DossierEvent,
  DossierStatusCode,
  ChannelCode,
  FeeCharged,
  PaidOnline,
} from '../../../shared/domain/schemas';
import { bool, json } from './rows';

interface DossierRow {
  id: string;
  code: string;
  unit_id: string;
  procedure_id: string;
  procedure_code: string;
  procedure_name: string;
  channel: number;
  status: number;
  applicant_name: string;
  applicant_id_number: string;
  applicant_address: string;
  applicant_phone: string;
  applicant_email: string;
  received_at: string;
  due_at: string | null;
  ended_at: string | null;
  returned_at: string | null;
  officer_id: string | null;
  created_at: string;
  updated_at: string;
  fees_json: string;
  paid_online: number;
  result_code: string | null;
  result_file: string | null;
  complaint: number;
  source: string;
  origin_desk_name?: string;
  origin_officer_name?: string;
  current_due_at: string | null;
  paused_since: string | null;
}

interface ComponentRow {
  id: string;
  dossier_id: string;
  sequence: number;
  name: string;
  required: number;
  copies: number;
  received: number;
  file_id: string | null;
  file_ext: string | null;
  result_code: string | null;
  digitized_at: string | null;
  page_count: number;
  signed_by: string | null;
  remote_url?: string | null;
  reused_from: string | null;
}

const toDossier = (r: DossierRow): Dossier => ({
  id: r.id,
  code: r.code,
  unitId: r.unit_id,
  procedureId: r.procedure_id,
  procedureCode: r.procedure_code,
  procedureName: r.procedure_name,
  channel: r.channel as ChannelCode,
  status: r.status as DossierStatusCode,
  applicant: {
    name: r.applicant_name,
    idNumber: r.applicant_id_number,
    address: r.applicant_address,
    phone: r.applicant_phone,
    email: r.applicant_email,
  },
  receivedAt: r.received_at,
  dueAt: r.due_at,
  endedAt: r.ended_at,
  returnedAt: r.returned_at,
  officerId: r.officer_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  fees: json<FeeCharged[]>(r.fees_json, []),
  paidOnline: r.paid_online as PaidOnline,
  resultCode: r.result_code,
  resultFile: r.result_file,
  complaint: bool(r.complaint),
  source: r.source as Dossier['source'],
  currentDueAt: r.current_due_at,
  pausedSince: r.paused_since,
  ...(r.source === 'sync' ? { originDeskName: r.origin_desk_name ?? '', originOfficerName: r.origin_officer_name ?? '' } : {}),
});

const toComponent = (r: ComponentRow): Component => ({
  id: r.id,
  dossierId: r.dossier_id,
  sequence: r.sequence,
  name: r.name,
  required: bool(r.required),
  copies: r.copies,
  received: bool(r.received),
  digitization: {
    fileId: r.file_id,
    resultCode: r.result_code,
    digitizedAt: r.digitized_at,
    pageCount: r.page_count,
    signedBy: r.signed_by,
    reusedFrom: r.reused_from,
    ...(r.remote_url ? { remoteUrl: r.remote_url } : {}),
  },
});

export interface NewDossier extends Dossier {
  searchFolded: string;
}

export class DossiersRepo {
  constructor(private readonly db: Db) {}

  /** Next sequence in a counter scope. Call inside the transaction that inserts the dossier.
   *  `floor`: the last sequence known handed out elsewhere (the high-water mark outside the
   *  database), so a database that went backwards continues after it. */
  nextSequence(scope: string, floor = 0): number {
    const r = this.db
      .prepare(
        `INSERT INTO dossier_counters (scope, last) VALUES (@scope, @floor + 1)
         ON CONFLICT(scope) DO UPDATE SET last = MAX(last, @floor) + 1 RETURNING last`,
      )
      .get({ scope, floor }) as { last: number };
    return r.last;
  }

  codeExists(code: string): boolean {
    return this.db.prepare('SELECT 1 FROM dossiers WHERE code = ?').get(code) !== undefined;
  }

  insert(d: NewDossier): void {
    this.db
      .prepare(
        `INSERT INTO dossiers (id, code, unit_id, procedure_id, procedure_code, procedure_name, channel, status,
           applicant_name, applicant_id_number, applicant_address, applicant_phone, applicant_email, search_folded,
           received_at, due_at, ended_at, returned_at, officer_id, created_at, updated_at,
           fees_json, paid_online, result_code, result_file, complaint, source, current_due_at, paused_since)
         VALUES (@id, @code, @unitId, @procedureId, @procedureCode, @procedureName, @channel, @status,
           @name, @idNumber, @address, @phone, @email, @searchFolded,
           @receivedAt, @dueAt, @endedAt, @returnedAt, @officerId, @createdAt, @updatedAt,
           @feesJson, @paidOnline, @resultCode, @resultFile, @complaintInt, @source, @currentDueAt, @pausedSince)`,
      )
      .run({ ...d, ...d.applicant, feesJson: JSON.stringify(d.fees), complaintInt: d.complaint ? 1 : 0 });
  }

  insertComponent(c: Component): void {
    this.db
      .prepare(
        `INSERT INTO components (id, dossier_id, sequence, name, required, copies, received)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(c.id, c.dossierId, c.sequence, c.name, c.required ? 1 : 0, c.copies, c.received ? 1 : 0);
  }

  insertEvent(e: DossierEvent): void {
    this.db
      .prepare('INSERT INTO dossier_events (id, dossier_id, status, at, officer_id, note, detail_json) VALUES (@id, @dossierId, @status, @at, @officerId, @note, @detailJson)')
      .run({ ...e, detailJson: JSON.stringify(e.detail) });
  }

  get(id: string): Dossier | null {
    const r = this.db.prepare('SELECT * FROM dossiers WHERE id = ?').get(id) as DossierRow | undefined;
    return r ? toDossier(r) : null;
  }

  components(dossierId: string): Component[] {
    return (this.db.prepare('SELECT * FROM components WHERE dossier_id = ? ORDER BY sequence').all(dossierId) as ComponentRow[]).map(
      toComponent,
    );
  }

  component(id: string): (Component & { fileExt: string | null }) | null {
    const r = this.db.prepare('SELECT * FROM components WHERE id = ?').get(id) as ComponentRow | undefined;
    return r ? { ...toComponent(r), fileExt: r.file_ext } : null;
  }

  events(dossierId: string): DossierEvent[] {
    const rows = this.db
      .prepare(
        `SELECT id, dossier_id AS dossierId, status, at, officer_id AS officerId, note, detail_json
         FROM dossier_events WHERE dossier_id = ? ORDER BY at, rowid`,
      )
      .all(dossierId) as (Omit<DossierEvent, 'detail'> & { detail_json: string })[];
    return rows.map(({ detail_json, ...e }) => ({ ...e, detail: json<DossierEvent['detail']>(detail_json, {}) }));
  }

  /** What the index needs that the desk records by hand: fees charged, paid online, a complaint. */
  setIndexFields(id: string, f: { fees: FeeCharged[]; paidOnline: PaidOnline; complaint: boolean; updatedAt: string }): void {
    this.db
      .prepare('UPDATE dossiers SET fees_json = ?, paid_online = ?, complaint = ?, updated_at = ? WHERE id = ?')
      .run(JSON.stringify(f.fees), f.paidOnline, f.complaint ? 1 : 0, f.updatedAt, id);
  }

  /** The electronic result: its code and file (either may stay unknown). */
  setResult(id: string, r: { resultCode: string | null; resultFile: string | null; updatedAt: string }): void {
    this.db.prepare('UPDATE dossiers SET result_code = ?, result_file = ?, updated_at = ? WHERE id = ?').run(r.resultCode, r.resultFile, r.updatedAt, id);
  }

  /** The due moment the desk works to now (null while paused) and since when the clock is paused. */
  setClock(id: string, c: { currentDueAt: string | null; pausedSince: string | null }): void {
    this.db.prepare('UPDATE dossiers SET current_due_at = ?, paused_since = ? WHERE id = ?').run(c.currentDueAt, c.pausedSince, id);
  }

  /** Dossiers received in [from, to) (ISO instants), in order of receipt: the register (Form 06). */
  receivedBetween(from: string, to: string): Dossier[] {
    return (this.db.prepare('SELECT * FROM dossiers WHERE received_at >= ? AND received_at < ? ORDER BY received_at, code').all(from, to) as DossierRow[]).map(toDossier);
  }

  /** The dossier whose electronic result is this stored file (served as a PDF). */
  resultFileDossier(fileId: string): { id: string; code: string } | null {
    return (this.db.prepare('SELECT id, code FROM dossiers WHERE result_file = ? LIMIT 1').get(fileId) as { id: string; code: string } | undefined) ?? null;
  }

  list(filter: { terms: string[]; status?: number; limit: number; offset: number }): { items: Dossier[]; total: number } {
    const clauses: string[] = [];
    const args: unknown[] = [];
    for (const t of filter.terms) {
      // Terms come folded with y written i (shared/text/fold.ts searchTerms): so is the key here.
      clauses.push("REPLACE(search_folded, 'y', 'i') LIKE ? ESCAPE '\\'");
      args.push(`%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
    if (filter.status !== undefined) {
      clauses.push('status = ?');
      args.push(filter.status);
    }
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    const total = (this.db.prepare(`SELECT count(*) AS n FROM dossiers ${where}`).get(...args) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT * FROM dossiers ${where} ORDER BY received_at DESC, code DESC LIMIT ? OFFSET ?`)
      .all(...args, filter.limit, filter.offset) as DossierRow[];
    return { items: rows.map(toDossier), total };
  }

  updateStatus(id: string, status: number, fields: { endedAt?: string | null; returnedAt?: string | null; updatedAt: string }): void {
    this.db
      .prepare(
        `UPDATE dossiers SET status = ?, ended_at = COALESCE(?, ended_at), returned_at = COALESCE(?, returned_at), updated_at = ? WHERE id = ?`,
      )
      .run(status, fields.endedAt ?? null, fields.returnedAt ?? null, fields.updatedAt, id);
  }

  setComponentDigitization(id: string, d: { fileId: string; fileExt: string; resultCode: string | null; digitizedAt: string; pageCount: number; signedBy: string | null }): void {
    this.db
      .prepare('UPDATE components SET file_id = ?, file_ext = ?, result_code = ?, digitized_at = ?, page_count = ?, signed_by = ?, reused_from = NULL WHERE id = ?')
      .run(d.fileId, d.fileExt, d.resultCode, d.digitizedAt, d.pageCount, d.signedBy, id);
  }

  /**
   * Gives `targetId` the electronic copy of `sourceId` (declare once): same file, result code, page
   * count and signature; digitized now; `reusedFrom` names the source dossier.
   */
  reuseComponentFile(targetId: string, sourceId: string, at: string): void {
    this.db
      .prepare(
        `UPDATE components SET (file_id, file_ext, result_code, page_count, signed_by, digitized_at, reused_from) =
           (SELECT c.file_id, c.file_ext, c.result_code, c.page_count, c.signed_by, ?, d.code FROM components c JOIN dossiers d ON d.id = c.dossier_id WHERE c.id = ?)
         WHERE id = ?`,
      )
      .run(at, sourceId, targetId);
  }

  /** A digitized component and the ID number of its dossier's applicant (for reuse checks). */
  digitizedComponent(id: string): { fileId: string; idNumber: string; dossierCode: string } | null {
    const r = this.db
      .prepare('SELECT c.file_id AS fileId, d.applicant_id_number AS idNumber, d.code AS dossierCode FROM components c JOIN dossiers d ON d.id = c.dossier_id WHERE c.id = ? AND c.file_id IS NOT NULL')
      .get(id) as { fileId: string; idNumber: string; dossierCode: string } | undefined;
    return r ?? null;
  }

  /** Pages changed after the PDF was built: the electronic copy no longer matches the paper. */
  clearComponentDigitization(id: string): void {
    this.db.prepare('UPDATE components SET file_id = NULL, file_ext = NULL, digitized_at = NULL, page_count = 0, signed_by = NULL, reused_from = NULL WHERE id = ?').run(id);
  }

  touch(id: string, at: string): void {
    this.db.prepare('UPDATE dossiers SET updated_at = ? WHERE id = ?').run(at, id);
  }

  /** A stored component file, with what names it: the dossier code and the component's sequence. */
  /**
   * What the desk already knows of a citizen, by ID number: their details from the latest dossier,
   * how many dossiers, and the components already digitized ("declare once").
   */
  knownApplicant(idNumber: string): { applicant: Applicant; lastSeen: string; dossiers: number; digitized: { componentId: string; dossierCode: string; componentName: string; digitizedAt: string }[] } | null {
    const rows = this.db
      .prepare('SELECT * FROM dossiers WHERE applicant_id_number = ? ORDER BY received_at DESC LIMIT 50')
      .all(idNumber) as DossierRow[];
    if (rows.length === 0) return null;
    const latest = toDossier(rows[0]!);
    const digitized = this.db
      .prepare(
        `SELECT c.id AS componentId, d.code AS dossierCode, c.name AS componentName, c.digitized_at AS digitizedAt
           FROM components c JOIN dossiers d ON d.id = c.dossier_id
          WHERE d.applicant_id_number = ? AND c.file_id IS NOT NULL AND c.digitized_at IS NOT NULL
          ORDER BY c.digitized_at DESC LIMIT 50`,
      )
      .all(idNumber) as { componentId: string; dossierCode: string; componentName: string; digitizedAt: string }[];
    const count = (this.db.prepare('SELECT count(*) AS n FROM dossiers WHERE applicant_id_number = ?').get(idNumber) as { n: number }).n;
    return { applicant: latest.applicant, lastSeen: latest.receivedAt, dossiers: count, digitized };
  }

  componentFile(fileId: string): { ext: string; dossierCode: string; sequence: number } | null {
    const r = this.db
      .prepare('SELECT c.file_ext AS ext, d.code AS dossierCode, c.sequence AS sequence FROM components c JOIN dossiers d ON d.id = c.dossier_id WHERE c.file_id = ? LIMIT 1')
      .get(fileId) as { ext: string; dossierCode: string; sequence: number } | undefined;
    return r ?? null;
  }
}
