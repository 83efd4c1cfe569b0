// OCR benchmark: accuracy, throughput and memory of our pipeline against the native tesseract CLI
// on the synthetic evaluation set. Run: npm run bench:ocr -- [--pages N] [--rounds R] [--soak N]
//   [--workers N] [--langs vie|vie+eng] [--seed S] [--no-native] [--no-pdf] [--no-osd] [--json FILE]
// Everything printed is measured in this run; nothing is hard-coded. Throughput is measured after
// a few untimed warm-up pages (steady state).
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { DEFAULT_RECYCLE_AFTER, OcrPool } from '../main/ocr/pool';
import { flexibleCer, plainCer } from './cer';
import { DEFAULT_PAGES, type EvalPage } from './eval-set';
import { loadEvalSet } from './eval-files';
import { BASELINE_NAME, nativeTesseractVersion, runNative, type NativeRun } from './native-tesseract';
import { activity, runPipeline, type PipelineRun } from './pipeline';
import { tuneImageLibrary } from '../main/core/process-tuning';

const TARGET = { cerRatio: 0.5, speedRatio: 0.8, pagesPerMin: 40, rssMb: 500 };

const { values: args } = parseArgs({
  options: {
    pages: { type: 'string' },
    rounds: { type: 'string' },
    soak: { type: 'string' },
    workers: { type: 'string' },
    langs: { type: 'string', default: 'vie' },
    seed: { type: 'string' },
    'no-native': { type: 'boolean', default: false },
    'no-pdf': { type: 'boolean', default: false },
    'no-osd': { type: 'boolean', default: false },
    json: { type: 'string' },
    'model-dir': { type: 'string' },
  },
});

const fmt = (n: number, d = 3) => (Number.isFinite(n) ? n.toFixed(d) : '—');
const pad = (s: string, n: number) => s.padEnd(n);
const rssMb = () => process.memoryUsage.rss() / 1024 / 1024;

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r, i) => r.map((cell, c) => (c === 0 ? pad(cell, widths[c]!) : cell.padStart(widths[c]!))).join('  ') + (i === 0 ? `\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : '')).join('\n');
}

class RssSampler {
  peak = rssMb();
  private paused = false;
  /** Native tesseract runs in child processes; our process idles then and is not sampled. */
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
  }
  /** The main thread's share at the peak: JS heap and buffers (the rest is native and workers). */
  atPeak = process.memoryUsage();
  /** What was going on at the peak: the page being cleaned (its variant) and the orientation worker. */
  contextAtPeak = '';
  constructor(private readonly context: () => string = () => '') {}
  private timer = setInterval(() => this.sample(), 100);
  private sample(): void {
    if (this.paused) return;
    const r = rssMb();
    if (r > this.peak) {
      this.peak = r;
      this.atPeak = process.memoryUsage();
      this.contextAtPeak = this.context();
    }
  }
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
  describe(): string {
    const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;
    return `at the peak the main thread held JS heap ${mb(this.atPeak.heapUsed)}, buffers ${mb(this.atPeak.arrayBuffers)}${this.contextAtPeak ? `; ${this.contextAtPeak}` : ''}`;
  }
}

/** At a memory peak: which kind of page was being cleaned, and whether the orientation worker ran. */
function peakContext(pool: OcrPool, pages: readonly EvalPage[]): () => string {
  const variantOf = new Map(pages.map((p) => [p.image, p.variant]));
  return () => {
    const cleaning = activity.cleaning ? `cleaning a ${variantOf.get(activity.cleaning) ?? '?'} page` : 'no clean-up running';
    return `${cleaning}, orientation worker ${pool.stats().orientationWorker ? 'running' : 'stopped'}`;
  };
}

function joinNative(runs: NativeRun[]): NativeRun {
  return { texts: runs.flatMap((r) => r.texts), wallMs: runs.reduce((a, r) => a + r.wallMs, 0), cpuSeconds: runs.reduce((a, r) => a + r.cpuSeconds, 0) };
}

function joinPipeline(runs: PipelineRun[]): PipelineRun {
  const sum = (pick: (r: PipelineRun) => Record<string, number>) => {
    const out: Record<string, number> = {};
    for (const r of runs) for (const [k, v] of Object.entries(pick(r))) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  return {
    results: runs.flatMap((r) => r.results),
    wallMs: runs.reduce((a, r) => a + r.wallMs, 0),
    cpuSeconds: runs.reduce((a, r) => a + r.cpuSeconds, 0),
    stageMs: sum((r) => r.stageMs) as PipelineRun['stageMs'],
    cleanupMs: sum((r) => r.cleanupMs),
    threads: runs.every((r) => r.threads) ? (sum((r) => r.threads!) as PipelineRun['threads']) : null,
  };
}

interface Scores {
  flex: { errors: number; chars: number };
  plain: { errors: number; chars: number };
}
const emptyScores = (): Scores => ({ flex: { errors: 0, chars: 0 }, plain: { errors: 0, chars: 0 } });

function score(pages: EvalPage[], texts: string[]): Map<string, Scores> {
  const by = new Map<string, Scores>([['ALL', emptyScores()]]);
  pages.forEach((p, i) => {
    const f = flexibleCer(p.segments, texts[i] ?? '');
    const pl = plainCer(p.groundTruth, texts[i] ?? '');
    for (const key of [p.variant, 'ALL']) {
      const s = by.get(key) ?? emptyScores();
      s.flex.errors += f.errors;
      s.flex.chars += f.chars;
      s.plain.errors += pl.errors;
      s.plain.chars += pl.chars;
      by.set(key, s);
    }
  });
  return by;
}

async function soak(pool: OcrPool, pages: EvalPage[], count: number): Promise<{ series: [number, number][]; peak: number; run: PipelineRun }> {
  const series: [number, number][] = [[0, rssMb()]];
  const sampler = new RssSampler(peakContext(pool, pages));
  const step = Math.max(10, Math.round(count / 20));
  const run = await runPipeline(pages, count, pool, {
    lanes: pool.size + 1,
    pdf: !args['no-pdf'],
    osd: !args['no-osd'],
    onPage: (n) => {
      if (n % step === 0 || n === count) {
        series.push([n, rssMb()]);
        process.stdout.write(`\r  soak ${n}/${count} pages, RSS ${rssMb().toFixed(0)} MB   `);
      }
    },
  });
  process.stdout.write('\n');
  const peak = sampler.stop();
  console.log(`  ${sampler.describe()}`);
  return { series, peak, run };
}

function dumpSmaps(): void {
  const text = readFileSync('/proc/self/smaps', 'utf8');
  const maps: { name: string; size: number; rss: number }[] = [];
  let cur: { name: string; size: number; rss: number } | null = null;
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (m) {
      cur = { name: m[3] || '[anon]', size: (parseInt(m[2]!, 16) - parseInt(m[1]!, 16)) / 1048576, rss: 0 };
      maps.push(cur);
    } else if (cur && line.startsWith('Rss:')) cur.rss = Number(line.split(/\s+/)[1]) / 1024;
  }
  maps.sort((a, b) => b.rss - a.rss);
  const total = maps.reduce((a, m) => a + m.rss, 0);
  console.log(`smaps total RSS ${total.toFixed(0)} MB; top mappings:`);
  for (const m of maps.slice(0, 25)) console.log(`  ${m.rss.toFixed(1).padStart(7)} MB of ${m.size.toFixed(1).padStart(9)} MB  ${m.name}`);
}

async function main(): Promise<void> {
  // The settings the app runs with (one libvips thread per operation, no operation cache).
  tuneImageLibrary();
  const cores = os.availableParallelism();
  const workers = args.workers ? Number(args.workers) : cores;
  const nPages = args.pages ? Number(args.pages) : DEFAULT_PAGES;
  const nativeVersion = args['no-native'] ? null : nativeTesseractVersion();
  console.log(`OCR benchmark — ${os.cpus()[0]?.model ?? 'cpu'} × ${cores}, Node ${process.version}, pool ${workers} workers, langs ${args.langs}, models ${args['model-dir'] ?? 'bundled best_int'}`);
  console.log(`Baseline: ${BASELINE_NAME}${nativeVersion ? ` [${nativeVersion}]` : ' — not installed (apt-get install tesseract-ocr tesseract-ocr-vie), skipped'}`);
  console.log(`Process settings: MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX ?? 'unset'}, MALLOC_MMAP_THRESHOLD_=${process.env.MALLOC_MMAP_THRESHOLD_ ?? 'unset'}, sharp.concurrency(${sharp.concurrency()}), sharp cache ${JSON.stringify(sharp.cache())}`);
  console.log(`Load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (other processes on the machine inflate wall times; CPU s/page does not depend on them)`);

  let t = performance.now();
  const pages: EvalPage[] = loadEvalSet(path.resolve(__dirname, '..'), nPages, args.seed);
  console.log(`Evaluation set: ${pages.length} pages (300 dpi A4 + phone photos), drawn in a child process, loaded in ${((performance.now() - t) / 1000).toFixed(1)} s; RSS before the pool ${rssMb().toFixed(0)} MB`);

  t = performance.now();
  const pool = await OcrPool.create({ size: workers, langs: args.langs, cacheDir: path.resolve('.bench/cache/tessdata'), modelDir: args['model-dir'] });
  console.log(`Pool of ${workers} started in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  // Throughput is measured in the steady state a desk runs in all day: each pipeline first reads a
  // few pages untimed. For ours that is where V8 optimizes the OCR engine's hot code, once per
  // process (about 1 s of CPU on its background threads); native has no such start-up cost, but
  // gets the same untimed pages (its files cached, its binary loaded) so both start alike.
  const warm = pages.slice(0, Math.min(pages.length, 2 * workers));
  t = performance.now();
  await runPipeline(warm, warm.length, pool, { lanes: workers + 1, pdf: !args['no-pdf'], osd: !args['no-osd'] });
  const warmOurs = (performance.now() - t) / 1000;
  t = performance.now();
  if (nativeVersion) await runNative(warm, cores);
  console.log(`Warm-up, untimed: ${warm.length} pages through ours (${warmOurs.toFixed(1)} s) and native (${((performance.now() - t) / 1000).toFixed(1)} s)`);

  // The machine's speed drifts (shared host: ±15 % within minutes, and faster swings that half
  // a run did not even out: two back-to-back runs once gave 0.76 and 0.90), so the pipelines take
  // turns on segments of the set (about four pages per worker: shorter ones would weigh the
  // filling and draining of each pipeline) in ABBA order (native, ours | ours, native | …), over
  // the whole set `rounds` times (default 2): a drift weighs on both alike.
  const rounds = Math.max(1, args.rounds ? Number(args.rounds) : 2);
  const segmentPages = Math.ceil(pages.length / Math.max(1, Math.round(pages.length / (4 * workers))));
  const segments: EvalPage[][] = [];
  for (let r = 0; r < rounds; r++) for (let i = 0; i < pages.length; i += segmentPages) segments.push(pages.slice(i, i + segmentPages));
  const timedPages = rounds * pages.length;
  const nativeRuns: NativeRun[] = [];
  const ourRuns: PipelineRun[] = [];
  const sampler = new RssSampler(peakContext(pool, pages));
  const runOurs = async (h: EvalPage[]) => ourRuns.push(await runPipeline(h, h.length, pool, { lanes: workers + 1, pdf: !args['no-pdf'], osd: !args['no-osd'] }));
  const runTheirs = async (h: EvalPage[]) => {
    sampler.pause();
    if (nativeVersion) nativeRuns.push(await runNative(h, cores));
    sampler.resume();
  };
  for (const [i, h] of segments.entries()) {
    if (i % 2 === 0) {
      await runTheirs(h);
      await runOurs(h);
    } else {
      await runOurs(h);
      await runTheirs(h);
    }
  }
  const peakRss = sampler.stop();
  const native: NativeRun | null = nativeRuns.length ? joinNative(nativeRuns) : null;
  const ours = joinPipeline(ourRuns);
  if (native) {
    // Per round, and the spread over segments: how much the machine moved during the run.
    const perRound = Array.from({ length: rounds }, (_, r) => {
      const k = segments.length / rounds;
      const n = nativeRuns.slice(r * k, (r + 1) * k).reduce((a, x) => a + x.cpuSeconds, 0);
      const o = ourRuns.slice(r * k, (r + 1) * k).reduce((a, x) => a + x.cpuSeconds, 0);
      return `round ${r + 1}: ${fmt(n / o, 2)}`;
    });
    const inOrder = segments.map((_, i) => nativeRuns[i]!.cpuSeconds / ourRuns[i]!.cpuSeconds);
    const bySegment = [...inOrder].sort((a, b) => a - b);
    console.log(
      `Timed: ${timedPages} pages in ${segments.length} segments of ${segmentPages} per pipeline. Native: ${(native.wallMs / 1000).toFixed(1)} s wall, ${native.cpuSeconds.toFixed(1)} CPU s; ours: ${(ours.wallMs / 1000).toFixed(1)} s wall, ${ours.cpuSeconds.toFixed(1)} CPU s ` +
        `(speed ratio by CPU ${perRound.join(', ')}; segments ${fmt(bySegment[0]!, 2)}–${fmt(bySegment[bySegment.length - 1]!, 2)}, median ${fmt(bySegment[bySegment.length >> 1]!, 2)})`,
    );
    console.log(`Segments in order (native CPU s / ours CPU s = ratio): ${segments.map((_, i) => `${nativeRuns[i]!.cpuSeconds.toFixed(1)}/${ourRuns[i]!.cpuSeconds.toFixed(1)}=${fmt(inOrder[i]!, 2)}`).join('  ')}`);
  }
  // Accuracy is scored on the first round (every round reads the same pages the same way).
  const ourTexts = ours.results.slice(0, pages.length).map((r) => r.text);
  const nativeTexts = native ? native.texts.slice(0, pages.length) : null;

  // Accuracy.
  const ourScores = score(pages, ourTexts);
  const nativeScores = nativeTexts ? score(pages, nativeTexts) : null;
  const variants = [...new Set(pages.map((p) => p.variant)), 'ALL'];
  const rows = [['variant', 'pages', 'CER ours', `CER native`, 'ratio', 'plain ours', 'plain native']];
  for (const v of variants) {
    const o = ourScores.get(v)!;
    const n = nativeScores?.get(v);
    const co = o.flex.errors / o.flex.chars;
    const cn = n ? n.flex.errors / n.flex.chars : NaN;
    rows.push([v, String(v === 'ALL' ? pages.length : pages.filter((p) => p.variant === v).length), fmt(co), fmt(cn), fmt(co / cn, 2), fmt(o.plain.errors / o.plain.chars), n ? fmt(n.plain.errors / n.plain.chars) : '—']);
  }
  console.log('\nCharacter error rate (CER = order-tolerant "flexible" CER over drawn segments; "plain" = Levenshtein over whole page in row order)');
  console.log(table(rows));

  // Throughput.
  const oursPpm = (timedPages / ours.wallMs) * 60_000;
  const nativePpm = native ? (timedPages / native.wallMs) * 60_000 : NaN;
  const oursCpu = ours.cpuSeconds / timedPages;
  const nativeCpu = native ? native.cpuSeconds / timedPages : NaN;
  console.log('\nThroughput');
  console.log(
    table([
      ['pipeline', 'pages/min (wall)', 'CPU s/page', `pages/min if ${cores} cores were free`],
      [`ours: cleanup → OCR${args['no-pdf'] ? '' : ' → searchable PDF'}`, fmt(oursPpm, 1), fmt(oursCpu, 2), fmt((cores * 60) / oursCpu, 1)],
      [`${BASELINE_NAME}: text + searchable PDF`, fmt(nativePpm, 1), fmt(nativeCpu, 2), fmt((cores * 60) / nativeCpu, 1)],
      ['ratio ours / native', fmt(oursPpm / nativePpm, 2), fmt(nativeCpu / oursCpu, 2) + ' (speed)', fmt(nativeCpu / oursCpu, 2)],
    ]),
  );
  const stages = Object.entries(ours.stageMs).map(([k, v]) => `${k} ${(v / timedPages / 1000).toFixed(2)} s`);
  const cleanupSteps = Object.entries(ours.cleanupMs).map(([k, v]) => `${k} ${Math.round(v / timedPages)}`);
  console.log(`Per page, wall inside a lane: ${stages.join(', ')} (cleanup steps, ms: ${cleanupSteps.join(', ')})`);
  if (ours.threads) {
    const t = ours.threads;
    const per = (v: number) => (v / timedPages).toFixed(2);
    console.log(`Our CPU s/page by thread: OCR workers ${per(t.ocr)}, main thread (clean-up, PDF) ${per(t.main)}, image library ${per(t.image)}, V8 background (GC) ${per(t.v8)}, other ${per(t.other)}`);
  }
  console.log(`Peak RSS during the run: ${peakRss.toFixed(0)} MB (process incl. worker threads; ${sampler.describe()}); pool ${JSON.stringify(pool.stats())}`);

  let soakResult: Awaited<ReturnType<typeof soak>> | null = null;
  if (args.soak) {
    const n = Number(args.soak);
    console.log(`\nSoak: ${n} pages through the same pool (workers recycled every ${DEFAULT_RECYCLE_AFTER} pages)`);
    soakResult = await soak(pool, pages, n);
    const series = soakResult.series;
    // Least-squares slope over the second half: single samples swing ±50 MB with GC timing.
    const half = series.filter(([k]) => k >= n / 2);
    const mx = half.reduce((a, [k]) => a + k, 0) / half.length;
    const my = half.reduce((a, [, v]) => a + v, 0) / half.length;
    const sxx = half.reduce((a, [k]) => a + (k - mx) ** 2, 0);
    const growth = half.length > 2 && sxx > 0 ? (half.reduce((a, [k, v]) => a + (k - mx) * (v - my), 0) / sxx) * 100 : NaN;
    console.log(`  RSS (MB) by pages done: ${series.map(([k, v]) => `${k}:${v.toFixed(0)}`).join(' ')}`);
    console.log(`  peak ${soakResult.peak.toFixed(0)} MB; growth over the second half ${fmt(growth, 1)} MB per 100 pages; ${((soakResult.run.wallMs / 1000 / 60)).toFixed(1)} min, ${fmt((n / soakResult.run.wallMs) * 60000, 1)} pages/min`);
    console.log(`  pool ${JSON.stringify(pool.stats())}`);
  }
  if (process.env.BENCH_SMAPS) dumpSmaps();
  await pool.close();

  // Targets.
  const all = ourScores.get('ALL')!;
  const cerOurs = all.flex.errors / all.flex.chars;
  const allN = nativeScores?.get('ALL');
  const cerNative = allN ? allN.flex.errors / allN.flex.chars : NaN;
  const verdict = (ok: boolean | null) => (ok === null ? 'n/a ' : ok ? 'PASS' : 'FAIL');
  console.log('\nTargets');
  console.log(`  ${verdict(native ? cerOurs <= TARGET.cerRatio * cerNative : null)}  CER ≤ ${TARGET.cerRatio} × native: ${fmt(cerOurs)} vs ${fmt(cerNative)} (× ${fmt(cerOurs / cerNative, 2)})`);
  console.log(`  ${verdict(native ? oursPpm >= TARGET.speedRatio * nativePpm : null)}  throughput ≥ ${TARGET.speedRatio} × native (wall): ${fmt(oursPpm, 1)} vs ${fmt(nativePpm, 1)} pages/min (× ${fmt(oursPpm / nativePpm, 2)}); by CPU time × ${fmt(nativeCpu / oursCpu, 2)}`);
  console.log(`  ${verdict(oursPpm >= TARGET.pagesPerMin)}  ≥ ${TARGET.pagesPerMin} pages/min on ${cores} cores: ${fmt(oursPpm, 1)} (wall), ${fmt((cores * 60) / oursCpu, 1)} (CPU-bound estimate)`);
  const peak = Math.max(peakRss, soakResult?.peak ?? 0);
  console.log(`  ${verdict(peak < TARGET.rssMb)}  memory < ${TARGET.rssMb} MB: peak ${peak.toFixed(0)} MB${soakResult ? ` over ${args.soak} pages` : ' (run with --soak 500 for the long run)'}`);

  if (args.json) {
    writeFileSync(
      args.json,
      JSON.stringify(
        {
          pages: pages.map((p, i) => ({ id: p.id, variant: p.variant, ours: ourTexts[i], native: nativeTexts?.[i], flexOurs: flexibleCer(p.segments, ourTexts[i] ?? '').cer, flexNative: nativeTexts ? flexibleCer(p.segments, nativeTexts[i] ?? '').cer : null })),
          ours: { wallMs: ours.wallMs, cpuSeconds: ours.cpuSeconds, stageMs: ours.stageMs },
          native: native && { wallMs: native.wallMs, cpuSeconds: native.cpuSeconds },
          soak: soakResult?.series,
        },
        null,
        1,
      ),
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
