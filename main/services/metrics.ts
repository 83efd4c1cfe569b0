// Statistics for supervisors: the national index criteria (shared/domain/national-index.ts) and
// totals per officer and per day, over dossiers received in a period of local days.
import type { IndexReport } from '../../shared/contract/api';
import { computeIndex, DEFAULT_INDEX_CONFIG, isOnTime, periodEnd, type IndexPeriod } from '../../shared/domain/national-index';
import { toLocalDay } from '../../shared/domain/working-days';
import type { Store } from '../data/store';
import { requireSession, type ServiceContext } from './context';

export function indexReport(ctx: ServiceContext, period: IndexPeriod): IndexReport {
  requireSession(ctx);
  return buildIndexReport(ctx.store, period, ctx.now());
}

/** The report itself, for the app and for `motcua report` (which reads the store directly). */
export function buildIndexReport(store: Store, period: IndexPeriod, now: Date): IndexReport {
  const end = periodEnd(period);
  const dossiers = store.metrics.dossiersReceived(new Date(`${period.from}T00:00:00+07:00`).toISOString(), new Date(end).toISOString());
  // A period still running is judged as of now, as the portal does when asked.
  const asOf = Math.min(end, now.getTime());
  const index = computeIndex(
    dossiers.map((d) => d.index),
    period,
    DEFAULT_INDEX_CONFIG,
    asOf,
  );
  const officers = new Map<string, IndexReport['byOfficer'][number]>();
  const days = new Map<string, IndexReport['byDay'][number]>();
  for (const d of dossiers) {
    const o = officers.get(d.officerId ?? '') ?? { officerId: d.officerId, name: d.officerName, desk: d.desk, received: 0, digitized: 0, online: 0, onTime: 0 };
    const day = toLocalDay(new Date(d.receivedAt));
    const t = days.get(day) ?? { day, received: 0, digitized: 0, online: 0 };
    for (const row of [o, t]) {
      row.received++;
      if (d.index.componentsDigitized) row.digitized++;
      if (d.index.channel === 2) row.online++;
    }
    if (isOnTime(d.index, asOf)) o.onTime++;
    officers.set(d.officerId ?? '', o);
    days.set(day, t);
  }
  return {
    ...index,
    period,
    // Recorded by sync and result hand-over, not yet by the desk: their criteria count none.
    notRecorded: ['electronicResult', 'reuse', 'payment', 'complaints'],
    byOfficer: [...officers.values()].sort((a, b) => b.received - a.received || a.name.localeCompare(b.name, 'vi')),
    byDay: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
  };
}
