import type { Db } from '../database';
import type { IndexDossier, StatusCode } from '../../../shared/domain/national-index';
import { bool, json } from './rows';

/** One dossier received in a period, with what the index and the daily totals need of it. */
export interface MetricsDossier {
  code: string;
  index: IndexDossier;
  receivedAt: string;
  officerId: string | null;
  officerName: string;
  desk: string;
  digitizedComponents: number;
}

interface Row {
  id: string;
  code: string;
  received_at: string;
  due_at: string | null;
  channel: number;
  result_is_paper: number;
  fee_bearing: number;
  officer_id: string | null;
  full_name: string | null;
  desk: string | null;
  digitized: number;
  reused: number;
  fees_json: string;
  paid_online: number;
  result_code: string | null;
  result_file: string | null;
  complaint: number;
  digitized_flag: number;
}

export class MetricsRepo {
  constructor(private readonly db: Db) {}

  /**
   * Dossiers received in [fromIso, toIso) with their status history and what the index needs of
   * each: the electronic result (code and file both), fees charged, paid online, a complaint;
   * digitized and reused by their components or, for imported dossiers, by the portal's flags.
   * Times are compared as instants (julianday), not as text; the text bounds, a day wider, only let
   * the index on received_at narrow the scan. `unitId`: that unit's dossiers only.
   */
  dossiersReceived(fromIso: string, toIso: string, unitId: string | null = null): MetricsDossier[] {
    const day = 86400_000;
    const window = [new Date(Date.parse(fromIso) - day).toISOString(), new Date(Date.parse(toIso) + day).toISOString(), fromIso, toIso, unitId, unitId];
    const within = `d.received_at >= ? AND d.received_at < ? AND julianday(d.received_at) >= julianday(?) AND julianday(d.received_at) < julianday(?)
            AND (? IS NULL OR d.unit_id = ?)`;
    const rows = this.db
      .prepare(
        `SELECT d.id, d.code, d.received_at, d.due_at, d.channel, d.fees_json, d.paid_online, d.result_code, d.result_file, d.complaint, p.result_is_paper, p.fee_bearing, d.officer_id, o.full_name, o.desk,
                (SELECT COUNT(*) FROM components c WHERE c.dossier_id = d.id AND (c.file_id IS NOT NULL OR c.remote_sha256 IS NOT NULL)) AS digitized, d.digitized_flag,
                d.reused_flag OR EXISTS (SELECT 1 FROM components c WHERE c.dossier_id = d.id AND (c.reused_from IS NOT NULL OR c.remote_reused = 1)) AS reused
           FROM dossiers d
           JOIN procedures p ON p.id = d.procedure_id
           LEFT JOIN officers o ON o.id = d.officer_id
          WHERE ${within}
          ORDER BY julianday(d.received_at), d.code`,
      )
      .all(...window) as Row[];
    const events = new Map<string, { status: StatusCode; at: string }[]>();
    const eventRows = this.db
      .prepare(
        `SELECT e.dossier_id, e.status, e.at FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
          WHERE ${within} ORDER BY julianday(e.at)`,
      )
      .all(...window) as { dossier_id: string; status: number; at: string }[];
    for (const e of eventRows) {
      const list = events.get(e.dossier_id) ?? [];
      list.push({ status: e.status as StatusCode, at: e.at });
      events.set(e.dossier_id, list);
    }
    return rows.map((r) => ({
      code: r.code,
      index: {
        receivedAt: r.received_at,
        dueAt: r.due_at,
        channel: r.channel as 1 | 2 | 3,
        events: events.get(r.id) ?? [],
        resultIsPaper: bool(r.result_is_paper),
        electronicResult: !!r.result_code && !!r.result_file,
        componentsDigitized: r.digitized > 0 || r.digitized_flag === 1,
        reused: r.reused === 1,
        feeBearing: bool(r.fee_bearing),
        fees: json<{ amount: number }[]>(r.fees_json, []).map((f) => f.amount),
        paidOnline: r.paid_online as 0 | 1 | 2,
        complaint: bool(r.complaint),
      },
      receivedAt: r.received_at,
      officerId: r.officer_id,
      officerName: r.full_name ?? '',
      desk: r.desk ?? '',
      digitizedComponents: r.digitized,
    }));
  }

  /**
   * Whether the store can know of complaints on dossiers received in [fromIso, toIso): they come from
   * the province's feedback system, so only through sync (an enrolled desk), an import of histories,
   * or a complaint recorded at the desk. Without any, satisfaction would be a made-up 100 %.
   */
  complaintsKnown(fromIso: string, toIso: string): boolean {
    const r = this.db
      .prepare(
        `SELECT EXISTS (SELECT 1 FROM dossiers WHERE received_at >= ? AND received_at < ? AND (source != 'desk' OR complaint = 1))
             OR EXISTS (SELECT 1 FROM sync_state WHERE key = 'deskId') AS known`,
      )
      .get(fromIso, toIso) as { known: number };
    return r.known === 1;
  }

  /** Guided online submissions in [fromIso, toIso): who guided, when. */
  guidedBetween(fromIso: string, toIso: string): { officerId: string; officerName: string; desk: string; at: string }[] {
    return this.db
      .prepare(
        `SELECT a.officer_id AS officerId, coalesce(o.full_name, '') AS officerName, coalesce(o.desk, '') AS desk, a.at
           FROM assisted_submissions a LEFT JOIN officers o ON o.id = a.officer_id
          WHERE a.at >= ? AND a.at < ? ORDER BY a.at`,
      )
      .all(fromIso, toIso) as { officerId: string; officerName: string; desk: string; at: string }[];
  }
}
