import type { Db } from '../database';
import type { AssistedSubmission } from '../../../shared/domain/schemas';

interface Row {
  id: string;
  procedure_id: string;
  procedure_code: string;
  procedure_name: string;
  applicant_name: string;
  applicant_phone: string;
  portal_code: string;
  outcome: 'submitted' | 'unfinished';
  note: string;
  officer_id: string;
  full_name: string | null;
  at: string;
}

const toSubmission = (r: Row): AssistedSubmission => ({
  id: r.id,
  procedureId: r.procedure_id,
  procedureCode: r.procedure_code,
  procedureName: r.procedure_name,
  applicantName: r.applicant_name,
  applicantPhone: r.applicant_phone,
  portalCode: r.portal_code,
  outcome: r.outcome,
  note: r.note,
  officerId: r.officer_id,
  officerName: r.full_name ?? '',
  at: r.at,
});

export class AssistedRepo {
  constructor(private readonly db: Db) {}

  insert(s: Omit<AssistedSubmission, 'officerName'>): void {
    this.db
      .prepare(
        `INSERT INTO assisted_submissions (id, procedure_id, procedure_code, procedure_name, applicant_name, applicant_phone, portal_code, outcome, note, officer_id, at)
         VALUES (@id, @procedureId, @procedureCode, @procedureName, @applicantName, @applicantPhone, @portalCode, @outcome, @note, @officerId, @at)`,
      )
      .run(s);
  }

  /** Newest first, in [fromIso, toIso). */
  between(fromIso: string, toIso: string, limit: number): AssistedSubmission[] {
    const rows = this.db
      .prepare(
        `SELECT a.*, o.full_name FROM assisted_submissions a LEFT JOIN officers o ON o.id = a.officer_id
          WHERE a.at >= ? AND a.at < ? ORDER BY a.at DESC LIMIT ?`,
      )
      .all(fromIso, toIso, limit) as Row[];
    return rows.map(toSubmission);
  }
}
