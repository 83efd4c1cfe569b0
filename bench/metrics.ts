// `npm run bench:metrics [-- --dossiers N --runs N]`: Thống kê over a large centre's store.
// Builds a store of N dossiers (default 1,000,000) received over four years up to today, each with
// its components and status history (bulk insert in one transaction with prepared statements), then
// the stored facts, and measures the medians of: today's totals, last month's index and the last
// twelve months' trend by month, from the stored facts (main/services/stats.ts) and by a full
// recomputation in the same run (MetricsRepo.dossiersReceived + computeIndex, the path
// metrics.index and `motcua report` took before). Targets: each fast median under 50 ms.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate } from '../main/data/migrations';
import { Store } from '../main/data/store';
import Database from 'better-sqlite3';
import { statsIndexFrom, statsTrendFrom, bucketOf } from '../main/services/stats';
import { computeIndex, DEFAULT_INDEX_CONFIG, periodEnd, type IndexPeriod } from '../shared/domain/national-index';
import { addLocalDays, localDayStart, toLocalDay } from '../shared/domain/vietnam-time';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg('dossiers', 1_000_000);
const RUNS = arg('runs', 9);
const FULL_RUNS = arg('full-runs', 3);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-bench-metrics-'));
const db = new Database(path.join(dir, 'motcua.sqlite'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
// A large page cache: the bulk load's indexes outgrow the default 2 MB and inserts slow down.
db.pragma('cache_size = -1048576');
db.pragma('foreign_keys = ON');
migrate(db);
const store = new Store(db);

const now = new Date();
const today = toLocalDay(now);
const H = 3600_000;
const DAY = 24 * H;
let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

function generate() {
  db.prepare("INSERT INTO units VALUES ('u', '000.00.00.H00', 'Trung tâm Phục vụ hành chính công', 'tỉnh', NULL)").run();
  const officers = Array.from({ length: 24 }, (_, i) => `o${i}`);
  const offIns = db.prepare("INSERT INTO officers (id, username, full_name, unit_id, desk, role, pin_hash, created_at) VALUES (?, ?, ?, 'u', ?, 'officer', 'x', '2020-01-01')");
  officers.forEach((o, i) => offIns.run(o, `canbo${i}`, `Cán bộ ${i}`, `Quầy ${(i % 8) + 1}`));
  const fields = ['Hộ tịch', 'Chứng thực', 'Đất đai', 'Xây dựng', 'Kinh doanh', 'Lao động'];
  const procs = Array.from({ length: 40 }, (_, i) => ({ id: `p${i}`, paper: i % 3 !== 0, fee: i % 4 === 0 }));
  const procIns = db.prepare("INSERT INTO procedures (id, code, name, search_folded, field, processing_days, result_is_paper, fee_bearing, updated_at) VALUES (?, ?, ?, 'x', ?, 3, ?, ?, '2020-01-01')");
  procs.forEach((p, i) => procIns.run(p.id, `1.${String(i).padStart(6, '0')}`, `Thủ tục ${i}`, fields[i % fields.length]!, p.paper ? 1 : 0, p.fee ? 1 : 0));
  const dIns = db.prepare(
    `INSERT INTO dossiers (id, code, unit_id, procedure_id, procedure_code, procedure_name, channel, status, applicant_name, search_folded, received_at, due_at, current_due_at, ended_at, officer_id, created_at, updated_at, fees_json, paid_online, result_code, result_file, complaint, source)
     VALUES (?, ?, 'u', ?, 'x', 'x', ?, ?, ?, 'x', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'import')`,
  );
  const cIns = db.prepare('INSERT INTO components (id, dossier_id, sequence, name, file_id, reused_from) VALUES (?, ?, 1, ?, ?, ?)');
  const eIns = db.prepare('INSERT INTO dossier_events (id, dossier_id, status, at) VALUES (?, ?, ?, ?)');
  const span = 4 * 365 * DAY;
  const end = now.getTime();
  let events = 0;
  db.transaction(() => {
    for (let i = 0; i < N; i++) {
      // Received at office hours, spread evenly over four years up to now.
      const received = Math.min(end - H, end - span + Math.floor((i / N) * span) + Math.floor(rnd() * 9) * H);
      const p = procs[i % procs.length]!;
      const due = received + (2 + Math.floor(rnd() * 10)) * DAY;
      const steps: [number, number][] = [[2, received]];
      let at = received;
      let status = 2;
      let endedAt: number | null = null;
      const n = 1 + Math.floor(rnd() * 3);
      for (let k = 0; k < n; k++) {
        at += Math.floor(rnd() * 4 * DAY);
        if (at > end) break;
        status = k === n - 1 ? [9, 10, 10, 7][Math.floor(rnd() * 4)]! : rnd() < 0.15 ? 5 : 4;
        steps.push([status, at]);
        if ([7, 9, 10].includes(status)) endedAt = at;
      }
      const id = `d${i}`;
      const iso = (t: number) => new Date(t).toISOString();
      dIns.run(id, `B-${i}`, p.id, rnd() < 0.4 ? 2 : 1, status, `Công dân ${i}`, iso(received), iso(due), endedAt === null ? iso(due) : null, endedAt === null ? null : iso(endedAt), officers[i % officers.length]!, iso(received), iso(at), p.fee ? '[{"name":"Lệ phí","amount":50000}]' : '[]', p.fee && rnd() < 0.5 ? 1 : 0, rnd() < 0.5 ? 'KQ' : null, rnd() < 0.5 ? 'f' : null, rnd() < 0.02 ? 1 : 0);
      cIns.run(`c${i}`, id, 'Tờ khai', rnd() < 0.7 ? 'file' : null, rnd() < 0.1 ? 'B-0' : null);
      for (const [s, t] of steps) eIns.run(`e${events++}`, id, s, iso(t));
    }
  })();
  return events;
}

const time = <T>(f: () => T): [T, number] => {
  const t0 = performance.now();
  const r = f();
  return [r, performance.now() - t0];
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(`Thống kê bench: ${N.toLocaleString('en')} dossiers over four years up to ${today} (store in ${dir})`);
// A bulk load rebuilds every fact afterwards: the triggers that mark single writes are left out here.
for (const t of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'facts_dirty_%'").pluck().all() as string[]) db.exec(`DROP TRIGGER ${t}`);
const [events, genMs] = time(generate);
console.log(`generated ${N.toLocaleString('en')} dossiers, ${events.toLocaleString('en')} status events in ${(genMs / 1000).toFixed(1)} s`);
db.exec('DELETE FROM facts_dirty');
const [, factsMs] = time(() => store.stats.rebuildAll());
console.log(`stored facts built in ${(factsMs / 1000).toFixed(1)} s (${((factsMs / N) * 1000).toFixed(1)} µs per dossier)`);
db.pragma('wal_checkpoint(TRUNCATE)');
db.exec('ANALYZE');

/** The old path: every dossier of the period with its history, replayed. */
function fullIndex(period: IndexPeriod) {
  const fromIso = new Date(localDayStart(period.from)).toISOString();
  const toIso = new Date(periodEnd(period)).toISOString();
  const ds = store.metrics.dossiersReceived(fromIso, toIso).map((d) => d.index);
  return computeIndex(ds, period, DEFAULT_INDEX_CONFIG, now.getTime());
}
function fullTrend(period: IndexPeriod) {
  const fromIso = new Date(localDayStart(period.from)).toISOString();
  const toIso = new Date(periodEnd(period)).toISOString();
  const all = store.metrics.dossiersReceived(fromIso, toIso);
  const buckets = new Map<string, typeof all>();
  for (const d of all) {
    const k = bucketOf(toLocalDay(d.receivedAt), 'month');
    buckets.set(k, [...(buckets.get(k) ?? []), d]);
  }
  const asOf = Math.min(periodEnd(period), now.getTime());
  return [...buckets.entries()].map(([k, ds]) => [k, computeIndex(ds.map((d) => d.index), period, DEFAULT_INDEX_CONFIG, asOf).onTime.count] as const);
}

const firstOfMonth = `${today.slice(0, 7)}-01`;
const lastMonth = { from: `${addLocalDays(firstOfMonth, -1).slice(0, 7)}-01`, to: addLocalDays(firstOfMonth, -1) };
const year = { from: `${addLocalDays(firstOfMonth, -335).slice(0, 7)}-01`, to: today };
const cases = [
  { name: "today's totals", fast: () => statsIndexFrom(store, { from: today, to: today }, now).counts, full: () => fullIndex({ from: today, to: today }), check: (a: { onTime: number; received: number }, b: ReturnType<typeof fullIndex>) => a.onTime === b.onTime.count && a.received === b.received },
  { name: `a month's index (${lastMonth.from} … ${lastMonth.to})`, fast: () => statsIndexFrom(store, lastMonth, now).counts, full: () => fullIndex(lastMonth), check: (a: { onTime: number; received: number }, b: ReturnType<typeof fullIndex>) => a.onTime === b.onTime.count && a.received === b.received },
  {
    name: `a year's trend by month (${year.from} … ${year.to})`,
    fast: () => statsTrendFrom(store, { ...year, granularity: 'month' }, now).buckets,
    full: () => fullTrend(year),
    check: (a: { key: string; onTime: number }[], b: (readonly [string, number])[]) => b.every(([k, n]) => a.find((x) => x.key === k)?.onTime === n),
  },
] as const;

const rows: string[][] = [];
let ok = true;
for (const c of cases) {
  const fast: number[] = [];
  const full: number[] = [];
  let fr: unknown;
  let br: unknown;
  for (let i = 0; i < RUNS; i++) [fr, fast[i]] = time(c.fast as () => unknown);
  for (let i = 0; i < FULL_RUNS; i++) [br, full[i]] = time(c.full as () => unknown);
  const same = (c.check as (a: unknown, b: unknown) => boolean)(fr, br);
  const mf = median(fast);
  const mb = median(full);
  ok &&= same && mf < 50;
  rows.push([c.name, `${mf.toFixed(1)} ms`, `${mb.toFixed(0)} ms`, `${(mb / mf).toFixed(0)} ×`, same ? 'same' : 'DIFFERENT', mf < 50 ? 'met' : 'NOT MET']);
}
const head = ['measure', `stored facts (median of ${RUNS})`, `full recomputation (median of ${FULL_RUNS})`, 'ratio', 'numbers', '< 50 ms'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const fmt = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(['', fmt(head), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)].join('\n'));
db.close();
fs.rmSync(dir, { recursive: true, force: true });
process.exit(ok ? 0 : 1);
