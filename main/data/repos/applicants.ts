// Applicant profiles and where each value came from (migration 018). Keyed by the 12-digit ID
// number; `ref` is the opaque handle lists carry instead of it.
import crypto from 'node:crypto';
import type { Db } from '../database';
import { foldVietnamese } from '../../../shared/text/fold';

export const PROFILE_FIELDS = ['name', 'dob', 'sex', 'address', 'phone', 'email'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];
export type ValueSource = 'card' | 'officer' | 'dossier' | 'ocr';

export interface ProfileValues {
  name: string;
  dob: string;
  sex: '' | 'male' | 'female';
  address: string;
  phone: string;
  email: string;
}

export interface Provenance {
  source: ValueSource;
  at: string;
  officerId: string | null;
  officerName: string | null;
  toCheck: boolean;
}

export interface ProfileRecord extends ProfileValues {
  idNumber: string;
  ref: string;
  updatedAt: string;
  provenance: Partial<Record<ProfileField, Provenance>>;
}

interface ProfileRow {
  id_number: string;
  ref: string;
  name: string;
  dob: string;
  sex: '' | 'male' | 'female';
  address: string;
  phone: string;
  email: string;
  updated_at: string;
}

export class ApplicantsRepo {
  constructor(private readonly db: Db) {}

  get(idNumber: string): ProfileRecord | null {
    const r = this.db.prepare('SELECT * FROM applicant_profiles WHERE id_number = ?').get(idNumber) as ProfileRow | undefined;
    return r ? this.withProvenance(r) : null;
  }

  byRef(ref: string): ProfileRecord | null {
    const r = this.db.prepare('SELECT * FROM applicant_profiles WHERE ref = ?').get(ref) as ProfileRow | undefined;
    return r ? this.withProvenance(r) : null;
  }

  private withProvenance(r: ProfileRow): ProfileRecord {
    const rows = this.db
      .prepare(
        `SELECT v.field, v.source, v.at, v.officer_id AS officerId, o.full_name AS officerName, v.to_check AS toCheck
           FROM applicant_profile_values v LEFT JOIN officers o ON o.id = v.officer_id WHERE v.id_number = ?`,
      )
      .all(r.id_number) as { field: ProfileField; source: ValueSource; at: string; officerId: string | null; officerName: string | null; toCheck: number }[];
    const provenance: ProfileRecord['provenance'] = {};
    for (const p of rows) provenance[p.field] = { source: p.source, at: p.at, officerId: p.officerId, officerName: p.officerName, toCheck: p.toCheck === 1 };
    return { idNumber: r.id_number, ref: r.ref, name: r.name, dob: r.dob, sex: r.sex, address: r.address, phone: r.phone, email: r.email, updatedAt: r.updated_at, provenance };
  }

  /** The fields whose value an officer corrected (migration 020), as opposed to typed at reception. */
  correctedFields(idNumber: string): Set<ProfileField> {
    const rows = this.db.prepare('SELECT field FROM applicant_profile_values WHERE id_number = ? AND corrected = 1').all(idNumber) as { field: ProfileField }[];
    return new Set(rows.map((r) => r.field));
  }

  /** Creates the profile when missing (name required then), and sets the given fields with their provenance. */
  set(
    idNumber: string,
    values: Partial<ProfileValues>,
    prov: Partial<Record<ProfileField, { source: ValueSource; toCheck?: boolean; corrected?: boolean }>>,
    at: string,
    officerId: string | null,
  ): void {
    const exists = this.db.prepare('SELECT 1 FROM applicant_profiles WHERE id_number = ?').get(idNumber);
    if (!exists) {
      this.db
        .prepare('INSERT INTO applicant_profiles (id_number, ref, name, name_folded, updated_at) VALUES (?, ?, ?, ?, ?)')
        .run(idNumber, crypto.randomUUID().replace(/-/g, ''), values.name ?? '', foldVietnamese(values.name ?? ''), at);
    }
    // updated_at never goes back (an imported dossier's value is dated at its receipt, maybe long ago).
    const setValue = this.db.prepare(`UPDATE applicant_profiles SET updated_at = max(updated_at, ?), name_folded = CASE WHEN ? = 'name' THEN ? ELSE name_folded END WHERE id_number = ?`);
    const upsertProv = this.db.prepare(
      `INSERT INTO applicant_profile_values (id_number, field, source, at, officer_id, to_check, corrected) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id_number, field) DO UPDATE SET source = excluded.source, at = excluded.at, officer_id = excluded.officer_id, to_check = excluded.to_check, corrected = excluded.corrected`,
    );
    const dropProv = this.db.prepare('DELETE FROM applicant_profile_values WHERE id_number = ? AND field = ?');
    for (const field of PROFILE_FIELDS) {
      const v = values[field];
      if (v !== undefined) {
        // Column names come from the fixed list above, never from input.
        this.db.prepare(`UPDATE applicant_profiles SET ${field} = ? WHERE id_number = ?`).run(v, idNumber);
        setValue.run(at, field, foldVietnamese(v), idNumber);
        if (v === '') dropProv.run(idNumber, field);
      }
      const p = prov[field];
      if (p && (v === undefined || v !== '')) upsertProv.run(idNumber, field, p.source, at, officerId, p.toCheck ? 1 : 0, p.corrected ? 1 : 0);
    }
  }

  delete(idNumber: string): boolean {
    return this.db.prepare('DELETE FROM applicant_profiles WHERE id_number = ?').run(idNumber).changes > 0;
  }

  /** Newest first; `query` is a folded name fragment or the exact ID number. */
  list(filter: { query: string; limit: number; offset: number }): { items: (ProfileValues & { idNumber: string; ref: string; updatedAt: string })[]; total: number } {
    const q = filter.query.trim();
    let where = '';
    const args: unknown[] = [];
    if (/^\d{12}$/.test(q)) {
      where = 'WHERE id_number = ?';
      args.push(q);
    } else if (q) {
      where = "WHERE name_folded LIKE ? ESCAPE '\\'";
      args.push(`%${foldVietnamese(q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
    const total = (this.db.prepare(`SELECT count(*) AS n FROM applicant_profiles ${where}`).get(...args) as { n: number }).n;
    const rows = this.db.prepare(`SELECT * FROM applicant_profiles ${where} ORDER BY updated_at DESC, id_number LIMIT ? OFFSET ?`).all(...args, filter.limit, filter.offset) as ProfileRow[];
    return {
      items: rows.map((r) => ({ idNumber: r.id_number, ref: r.ref, name: r.name, dob: r.dob, sex: r.sex, address: r.address, phone: r.phone, email: r.email, updatedAt: r.updated_at })),
      total,
    };
  }

  /** How many dossiers carry this ID number, and the latest receipt. */
  dossierStats(idNumber: string): { dossiers: number; lastSeen: string | null } {
    const r = this.db.prepare('SELECT count(*) AS n, max(received_at) AS last FROM dossiers WHERE applicant_id_number = ?').get(idNumber) as { n: number; last: string | null };
    return { dossiers: r.n, lastSeen: r.last };
  }
}
