// One reader for "a dossier as the national index sees it" (shared/domain/national-index.ts
// IndexDossier), used by the index report (metrics.ts) and by Thống kê's stored facts (stats.ts), so
// both count a dossier from the same columns: electronic result = result code and file both;
// digitized / reused by the components (a file here, or on the receiver for another desk's dossier
// held on a supervisor's install) or, for imported dossiers, by the portal's flags.
import type { Db } from '../database';
import type { IndexDossier, StatusCode } from '../../../shared/domain/national-index';
import { bool, json } from './rows';

/** Select list over `dossiers d JOIN procedures p` (alias names as in IndexRow). */
export const INDEX_DOSSIER_COLUMNS = `d.id, d.code, d.received_at, d.due_at, d.channel, d.fees_json, d.paid_online, d.result_code, d.result_file, d.complaint,
       d.officer_id, d.procedure_id, p.result_is_paper, p.fee_bearing,
       (SELECT COUNT(*) FROM components c WHERE c.dossier_id = d.id AND (c.file_id IS NOT NULL OR c.remote_sha256 IS NOT NULL)) AS digitized, d.digitized_flag,
       d.reused_flag OR EXISTS (SELECT 1 FROM components c WHERE c.dossier_id = d.id AND (c.reused_from IS NOT NULL OR c.remote_reused = 1)) AS reused`;

export interface IndexRow {
  id: string;
  code: string;
  received_at: string;
  due_at: string | null;
  channel: number;
  fees_json: string;
  paid_online: number;
  result_code: string | null;
  result_file: string | null;
  complaint: number;
  officer_id: string | null;
  procedure_id: string;
  result_is_paper: number;
  fee_bearing: number;
  /** Components with a file. */
  digitized: number;
  digitized_flag: number;
  reused: number;
}

export type StatusHistory = Map<string, { status: StatusCode; at: string }[]>;

/** Status histories by dossier id, from rows ordered by time. */
export function groupHistory(rows: readonly { dossier_id: string; status: number; at: string }[]): StatusHistory {
  const events: StatusHistory = new Map();
  for (const e of rows) {
    const list = events.get(e.dossier_id) ?? [];
    list.push({ status: e.status as StatusCode, at: e.at });
    events.set(e.dossier_id, list);
  }
  return events;
}

/** The status histories of the given dossiers, in time order. */
export function historiesOf(db: Db, ids: readonly string[]): StatusHistory {
  return groupHistory(
    db
      .prepare('SELECT e.dossier_id, e.status, e.at FROM dossier_events e WHERE e.dossier_id IN (SELECT value FROM json_each(?)) ORDER BY julianday(e.at), e.rowid')
      .all(JSON.stringify(ids)) as { dossier_id: string; status: number; at: string }[],
  );
}

export function toIndexDossier(r: IndexRow, history: StatusHistory): IndexDossier {
  return {
    receivedAt: r.received_at,
    dueAt: r.due_at,
    channel: r.channel as 1 | 2 | 3,
    events: history.get(r.id) ?? [],
    resultIsPaper: bool(r.result_is_paper),
    electronicResult: !!r.result_code && !!r.result_file,
    componentsDigitized: r.digitized > 0 || r.digitized_flag === 1,
    reused: r.reused === 1,
    feeBearing: bool(r.fee_bearing),
    fees: json<{ amount: number }[]>(r.fees_json, []).map((f) => f.amount),
    paidOnline: r.paid_online as 0 | 1 | 2,
    complaint: bool(r.complaint),
  };
}
