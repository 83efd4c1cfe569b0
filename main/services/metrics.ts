// Statistics for supervisors: the national index criteria (shared/domain/national-index.ts) and
// totals per officer and per day, over dossiers received in a period of local days.
import type { IndexReport } from '../../shared/contract/api';
import { computeIndex, DEFAULT_INDEX_CONFIG, isOnTime, periodEnd, type IndexPeriod } from '../../shared/domain/national-index';
import { localDayStart, toLocalDay } from '../../shared/domain/vietnam-time';
import type { Store } from '../data/store';
import { requireSession, type ServiceContext } from './context';

export function indexReport(ctx: ServiceContext, period: IndexPeriod): IndexReport {
  requireSession(ctx);
  return buildIndexReport(ctx.store, period, ctx.now());
}

/** The report itself, for the app and for `motcua report` (which reads the store directly). */
export function buildIndexReport(store: Store, period: IndexPeriod, now: Date): IndexReport {
  const end = periodEnd(period);
  const fromIso = new Date(localDayStart(period.from)).toISOString();
  const toIso = new Date(end).toISOString();
  const dossiers = store.metrics.dossiersReceived(fromIso, toIso);
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
  const officer = (id: string | null, name: string, desk: string) => {
    const o = officers.get(id ?? '') ?? { officerId: id, name, desk, received: 0, digitized: 0, online: 0, onTime: 0, guided: 0 };
    officers.set(id ?? '', o);
    return o;
  };
  const dayRow = (at: string) => {
    const day = toLocalDay(at);
    const t = days.get(day) ?? { day, received: 0, digitized: 0, online: 0, guided: 0 };
    days.set(day, t);
    return t;
  };
  for (const d of dossiers) {
    const o = officer(d.officerId, d.officerName, d.desk);
    const t = dayRow(d.receivedAt);
    for (const row of [o, t]) {
      row.received++;
      if (d.index.componentsDigitized) row.digitized++;
      if (d.index.channel === 2) row.online++;
    }
    if (isOnTime(d.index, asOf)) o.onTime++;
  }
  for (const g of store.metrics.guidedBetween(fromIso, toIso)) {
    officer(g.officerId, g.officerName, g.desk).guided++;
    dayRow(g.at).guided++;
  }
  return {
    ...index,
    period,
    // Recorded by sync and result hand-over, not yet by the desk: their criteria count none.
    notRecorded: ['electronicResult', 'payment', 'complaints'],
    byOfficer: [...officers.values()].sort((a, b) => b.received - a.received || a.name.localeCompare(b.name, 'vi')),
    byDay: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
  };
}
