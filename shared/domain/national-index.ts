// The national one-stop index (Decision 766/QĐ-TTg) as the national portal computes it, for the
// criteria a desk's own data decides: processing on time, online dossiers, digitization, reuse of
// digitized data, online payment and satisfaction. One pure function over dossier records, so the
// statistics screen, the CLI report and campaign targets all count the same way.
// Source: ../shared/domain/one-stop-rules.md §6 (a public transcription of the formula document,
// cross-checked against live portal scores). Every threshold is in IndexConfig; where the rules
// leave a reading open, the choice is named at the field that makes it.
import { endsProcessing, SUPPLEMENT_STATUS, type DossierStatusCode } from './dossier-status';
import { localDayEnd, toLocalDay } from './vietnam-time';

/** National status codes (TrangThai): the model is in ./dossier-status. */
export type StatusCode = DossierStatusCode;

/** What the index needs of one dossier (national sync fields in brackets). */
export interface IndexDossier {
  /** [NgayTiepNhan] ISO instant. */
  receivedAt: string;
  /** [NgayHenTra] the original appointment; null: the procedure sets no deadline. */
  dueAt: string | null;
  /** [KenhThucHien] 1 in person (null means 1), 2 online, 3 public postal service. */
  channel: 1 | 2 | 3 | null;
  /** Status changes after receipt, any order. */
  events: readonly { status: StatusCode; at: string }[];
  /** The procedure's result is a paper (then online and digitization need an electronic result). */
  resultIsPaper: boolean;
  /** [MaKetQua] and [DuongDanTepTinKetQua] both present. */
  electronicResult: boolean;
  /** [HoSoCoThanhPhanSoHoa] at least one component has its digitized file. */
  componentsDigitized: boolean;
  /** [DuocTaiSuDung] at least one component was taken from already-digitized data. */
  reused: boolean;
  /** The procedure bears a fee. */
  feeBearing: boolean;
  /** [DanhSachLePhi[].Gia]; empty when not synced. */
  fees: readonly number[];
  /** [DuocThanhToanTrucTuyen] 1 national portal, 2 provincial portal, 0 not paid online. */
  paidOnline: 0 | 1 | 2;
  /** [CoPhanAnhKienNghi] a complaint or a "dislike". */
  complaint: boolean;
}

export interface IndexConfig {
  /** Online-dossier rate that earns full marks. */
  onlineFullAt: number;
  /**
   * Digitization rate that earns the full 4 points. The formula document says 0.8; live portal
   * scores fit 4 × rate, i.e. 1. The app uses 1 (what the portal shows) unless configured.
   */
  digitizationFullAt: number;
  reuseFullAt: number;
  satisfactionFullAt: number;
}

export const DEFAULT_INDEX_CONFIG: IndexConfig = { onlineFullAt: 0.5, digitizationFullAt: 1, reuseFullAt: 0.8, satisfactionFullAt: 0.9 };

/**
 * The readings of the formula where the rules leave one open (the setting `indexReading`):
 * 'portal' scores digitization as 4 × rate, as captured live portal scores fit (the default);
 * 'document' gives full marks from 80 %, as the formula document says.
 */
export type IndexReading = 'portal' | 'document';
export const INDEX_READINGS: Record<IndexReading, IndexConfig> = {
  portal: DEFAULT_INDEX_CONFIG,
  document: { ...DEFAULT_INDEX_CONFIG, digitizationFullAt: 0.8 },
};

/** A criterion: how many dossiers count, out of how many, and the rate (null with none to count). */
export interface Ratio {
  count: number;
  of: number;
  rate: number | null;
}

export interface IndexResult {
  received: number;
  /** Processing progress: 20 points × on-time rate. */
  onTime: Ratio & { points: number | null };
  overdue: Ratio;
  /** Share of the online criterion's marks: min(1, rate ÷ onlineFullAt). */
  online: Ratio & { fraction: number | null };
  /** Up to 4 points. */
  digitization: Ratio & { points: number | null };
  /** Up to 2 points. */
  reuse: Ratio & { points: number | null };
  /** 6 of the payment group's 10 points (the other 4 are per procedure, not per dossier). */
  payment: Ratio & { points: number | null };
  /** Up to 6 points; rate = 1 − (overdue rate + complaint rate), not below 0. */
  satisfaction: { rate: number | null; complaints: number; points: number | null };
}

/** Period of local (UTC+7) days, both inclusive, YYYY-MM-DD. */
export interface IndexPeriod {
  from: string;
  to: string;
}

/** The instant the period ends: midnight after its last local day. */
export function periodEnd(period: IndexPeriod): number {
  return localDayEnd(period.to);
}

/**
 * Whether a dossier counts as on time at the end of `period`.
 * End = the first ending status (9 before 10; 8, 3, 7 at their own time), else the period's end.
 * Time between a supplement request (5) and the next status is subtracted; the due moment stays
 * the original appointment. Still waiting on its only request: ends at the request. Still waiting
 * after a second request: late. No due moment: on time (nothing to be late for).
 */
export function isOnTime(d: IndexDossier, periodEndMs: number): boolean {
  const events = [...d.events].map((e) => ({ status: e.status, at: Date.parse(e.at) })).sort((a, b) => a.at - b.at);
  let end: number | null = null;
  let paused = 0;
  let waitingSince: number | null = null;
  let requests = 0;
  for (const e of events) {
    if (e.at > periodEndMs) break;
    if (waitingSince !== null) {
      paused += e.at - waitingSince;
      waitingSince = null;
    }
    if (endsProcessing(e.status)) {
      end = e.at;
      break;
    }
    if (e.status === SUPPLEMENT_STATUS) {
      requests++;
      waitingSince = e.at;
    }
  }
  if (end === null && waitingSince !== null) {
    if (requests >= 2) return false;
    end = waitingSince;
  }
  if (d.dueAt === null) return true;
  return (end ?? periodEndMs) - paused <= Date.parse(d.dueAt);
}

const ratio = (count: number, of: number): Ratio => ({ count, of, rate: of > 0 ? count / of : null });
const scaled = (rate: number | null, max: number, fullAt: number): number | null => (rate === null ? null : Math.min(max, (max * rate) / fullAt));

/**
 * One dossier's verdict on each criterion, judged at `endMs`: the evidence behind every number of
 * the index (drill-down, `motcua report --json`). `paid` is null when the dossier is outside the
 * payment criterion's denominator (procedure without fee, or a synced fee list that is all zero).
 */
export interface DossierVerdicts {
  onTime: boolean;
  online: boolean;
  digitized: boolean;
  reused: boolean;
  paid: boolean | null;
  complaint: boolean;
}

/** Whether a dossier counts in the online-payment denominator (fee-bearing, fee list not all zero). */
export function inPaymentDenominator(d: IndexDossier): boolean {
  // An empty (unsynced) fee list is not "all zero": the dossier stays counted.
  return d.feeBearing && !(d.fees.length > 0 && d.fees.every((f) => f === 0));
}

export function dossierVerdicts(d: IndexDossier, endMs: number): DossierVerdicts {
  // A paper-result procedure's dossier counts as online (and as digitized) only with an electronic
  // result, even unfinished.
  const resultOk = !d.resultIsPaper || d.electronicResult;
  return {
    onTime: isOnTime(d, endMs),
    online: d.channel === 2 && resultOk,
    digitized: d.componentsDigitized && resultOk,
    reused: d.reused,
    paid: inPaymentDenominator(d) ? d.paidOnline === 1 || d.paidOnline === 2 : null,
    complaint: d.complaint,
  };
}

/** Whether a dossier received at `receivedAt` belongs to the period (by local day of receipt). */
export function inPeriod(receivedAt: string, period: IndexPeriod): boolean {
  const day = toLocalDay(new Date(receivedAt));
  return day >= period.from && day <= period.to;
}

/** The instant a period is judged at: its end, or `asOf` when that comes first. */
export function judgedAt(period: IndexPeriod, asOf?: number): number {
  return Math.min(periodEnd(period), asOf ?? Infinity);
}

/** How many dossiers meet each criterion (payment also its denominator): what the index sums. */
export interface IndexCounts {
  received: number;
  onTime: number;
  online: number;
  digitized: number;
  reused: number;
  paid: number;
  paidOf: number;
  complaint: number;
}

/** The index criteria from verdicts already made (the same sums whatever produced them). */
export function indexFromVerdicts(verdicts: readonly DossierVerdicts[], config: IndexConfig = DEFAULT_INDEX_CONFIG): IndexResult {
  const count = (f: (v: DossierVerdicts) => boolean) => verdicts.reduce((k, v) => k + (f(v) ? 1 : 0), 0);
  return indexFromCounts(
    {
      received: verdicts.length,
      onTime: count((v) => v.onTime),
      online: count((v) => v.online),
      digitized: count((v) => v.digitized),
      reused: count((v) => v.reused),
      paid: count((v) => v.paid === true),
      paidOf: count((v) => v.paid !== null),
      complaint: count((v) => v.complaint),
    },
    config,
  );
}

/** The index criteria from counts (stored facts sum to these without a verdict list). */
export function indexFromCounts(c: IndexCounts, config: IndexConfig = DEFAULT_INDEX_CONFIG): IndexResult {
  const n = c.received;
  const onTime = ratio(c.onTime, n);
  const overdue = ratio(n - onTime.count, n);
  const online = ratio(c.online, n);
  const digitized = ratio(c.digitized, n);
  const reuse = ratio(c.reused, n);
  const payment = ratio(c.paid, c.paidOf);
  const complaints = c.complaint;
  const satisfactionRate = n > 0 ? Math.max(0, 1 - (overdue.rate! + complaints / n)) : null;
  return {
    received: n,
    onTime: { ...onTime, points: onTime.rate === null ? null : 20 * onTime.rate },
    overdue,
    online: { ...online, fraction: online.rate === null ? null : Math.min(1, online.rate / config.onlineFullAt) },
    digitization: { ...digitized, points: scaled(digitized.rate, 4, config.digitizationFullAt) },
    reuse: { ...reuse, points: scaled(reuse.rate, 2, config.reuseFullAt) },
    payment: { ...payment, points: payment.rate === null ? null : 6 * payment.rate },
    satisfaction: { rate: satisfactionRate, complaints, points: scaled(satisfactionRate, 6, config.satisfactionFullAt) },
  };
}

/**
 * The index criteria over the dossiers received within `period` (by local day of receipt), judged
 * at the period's end, or at `asOf` when that comes first (a period still running is judged now: an
 * open dossier is not late before its due moment).
 */
export function computeIndex(all: readonly IndexDossier[], period: IndexPeriod, config: IndexConfig = DEFAULT_INDEX_CONFIG, asOf?: number): IndexResult {
  const endMs = judgedAt(period, asOf);
  return indexFromVerdicts(
    all.filter((d) => inPeriod(d.receivedAt, period)).map((d) => dossierVerdicts(d, endMs)),
    config,
  );
}

/** One criterion as the evidence report prints it. */
export interface CriterionEvidence {
  numerator: number;
  denominator: number;
  rate: number | null;
  points: number | null;
  max: number;
}

/** The criteria keyed as `motcua report --json` prints them. */
export interface IndexCriteria {
  onTime: CriterionEvidence;
  online: CriterionEvidence;
  digitization: CriterionEvidence;
  reuse: CriterionEvidence;
  onlinePayment: CriterionEvidence;
  satisfaction: CriterionEvidence;
}

/**
 * The criteria with numerator, denominator, rate, points and the most points each can earn.
 * Online: the portal scores it as a share of the online-services criterion's marks, so `points` is
 * that share (min(1, rate ÷ onlineFullAt)) and `max` is 1. Satisfaction's numerator is the dossiers
 * neither overdue nor complained about as the rate counts them (received − overdue − complaints, not
 * below 0).
 */
export function indexCriteria(r: IndexResult): IndexCriteria {
  const c = (ratio: Ratio, points: number | null, max: number): CriterionEvidence => ({ numerator: ratio.count, denominator: ratio.of, rate: ratio.rate, points, max });
  return {
    onTime: c(r.onTime, r.onTime.points, 20),
    online: c(r.online, r.online.fraction, 1),
    digitization: c(r.digitization, r.digitization.points, 4),
    reuse: c(r.reuse, r.reuse.points, 2),
    onlinePayment: c(r.payment, r.payment.points, 6),
    satisfaction: { numerator: Math.max(0, r.received - r.overdue.count - r.satisfaction.complaints), denominator: r.received, rate: r.satisfaction.rate, points: r.satisfaction.points, max: 6 },
  };
}
