// Writes of `motcua import-dossiers`: dossiers from the national portal's sync records, upserted by
// their code (MaHoSo) with the status history replaced. Imported dossiers belong to the unit and to
// no officer (officer_id NULL) and are marked source = 'import'.
import type { Statement } from 'better-sqlite3';
import { prepared } from './rows';
import type { Db } from '../database';
import type { Unit } from '../../../shared/domain/schemas';

/** One dossier as an import stores it: instants are UTC ISO (toISOString), text order = time order. */
export interface ImportedDossier {
  code: string;
  unitId: string;
  procedureId: string;
  procedureCode: string;
  procedureName: string;
  channel: 1 | 2 | 3;
  status: number;
  applicantName: string;
  /** From `DinhDanhCHS` (12- or 9-digit) and `SoDienThoai`; '' when the line has none. */
  applicantIdNumber?: string;
  applicantPhone?: string;
  searchFolded: string;
  receivedAt: string;
  dueAt: string | null;
  endedAt: string | null;
  returnedAt: string | null;
  currentDueAt: string | null;
  pausedSince: string | null;
  fees: { amount: number }[];
  paidOnline: 0 | 1 | 2;
  resultCode: string | null;
  resultFile: string | null;
  complaint: boolean;
  digitized: boolean;
  reused: boolean;
  events: { status: number; at: string }[];
  hash: string;
}

/** What a code already names in the store. */
export interface ExistingDossier {
  id: string;
  source: 'desk' | 'import' | 'sync';
  importHash: string | null;
}

export class HistoryImportRepo {
  constructor(private readonly db: Db) {}

  /** Statements prepared once per store (an import runs them for every line). */
  private stmt(sql: string): Statement {
    return prepared(this.db, sql);
  }

  unitByCode(code: string): Unit | null {
    const r = this.db.prepare('SELECT id, code, name, level, parent_id AS parentId FROM units WHERE code = ?').get(code);
    return (r as Unit | undefined) ?? null;
  }

  unitCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM units').get() as { n: number }).n;
  }

  procedureByCode(code: string): { id: string; code: string; name: string } | null {
    const r = this.db.prepare('SELECT id, code, name FROM procedures WHERE code = ?').get(code);
    return (r as { id: string; code: string; name: string } | undefined) ?? null;
  }

  existing(code: string): ExistingDossier | null {
    const r = this.stmt('SELECT id, source, import_hash AS importHash FROM dossiers WHERE code = ?').get(code);
    return (r as ExistingDossier | undefined) ?? null;
  }

  /** Inserts or replaces the dossier `code` (an imported one) and its whole status history. */
  upsert(d: ImportedDossier, id: string, isNew: boolean, newId: () => string, at: string): void {
    const values = {
      id,
      code: d.code,
      unitId: d.unitId,
      procedureId: d.procedureId,
      procedureCode: d.procedureCode,
      procedureName: d.procedureName,
      channel: d.channel,
      status: d.status,
      applicantName: d.applicantName,
      applicantIdNumber: d.applicantIdNumber ?? '',
      applicantPhone: d.applicantPhone ?? '',
      searchFolded: d.searchFolded,
      receivedAt: d.receivedAt,
      dueAt: d.dueAt,
      endedAt: d.endedAt,
      returnedAt: d.returnedAt,
      currentDueAt: d.currentDueAt,
      pausedSince: d.pausedSince,
      fees: JSON.stringify(d.fees),
      paidOnline: d.paidOnline,
      resultCode: d.resultCode,
      resultFile: d.resultFile,
      complaint: d.complaint ? 1 : 0,
      digitized: d.digitized ? 1 : 0,
      reused: d.reused ? 1 : 0,
      hash: d.hash,
      at,
    };
    if (isNew) {
      this
        .stmt(
          `INSERT INTO dossiers (id, code, unit_id, procedure_id, procedure_code, procedure_name, channel, status, applicant_name, applicant_id_number, applicant_phone, search_folded,
             received_at, due_at, ended_at, returned_at, officer_id, created_at, updated_at, fees_json, paid_online, result_code, result_file,
             complaint, source, current_due_at, paused_since, digitized_flag, reused_flag, import_hash)
           VALUES (@id, @code, @unitId, @procedureId, @procedureCode, @procedureName, @channel, @status, @applicantName, @applicantIdNumber, @applicantPhone, @searchFolded,
             @receivedAt, @dueAt, @endedAt, @returnedAt, NULL, @at, @at, @fees, @paidOnline, @resultCode, @resultFile,
             @complaint, 'import', @currentDueAt, @pausedSince, @digitized, @reused, @hash)`,
        )
        .run(values);
    } else {
      this
        .stmt(
          `UPDATE dossiers SET unit_id = @unitId, procedure_id = @procedureId, procedure_code = @procedureCode, procedure_name = @procedureName,
             channel = @channel, status = @status, applicant_name = @applicantName, applicant_id_number = @applicantIdNumber, applicant_phone = @applicantPhone,
             search_folded = @searchFolded, received_at = @receivedAt,
             due_at = @dueAt, ended_at = @endedAt, returned_at = @returnedAt, officer_id = NULL, updated_at = @at, fees_json = @fees,
             paid_online = @paidOnline, result_code = @resultCode, result_file = @resultFile, complaint = @complaint, source = 'import',
             current_due_at = @currentDueAt, paused_since = @pausedSince, digitized_flag = @digitized, reused_flag = @reused, import_hash = @hash
           WHERE id = @id`,
        )
        .run(values);
      this.stmt('DELETE FROM dossier_events WHERE dossier_id = ?').run(id);
    }
    const insertEvent = this.stmt("INSERT INTO dossier_events (id, dossier_id, status, at, officer_id, note) VALUES (?, ?, ?, ?, NULL, 'import')");
    for (const e of d.events) insertEvent.run(newId(), id, e.status, e.at);
  }
}
