// Statistics for supervisors: the national index criteria (shared/domain/national-index.ts) and
// totals per officer and per day, over dossiers received in a period of local days; and the same
// criteria with their evidence, each dossier's verdicts (`motcua report --json`).
import type { IndexReport } from '../../shared/contract/api';
import {
  INDEX_READINGS,
  indexCriteria,
  indexFromVerdicts,
  dossierVerdicts,
  judgedAt,
  periodEnd,
  inPeriod,
  type DossierVerdicts,
  type IndexConfig,
  type IndexCriteria,
  type IndexPeriod,
  type IndexReading,
} from '../../shared/domain/national-index';
import { localDayStart, toLocalDay } from '../../shared/domain/vietnam-time';
import type { Store } from '../data/store';
import { requireSession, type ServiceContext } from './context';

export function indexReport(ctx: ServiceContext, period: IndexPeriod): IndexReport {
  requireSession(ctx);
  return buildIndexReport(ctx.store, period, ctx.now());
}

export interface ReportOptions {
  /** Judge in-progress dossiers at this instant (ms); default: the period's end or now, whichever is earlier. */
  asOf?: number;
  /** One unit's dossiers only. */
  unitId?: string | null;
  /** The formula's reading; default: the stored setting `indexReading` ('portal' when unset). */
  reading?: IndexReading;
}

/** The reading the store's settings name ('portal' when unset or not a known reading). */
export function storedReading(store: Store): IndexReading {
  const v = store.settings.all().indexReading;
  return v === 'document' || v === 'portal' ? v : 'portal';
}

/** A dossier's verdicts as `motcua report --json` prints them (snake_case keys, as the issue names them). */
export interface EvidenceVerdicts {
  on_time: boolean;
  online: boolean;
  digitized: boolean;
  reused: boolean;
  paid: boolean | null;
  complaint: boolean;
}

const evidenceOf = ({ onTime, ...rest }: DossierVerdicts): EvidenceVerdicts => ({ on_time: onTime, ...rest });

/** The report and its evidence, `motcua report --json`. */
export type IndexEvidence = Omit<IndexReport, keyof IndexCriteria | 'payment'> &
  IndexCriteria & {
    /** The instant in-progress dossiers were judged at (UTC ISO). */
    asOf: string;
    unitCode: string | null;
    /** The reading of the formula used: the setting's name, its value and the thresholds it means. */
    reading: { setting: 'indexReading'; value: IndexReading; config: IndexConfig };
    /** Each dossier's verdicts, keyed by its code, in the report's keys (`paid` null: outside the payment denominator). */
    dossiers: Record<string, EvidenceVerdicts>;
  };

function judge(store: Store, period: IndexPeriod, now: Date, opts: ReportOptions) {
  const end = periodEnd(period);
  const fromIso = new Date(localDayStart(period.from)).toISOString();
  const toIso = new Date(end).toISOString();
  // A period still running is judged as of now, as the portal does when asked.
  const asOf = judgedAt(period, opts.asOf ?? now.getTime());
  const reading = opts.reading ?? storedReading(store);
  const config = INDEX_READINGS[reading];
  const dossiers = store.metrics.dossiersReceived(fromIso, toIso, opts.unitId ?? null).filter((d) => inPeriod(d.index.receivedAt, period));
  const verdicts = dossiers.map((d) => dossierVerdicts(d.index, asOf));
  return { fromIso, toIso, asOf, reading, config, dossiers, verdicts, index: indexFromVerdicts(verdicts, config) };
}

/** The report itself, for the app and for `motcua report` (which reads the store directly). */
export function buildIndexReport(store: Store, period: IndexPeriod, now: Date, opts: ReportOptions = {}): IndexReport {
  return reportFrom(store, period, judge(store, period, now, opts));
}

function reportFrom(store: Store, period: IndexPeriod, j: ReturnType<typeof judge>): IndexReport {
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
  j.dossiers.forEach((d, i) => {
    const o = officer(d.officerId, d.officerName, d.desk);
    const t = dayRow(d.receivedAt);
    for (const row of [o, t]) {
      row.received++;
      if (d.index.componentsDigitized) row.digitized++;
      if (d.index.channel === 2) row.online++;
    }
    if (j.verdicts[i]!.onTime) o.onTime++;
  });
  for (const g of store.metrics.guidedBetween(j.fromIso, j.toIso)) {
    officer(g.officerId, g.officerName, g.desk).guided++;
    dayRow(g.at).guided++;
  }
  return {
    ...j.index,
    period,
    // The desk records results, fees and payment (lifecycle); complaints come from the province's
    // feedback system (sync, imports), so without either they are not known here.
    notRecorded: store.metrics.complaintsKnown(j.fromIso, j.toIso) ? [] : ['complaints'],
    byOfficer: [...officers.values()].sort((a, b) => b.received - a.received || a.name.localeCompare(b.name, 'vi')),
    byDay: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
  };
}

/** The report with its evidence: the criteria as numerator, denominator, rate, points, max, and each dossier's verdicts. */
export function buildIndexEvidence(store: Store, period: IndexPeriod, now: Date, opts: ReportOptions & { unitCode?: string | null } = {}): IndexEvidence {
  const j = judge(store, period, now, opts);
  const dossiers: Record<string, EvidenceVerdicts> = {};
  j.dossiers.forEach((d, i) => {
    dossiers[d.code] = evidenceOf(j.verdicts[i]!);
  });
  const { payment: _payment, ...report } = reportFrom(store, period, j);
  return {
    ...report,
    ...indexCriteria(j.index),
    asOf: new Date(j.asOf).toISOString(),
    unitCode: opts.unitCode ?? null,
    reading: { setting: 'indexReading', value: j.reading, config: j.config },
    dossiers,
  };
}
