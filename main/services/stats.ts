// Thống kê for supervisors: the index, trends, breakdowns, the dossiers behind any number, the
// worklist of dossiers due soon or overdue, campaign projections, and the report as Excel or PDF.
//
// Everything is counted from stored verdict facts (main/data/repos/stats.ts, migration 017), kept
// in the same transaction as each write, so a period costs a range scan (a year's trend: the daily
// rollup) instead of replaying every dossier's history. The judging instant is the period's end,
// or now while the period runs, exactly as metrics.index and `motcua report` judge it.
// A trend's buckets are all judged at that one instant (not each at its own end): they add up to
// the period's index, and a bucket's on-time count says how its dossiers stand now.
import path from 'node:path';
import type { MethodParsedInput, StatsBreakdown, StatsCampaign, StatsIndex, StatsTrend, StatsWorklist } from '../../shared/contract/api';
import { projectRate, type DayRatio } from '../../shared/domain/campaign-projection';
import { addWorkingTime } from '../../shared/domain/due-moment';
import { DEFAULT_INDEX_CONFIG, indexFromCounts, judgedAt, type IndexPeriod } from '../../shared/domain/national-index';
import { addLocalDays, localWeekday, toLocalDay } from '../../shared/domain/vietnam-time';
import type { StoredFile } from '../core/types';
import { StatsRepo, type StatsCounts } from '../data/repos/stats';
import type { Store } from '../data/store';
import { buildStatsPdf } from '../pdf/stats-pdf';
import { buildStatsXlsx } from '../export/stats-xlsx';
import { BlobStore } from '../storage/blob-store';
import { auditView } from './audit-log';
import { loadCalendar } from './calendar';
import { audit, requireSession, type AppContext, type ServiceContext } from './context';
import { DEFAULT_DUE_SOON_WORKING_HOURS } from './messages';
import { getSettings } from './settings';

/** One working day in the worklist: the default shifts' 8 hours. */
const WORKING_DAY_MS = 8 * 3600_000;
/** Rows per worklist group (the screen shows the soonest). */
const WORKLIST_LIMIT = 500;
/** Rows of the evidence sheet (a year of a very large centre is cut here, and the sheet says so). */
export const EVIDENCE_LIMIT = 100_000;

const NOT_RECORDED: StatsIndex['notRecorded'] = ['electronicResult', 'payment', 'complaints'];

function judged(store: Store, period: IndexPeriod, now: Date): number {
  // Writers refresh facts in their own transaction; anything written around them is caught up here.
  store.stats.flushDirty();
  return judgedAt(period, now.getTime());
}

/** The index over a period from the stored facts. */
export function statsIndexFrom(store: Store, period: IndexPeriod, now: Date): StatsIndex {
  const t = judged(store, period, now);
  const counts = StatsRepo.sum(store.stats.daily(period.from, period.to, t));
  return { ...indexFromCounts(counts, DEFAULT_INDEX_CONFIG), period, judgedAt: new Date(t).toISOString(), counts, notRecorded: NOT_RECORDED };
}

export function statsIndex(ctx: ServiceContext, period: IndexPeriod): StatsIndex {
  requireSession(ctx);
  return statsIndexFrom(ctx.store, period, ctx.now());
}

/** The bucket a local day falls in: itself, its week's Monday, or its month's first day. */
export function bucketOf(day: string, g: StatsTrend['granularity']): string {
  if (g === 'day') return day;
  if (g === 'month') return `${day.slice(0, 7)}-01`;
  return addLocalDays(day, -((localWeekday(day) + 6) % 7));
}

function bucketEnd(start: string, g: StatsTrend['granularity']): string {
  if (g === 'day') return start;
  if (g === 'week') return addLocalDays(start, 6);
  const [y, m] = start.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return addLocalDays(next, -1);
}

const zero = (): StatsCounts => ({ received: 0, onTime: 0, online: 0, digitized: 0, reused: 0, paid: 0, paidOf: 0, complaint: 0 });
const COUNT_KEYS = Object.keys(zero()) as (keyof StatsCounts)[];
const add = (a: StatsCounts, b: StatsCounts) => {
  for (const k of COUNT_KEYS) a[k] += b[k];
};

export function statsTrendFrom(store: Store, input: { from: string; to: string; granularity: StatsTrend['granularity'] }, now: Date): StatsTrend {
  const t = judged(store, input, now);
  const buckets = new Map<string, StatsTrend['buckets'][number]>();
  // Every bucket of the period, empty ones too (a chart shows the gap); clipped to the period.
  for (let day = bucketOf(input.from, input.granularity); day <= input.to; day = addLocalDays(bucketEnd(day, input.granularity), 1)) {
    const end = bucketEnd(day, input.granularity);
    buckets.set(day, { key: day, from: day < input.from ? input.from : day, to: end > input.to ? input.to : end, ...zero() });
  }
  for (const r of store.stats.daily(input.from, input.to, t)) add(buckets.get(bucketOf(r.key, input.granularity))!, r);
  return { judgedAt: new Date(t).toISOString(), granularity: input.granularity, buckets: [...buckets.values()] };
}

export function statsTrend(ctx: ServiceContext, input: MethodParsedInput<'stats.trend'>): StatsTrend {
  requireSession(ctx);
  return statsTrendFrom(ctx.store, input, ctx.now());
}

export function statsBreakdownFrom(store: Store, input: { from: string; to: string; by: StatsBreakdown['by'] }, now: Date): StatsBreakdown {
  const t = judged(store, input, now);
  const rows = store.stats.grouped(input.from, input.to, t, input.by).sort((a, b) => b.received - a.received || a.label.localeCompare(b.label, 'vi'));
  return { judgedAt: new Date(t).toISOString(), by: input.by, rows };
}

export function statsBreakdown(ctx: ServiceContext, input: MethodParsedInput<'stats.breakdown'>): StatsBreakdown {
  requireSession(ctx);
  return statsBreakdownFrom(ctx.store, input, ctx.now());
}

export function statsDrill(ctx: ServiceContext, input: MethodParsedInput<'stats.drill'>) {
  requireSession(ctx);
  const t = judged(ctx.store, input, ctx.now());
  const ids = ctx.store.stats.drillIds(input.from, input.to, t, input.criterion, input.verdict, input.group);
  const items = ctx.store.stats.drillRows(ids.slice(input.offset, input.offset + input.limit));
  // Citizens' names were read: one entry, naming the dossiers shown.
  if (items.length) auditView(ctx, 'query', null, { method: 'stats.drill', criterion: input.criterion, verdict: input.verdict, from: input.from, to: input.to, codes: items.map((i) => i.code) });
  return { total: ids.length, items: items.map((i) => ({ ...i, status: i.status as StatsWorklist['overdue'][number]['status'] })) };
}

function dueSoonWorkingHours(store: Store): number {
  const v = store.settings.all()['messages.dueSoonWorkingHours'];
  return typeof v === 'number' && v > 0 ? v : DEFAULT_DUE_SOON_WORKING_HOURS;
}

export function statsWorklistFrom(store: Store, now: Date): StatsWorklist {
  const cal = loadCalendar(store);
  const at = now.getTime();
  const in1 = addWorkingTime(cal, at, WORKING_DAY_MS);
  const in3 = addWorkingTime(cal, at, 3 * WORKING_DAY_MS);
  const warningHours = dueSoonWorkingHours(store);
  const warnBy = addWorkingTime(cal, at, warningHours * 3600_000);
  const rows = store.stats.runningDueBy(new Date(Math.max(in3, warnBy)).toISOString(), 3 * WORKLIST_LIMIT);
  const out: StatsWorklist = { asOf: now.toISOString(), warningHours, overdue: [], dueIn1: [], dueIn3: [] };
  for (const r of rows) {
    const due = Date.parse(r.dueAt);
    const item = { ...r, status: r.status as StatsWorklist['overdue'][number]['status'], warning: due > at && due <= warnBy };
    const list = due <= at ? out.overdue : due <= in1 ? out.dueIn1 : due <= in3 ? out.dueIn3 : null;
    if (list && list.length < WORKLIST_LIMIT) list.push(item);
  }
  return out;
}

export function statsWorklist(ctx: ServiceContext): StatsWorklist {
  requireSession(ctx);
  return statsWorklistFrom(ctx.store, ctx.now());
}

/** The campaign's targets so far and projected at its close (shared/domain/campaign-projection.ts). */
export function statsCampaignFrom(store: Store, campaign: StatsCampaign['campaign'] | null, now: Date): StatsCampaign | null {
  if (!campaign) return null;
  const today = toLocalDay(now);
  const cal = loadCalendar(store);
  const upTo = campaign.to < today ? campaign.to : today;
  const started = campaign.from <= today;
  const rows = started ? store.stats.daily(campaign.from, upTo, judged(store, { from: campaign.from, to: upTo }, now)) : [];
  const byDay = new Map(rows.map((r) => [r.key, r]));
  const series: Record<'online' | 'digitization' | 'onTime', DayRatio[]> = { online: [], digitization: [], onTime: [] };
  let elapsed = 0;
  let remaining = 0;
  for (let day = campaign.from; day <= campaign.to; day = addLocalDays(day, 1)) {
    const working = cal.isWorkingDay(day);
    if (day > upTo || !started) {
      if (working) remaining++;
      continue;
    }
    const r = byDay.get(day);
    // A day off with dossiers (an online submission) counts with the working day before it.
    const x = Math.max(0, working ? elapsed : elapsed - 1);
    if (working) elapsed++;
    if (!r) continue;
    series.online.push({ x, count: r.online, of: r.received });
    series.digitization.push({ x, count: r.digitized, of: r.received });
    series.onTime.push({ x, count: r.onTime, of: r.received });
  }
  const targets = (['online', 'digitization', 'onTime'] as const)
    .filter((k) => campaign.targets[k] !== null)
    .map((key) => {
      const p = projectRate(series[key], elapsed, remaining);
      const sum = series[key].reduce((s, d) => ({ count: s.count + d.count, of: s.of + d.of }), { count: 0, of: 0 });
      return { key, target: campaign.targets[key]!, ...sum, current: p.current, projected: p.projected };
    });
  return { campaign, asOf: now.toISOString(), elapsedDays: elapsed, remainingDays: remaining, targets };
}

export function statsCampaign(ctx: ServiceContext): StatsCampaign | null {
  requireSession(ctx);
  return statsCampaignFrom(ctx.store, getSettings(ctx).campaign, ctx.now());
}

/** Everything the Excel workbook and the PDF report hold. */
export interface StatsReportData {
  unitName: string;
  period: IndexPeriod;
  generatedAt: Date;
  index: StatsIndex;
  byDay: StatsTrend;
  byOfficer: StatsBreakdown;
  byProcedure: StatsBreakdown;
  byDesk: StatsBreakdown;
  byField: StatsBreakdown;
  evidence: ReturnType<StatsRepo['evidence']>;
  evidenceCut: boolean;
  campaign: StatsCampaign | null;
}

export function statsReportData(store: Store, period: IndexPeriod, now: Date, unitName: string, campaign: StatsCampaign['campaign'] | null, withEvidence: boolean): StatsReportData {
  const index = statsIndexFrom(store, period, now);
  const t = Date.parse(index.judgedAt);
  const evidence = withEvidence ? store.stats.evidence(period.from, period.to, t, EVIDENCE_LIMIT + 1) : [];
  return {
    unitName,
    period,
    generatedAt: now,
    index,
    byDay: statsTrendFrom(store, { ...period, granularity: 'day' }, now),
    byOfficer: statsBreakdownFrom(store, { ...period, by: 'officer' }, now),
    byProcedure: statsBreakdownFrom(store, { ...period, by: 'procedure' }, now),
    byDesk: statsBreakdownFrom(store, { ...period, by: 'desk' }, now),
    byField: statsBreakdownFrom(store, { ...period, by: 'field' }, now),
    evidence: evidence.slice(0, EVIDENCE_LIMIT),
    evidenceCut: evidence.length > EVIDENCE_LIMIT,
    campaign: statsCampaignFrom(store, campaign, now),
  };
}

export interface StatsExports {
  export(ctx: ServiceContext, input: MethodParsedInput<'stats.export'>): Promise<{ fileId: string; fileName: string }>;
  resolve(fileId: string): StoredFile | null;
}

const MIME = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', pdf: 'application/pdf' } as const;

/** Reports are made on request, kept content-addressed beside other files and served while this core runs. */
export function createStatsExports(app: AppContext): StatsExports {
  const blobs = new BlobStore(path.join(app.dataDir, 'files'));
  const issued = new Map<string, { name: string; format: 'xlsx' | 'pdf' }>();
  return {
    async export(ctx, input) {
      const session = requireSession(ctx);
      const settings = getSettings(ctx);
      const period = { from: input.from, to: input.to };
      const data = statsReportData(ctx.store, period, ctx.now(), settings.unitName || session.unit.name, settings.campaign, input.format === 'xlsx');
      const bytes = input.format === 'xlsx' ? await buildStatsXlsx(data) : await buildStatsPdf(data);
      const ref = await blobs.put(bytes, input.format);
      const fileName = `thong-ke-${input.from}-${input.to}.${input.format}`;
      issued.set(ref.id, { name: fileName, format: input.format });
      // The workbook lists citizens' names (evidence sheet): the export is audited like other reads.
      ctx.store.tx(() => audit(ctx, 'export', 'stats', null, { format: input.format, from: input.from, to: input.to, dossiers: data.evidence.length }));
      return { fileId: ref.id, fileName };
    },
    resolve(fileId) {
      const f = issued.get(fileId);
      return f ? { path: blobs.pathOf(fileId, f.format), mime: MIME[f.format], name: f.name } : null;
    },
  };
}
