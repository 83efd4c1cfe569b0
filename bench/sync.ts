// `npm run bench:sync`: the desk ⇄ province sync under load, against a plain upload of the same bytes
// measured in the same run (issue 19).
//
// 1. Several desks (5 by default), each with its own SQLite data folder and SyncClient, send 10,000
//    outbox events and 1,000 component files (≈ 300 MB of random bytes, 50 KB – 1 MB each, PDFs and
//    JPEGs) at once over loopback to one receiver in a child process (createApp + DiskFileStore +
//    PostgreSQL), with faults on: a fraction of the requests is refused, loses its answer, is
//    answered 503, or (a PUT) is cut mid-body. Printed: events/s and MB/s of the whole sync (files,
//    events, pull), and the ratio to the baseline. Goal ≥ 0.7×.
// 2. Baseline: the same files PUT once each, one stream per desk as in the sync, from the desks'
//    folders over loopback to a bare node:http server in a child process that streams each body to
//    disk. It includes reading the file, fetch, HTTP and the disk write; it has no authentication,
//    no HEAD, no hash check, no PostgreSQL, no events and no faults. Run before and after the sync
//    (A B C A); the ratios use the mean of the two.
//    Files alone: the same sizes (other bytes) through the sync with only their componentFile items
//    (dossiers imported, not received here, send nothing else): the upload path's own ratio.
// 3. 50 desks push at once (no files, no faults): the receiver's events/s and p50/p95 push latency.
// After each phase, everything must have arrived exactly once (counts in PostgreSQL, desk outboxes):
// a loss or a duplicate fails the bench (exit 1).
//
// Options: --scale F (events, files, crowd events × F; `npm run bench` uses 0.1), --desks N,
// --crowd N, --fault-rate F (share of requests given a fault, default 0.02), --backoff-ms N (the
// client's first backoff; the app uses 500 ms, the bench 20 ms so that it measures the protocol, not
// the waits; time spent waiting is printed).
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { AddressInfo } from 'node:net';
import { migrate, openDb, type Db } from '../server/db/db';
import { DiskFileStore } from '../server/files/store';
import { createApp } from '../server/http/app';
import { createEnrollmentToken, systemClock } from '../server/sync/receiver';
import { SyncClient } from '../main/sync/client';
import { secretVault } from '../main/sync/secret-vault';
import { BlobStore } from '../main/storage/blob-store';
import { deskData, type TestDeskData } from '../test/main/sync/desk';
import { throwawayDatabase } from '../test/server/helpers';
import { makeRng } from '../test/helpers/rng';

const root = path.resolve(__dirname, '..');
const MIGRATIONS = path.join(root, 'server', 'db', 'migrations');

// ---- Children: the receiver and the plain upload server ------------------------------------------

async function child(role: string, arg: string, dir: string): Promise<void> {
  let server: http.Server;
  if (role === 'receiver') {
    const db = openDb(arg);
    server = http.createServer(createApp({ db, files: new DiskFileStore(dir), clock: systemClock, adminToken: '', maxFileBytes: 50 * 1024 * 1024 }));
  } else {
    fs.mkdirSync(dir, { recursive: true });
    server = http.createServer((req, res) => {
      const name = path.basename(new URL(req.url ?? '/', 'http://x').pathname) || 'x';
      pipeline(req, fs.createWriteStream(path.join(dir, name))).then(
        () => {
          res.writeHead(201, { 'content-length': 0 });
          res.end();
        },
        () => res.destroy(),
      );
    });
  }
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}

function startChild(role: string, arg: string, dir: string): Promise<{ base: string; proc: ChildProcess }> {
  // MOTCUA_BENCH_PROFILE=DIR: the children write V8 CPU profiles there (where the receiver's time goes).
  const prof = process.env.MOTCUA_BENCH_PROFILE;
  const proc = fork(__filename, ['--child', role, arg, dir], prof ? { execArgv: [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${prof}`] } : {});
  return new Promise((resolve, reject) => {
    proc.once('message', (m) => resolve({ base: `http://127.0.0.1:${(m as { port: number }).port}`, proc }));
    proc.once('exit', (code) => reject(new Error(`${role} exited (${code})`)));
  });
}

function stopChild(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return Promise.resolve();
  return new Promise((r) => {
    proc.once('exit', () => r());
    proc.kill('SIGTERM');
  });
}

// ---- Options and helpers -----------------------------------------------------------------------

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name}: số không hợp lệ`);
  return v;
}

const MB = 1024 * 1024;
const fmt = (n: number, d = 1) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

/** PostgreSQL for the bench: DATABASE_URL / MOTCUA_TEST_DATABASE_URL when set, else scripts/postgres.sh. */
function postgresUrl(): string {
  const given = process.env.MOTCUA_TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (given) return given;
  const r = spawnSync('bash', [path.join(root, 'scripts', 'postgres.sh')], { encoding: 'utf8' });
  const url = /^DATABASE_URL=(.+)$/m.exec(r.stdout ?? '')?.[1];
  if (r.status !== 0 || !url) {
    console.error(
      `bench:sync cần PostgreSQL (máy chủ tỉnh) / needs PostgreSQL for the receiver.\n` +
        `${(r.stderr ?? '').trim()}\n` +
        `Cài đặt / install: bash scripts/install-system-deps.sh, rồi / then: bash scripts/postgres.sh, ` +
        `hoặc đặt / or set DATABASE_URL=postgresql://… trước khi chạy / before running npm run bench:sync.`,
    );
    process.exit(2);
  }
  return url;
}

// ---- Faults ------------------------------------------------------------------------------------

type Fault = 'refuse' | 'lost' | '503' | 'cut';
interface FaultStats {
  requests: number;
  faults: Record<Fault, number>;
  /** Time in requests by route (files, push, pull), summed over desks. */
  ms: Record<string, number>;
}

const route = (input: string | URL | Request, init?: RequestInit) => {
  const p = new URL(String(input)).pathname;
  return p.startsWith('/v1/files/') ? `${init?.method ?? 'GET'} file` : p.replace(/^\/v1\//, '');
};

/**
 * A fetch that gives a share of the requests a fault: 'refuse' (never reaches the receiver), 'lost'
 * (the receiver acts, the answer is lost), '503' (answered 503 without acting), 'cut' (a PUT whose
 * body stops halfway: the connection drops mid-upload). Faults are drawn from a seeded PRNG.
 */
function faultyFetch(rate: number, seed: number, stats: FaultStats): typeof fetch {
  const rnd = makeRng(seed);
  const kinds: Fault[] = ['refuse', 'lost', '503', 'cut'];
  const f = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    stats.requests++;
    const start = performance.now();
    const r = route(input, init);
    try {
      return await faulty(input, init);
    } finally {
      stats.ms[r] = (stats.ms[r] ?? 0) + performance.now() - start;
    }
  };
  const faulty = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (rnd() >= rate) return fetch(input, init);
    let fault = kinds[Math.floor(rnd() * kinds.length)]!;
    if (fault === 'cut' && !(init?.method === 'PUT' && init.body instanceof Uint8Array)) fault = 'lost';
    stats.faults[fault]++;
    if (fault === 'refuse') throw new TypeError('fetch failed (connection refused)');
    if (fault === '503') return new Response(JSON.stringify({ code: 'INTERNAL', message: 'Máy chủ tỉnh đang bảo trì.' }), { status: 503 });
    if (fault === 'cut') {
      const body = init!.body as Uint8Array;
      const half = body.subarray(0, Math.floor(body.length / 2));
      const stream = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(half);
        },
        pull(c) {
          c.error(new Error('connection reset'));
        },
      });
      await fetch(input, { ...init, body: stream, duplex: 'half' } as RequestInit).then((r) => r.text()).catch(() => {});
      throw new TypeError('fetch failed (connection reset)');
    }
    const res = await fetch(input, init);
    await res.text();
    throw new TypeError('fetch failed (socket hang up)');
  };
  return f as typeof fetch;
}

// ---- Desks -------------------------------------------------------------------------------------

interface Desk {
  data: TestDeskData;
  unitCode: string;
  files: { path: string; size: number; sha: string }[];
  events: number;
}

/**
 * A desk with `dossiers` received dossiers, each with `eventsPerDossier` status events after its
 * reception and, when `sizes` is given, one component file of that size (random bytes; 1 in 3 a
 * JPEG, else a PDF). Outbox items per dossier: the dossier, its events, its component file; with
 * source 'import' (a history imported, not received here) only the component file goes out.
 */
async function makeDesk(unitCode: string, dossiers: number, eventsPerDossier: number, sizes: number[] | null, t0: number, source: 'desk' | 'import' = 'desk'): Promise<Desk> {
  const data = deskData();
  const db = data.store.db;
  db.prepare("UPDATE units SET code = ? WHERE id = 'u'").run(unitCode);
  const blobs = new BlobStore(data.filesDir);
  const files: Desk['files'] = [];
  const refs: ({ id: string; ext: string } | null)[] = [];
  for (let i = 0; i < dossiers; i++) {
    if (!sizes) {
      refs.push(null);
      continue;
    }
    const ext = i % 3 === 2 ? 'jpg' : 'pdf';
    const head = Buffer.from(ext === 'pdf' ? '%PDF-1.7\n' : '\xff\xd8\xff\xe0', 'latin1');
    const bytes = Buffer.concat([head, crypto.randomBytes(sizes[i]! - head.length)]);
    const ref = await blobs.put(bytes, ext);
    files.push({ path: ref.path, size: ref.size, sha: ref.id });
    refs.push({ id: ref.id, ext });
  }
  const iso = (ms: number) => new Date(ms).toISOString();
  const insDossier = db.prepare(
    `INSERT INTO dossiers (id, code, unit_id, procedure_id, procedure_code, procedure_name, channel, status, applicant_name, applicant_phone, search_folded, received_at, due_at, officer_id, created_at, updated_at, source)
     VALUES (?, ?, 'u', 'p', '1.001', 'Đăng ký khai sinh', 1, 2, 'Trần Thị Bích', '0903123456', 'x', ?, NULL, 'o', ?, ?, ?)`,
  );
  const insComponent = db.prepare("INSERT INTO components (id, dossier_id, sequence, name, file_id, file_ext, digitized_at, page_count) VALUES (?, ?, 1, 'Tờ khai đăng ký khai sinh', ?, ?, ?, 1)");
  const insEvent = db.prepare("INSERT INTO dossier_events (id, dossier_id, status, at, officer_id, note) VALUES (?, ?, ?, ?, 'o', ?)");
  db.transaction(() => {
    for (let i = 0; i < dossiers; i++) {
      const id = `d${i}`;
      const at = t0 + i * 60_000;
      insDossier.run(id, `H01-${String(i + 1).padStart(6, '0')}`, iso(at), iso(at), iso(at), source);
      const ref = refs[i];
      if (ref) insComponent.run(`${id}-c1`, id, ref.id, ref.ext, iso(at));
      for (let e = 0; e < eventsPerDossier; e++) insEvent.run(`${id}-e${e}`, id, e === 0 ? 2 : 3 + (e % 8), iso(at + (e + 1) * 1000), e === 0 ? 'Tiếp nhận tại quầy' : `Bước xử lý ${e}`);
    }
  })();
  const events = (db.prepare('SELECT count(*) AS n FROM sync_outbox').get() as { n: number }).n;
  return { data, unitCode, files, events };
}

async function enrolledClient(d: Desk, db: Db, base: string, f: typeof fetch, backoffMs: number, waits: { ms: number }, seed: number): Promise<SyncClient> {
  const c = new SyncClient({
    store: d.data.store,
    filesDir: d.data.filesDir,
    baseUrl: () => base,
    vault: secretVault(d.data.dir),
    now: () => new Date(),
    fetch: f,
    backoffMs,
    random: makeRng(seed),
    sleep: (ms) => {
      waits.ms += ms;
      return new Promise((r) => setTimeout(r, ms));
    },
  });
  await c.enroll(await createEnrollmentToken(db, systemClock, { unitCode: d.unitCode }), `Quầy ${d.unitCode}`);
  return c;
}

/** Passes until the outbox is empty (a pass that gives up after repeated faults is followed by another, as the 2-minute timer does). */
async function syncUntilDone(c: SyncClient, maxPasses = 50): Promise<{ passes: number; failed: number }> {
  let failed = 0;
  for (let passes = 1; passes <= maxPasses; passes++) {
    const r = await c.syncNow();
    if (!r.ok) failed++;
    if (r.ok && r.pending === 0) return { passes, failed };
    if (r.rejected) throw new Error(`items rejected: ${JSON.stringify(r)}`);
  }
  throw new Error(`outbox not empty after ${maxPasses} passes`);
}

/** Dirty pages written by the phase before are flushed first, so no phase pays for another's writes. */
function flushDisks(): void {
  spawnSync('sync');
}

/** The plain upload: each desk's files PUT once each, one stream per desk, all desks at once. */
async function plainUpload(desks: Desk[], base: string): Promise<{ wall: number }> {
  flushDisks();
  const t = performance.now();
  await Promise.all(
    desks.map(async (d) => {
      for (const f of d.files) {
        const res = await fetch(`${base}/${f.sha}`, { method: 'PUT', body: new Uint8Array(fs.readFileSync(f.path)), headers: { 'content-type': 'application/octet-stream' } });
        await res.text();
        if (res.status !== 201) throw new Error(`plain PUT ${res.status}`);
      }
    }),
  );
  return { wall: (performance.now() - t) / 1000 };
}

// ---- Checks ------------------------------------------------------------------------------------

async function count(db: Db, sql: string, params: unknown[]): Promise<number> {
  return Number((await db.query<{ n: string }>(sql, params)).rows[0]!.n);
}

/** Every item once on the receiver and done on its desk; a line per check, false on any mismatch. */
async function verify(db: Db, desks: Desk[], filesDir: string | null, eventsPerDossier: number): Promise<boolean> {
  const deskIds = desks.map((d) => d.data.store.sync.getState().deskId!);
  const units = desks.map((d) => d.unitCode);
  const dossiers = desks.reduce((s, d) => s + (d.data.store.db.prepare('SELECT count(*) AS n FROM dossiers').get() as { n: number }).n, 0);
  const files = desks.flatMap((d) => d.files);
  const expect = { events: desks.reduce((s, d) => s + d.events, 0), dossiers, dossierEvents: dossiers * eventsPerDossier, components: files.length };
  const got = {
    inbox: await count(db, 'SELECT count(*) AS n FROM inbox WHERE desk_id = ANY($1)', [deskIds]),
    accepted: await count(db, "SELECT count(*) AS n FROM inbox WHERE desk_id = ANY($1) AND outcome = 'accepted'", [deskIds]),
    contiguous: await count(db, 'SELECT coalesce(sum(contiguous_seq), 0) AS n FROM desks WHERE id = ANY($1)', [deskIds]),
    dossiers: await count(db, 'SELECT count(*) AS n FROM dossiers WHERE unit_code = ANY($1)', [units]),
    dossierEvents: await count(db, 'SELECT count(*) AS n FROM dossier_events WHERE unit_code = ANY($1)', [units]),
    components: await count(db, 'SELECT count(*) AS n FROM component_files WHERE unit_code = ANY($1)', [units]),
    files: files.length ? await count(db, 'SELECT count(*) AS n FROM files WHERE sha256 = ANY($1)', [files.map((f) => f.sha)]) : 0,
    fileBytes: files.length ? await count(db, 'SELECT coalesce(sum(size), 0) AS n FROM files WHERE sha256 = ANY($1)', [files.map((f) => f.sha)]) : 0,
  };
  const deskLeft = desks.reduce((s, d) => s + (d.data.store.db.prepare("SELECT count(*) AS n FROM sync_outbox WHERE state <> 'done'").get() as { n: number }).n, 0);
  const partials = filesDir ? fs.readdirSync(path.join(filesDir, 'partial')).length : 0;
  const onDisk = filesDir ? files.filter((f) => fs.existsSync(path.join(filesDir, f.sha.slice(0, 2), f.sha))).length : 0;
  const bytes = files.reduce((s, f) => s + f.size, 0);
  const checks: [string, number, number][] = [
    ['inbox rows (one per event)', got.inbox, expect.events],
    ['  accepted', got.accepted, expect.events],
    ['  contiguous seq (sum over desks)', got.contiguous, expect.events],
    ['dossiers', got.dossiers, expect.dossiers],
    ['dossier events', got.dossierEvents, expect.dossierEvents],
    ['component files', got.components, expect.components],
    ['desk outbox items not done', deskLeft, 0],
  ];
  if (filesDir) {
    checks.push(['files rows', got.files, files.length], ['  bytes', got.fileBytes, bytes], ['files on disk (hash-checked)', onDisk, files.length], ['unfinished uploads left', partials, 0]);
  }
  let ok = true;
  for (const [what, g, e] of checks) {
    const good = g === e;
    ok &&= good;
    console.log(`  ${good ? 'ok  ' : 'FAIL'} ${what}: ${g.toLocaleString('en-US')}${good ? '' : ` (expected ${e.toLocaleString('en-US')})`}`);
  }
  return ok;
}

// ---- Main --------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const scale = option('scale', 1);
  const nDesks = Math.max(1, Math.round(option('desks', 5)));
  const nCrowd = Math.max(1, Math.round(option('crowd', 50)));
  const faultRate = option('fault-rate', 0.02);
  const backoffMs = option('backoff-ms', 20);
  const totalFiles = Math.max(nDesks, Math.round(1000 * scale));
  const totalEvents = Math.max(totalFiles * 3, Math.round(10_000 * scale));
  const crowdEvents = Math.max(nCrowd * 10, Math.round(20_000 * scale));
  // One item for the dossier, one for its file, the rest status events.
  const eventsPerDossier = Math.max(1, Math.round(totalEvents / totalFiles) - 2);

  const url = postgresUrl();
  process.env.MOTCUA_TEST_DATABASE_URL = url;
  const thrown = await throwawayDatabase();
  const db = openDb(thrown.url, 4);
  await migrate(db, MIGRATIONS);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-bench-sync-'));
  const children: ChildProcess[] = [];
  const desks: Desk[] = [];
  const opened: Desk[] = [];
  let ok = true;
  try {
    // Sizes 50 KB – 1 MB, most of them small (mean ≈ 300 KB): seeded.
    const rnd = makeRng(19);
    const t0 = Date.now() - 30 * 86_400_000;
    console.log(`Preparing ${nDesks} desks: ${totalFiles} files, ≈${totalEvents} events …`);
    const deskSizes = Array.from({ length: nDesks }, (_, i) =>
      Array.from({ length: Math.floor(totalFiles / nDesks) + (i < totalFiles % nDesks ? 1 : 0) }, () => Math.round(50 * 1024 + 974 * 1024 * rnd() ** 2.9)),
    );
    const desk = async (...a: Parameters<typeof makeDesk>) => {
      const d = await makeDesk(...a);
      opened.push(d);
      return d;
    };
    for (let i = 0; i < nDesks; i++) desks.push(await desk(`000.00.${String(i + 1).padStart(2, '0')}.H01`, deskSizes[i]!.length, eventsPerDossier, deskSizes[i]!, t0));
    // The same sizes again (other bytes) for the files-alone run: one componentFile item per file.
    const fileDesks: Desk[] = [];
    for (let i = 0; i < nDesks; i++) fileDesks.push(await desk(`000.02.${String(i + 1).padStart(2, '0')}.H01`, deskSizes[i]!.length, 0, deskSizes[i]!, t0, 'import'));
    const files = desks.flatMap((d) => d.files);
    const bytes = files.reduce((s, f) => s + f.size, 0);
    const events = desks.reduce((s, d) => s + d.events, 0);
    console.log(`  ${events.toLocaleString('en-US')} events, ${files.length.toLocaleString('en-US')} files, ${fmt(bytes / MB)} MB (${fmt(files.reduce((m, f) => Math.min(m, f.size), Infinity) / 1024, 0)} KB – ${fmt(files.reduce((m, f) => Math.max(m, f.size), 0) / 1024, 0)} KB)`);

    const receiverDir = path.join(work, 'receiver');
    const receiver = await startChild('receiver', thrown.url, receiverDir);
    const plain = await startChild('plain', '', path.join(work, 'plain'));
    children.push(receiver.proc, plain.proc);

    const stats: FaultStats = { requests: 0, faults: { refuse: 0, lost: 0, '503': 0, cut: 0 }, ms: {} };
    const waits = { ms: 0 };
    const clients = await Promise.all(desks.map((d, i) => enrolledClient(d, db, receiver.base, faultyFetch(faultRate, 1000 + i, stats), backoffMs, waits, 2000 + i)));
    const fileStats: FaultStats = { requests: 0, faults: { refuse: 0, lost: 0, '503': 0, cut: 0 }, ms: {} };
    const fileClients = await Promise.all(fileDesks.map((d, i) => enrolledClient(d, db, receiver.base, faultyFetch(faultRate, 4000 + i, fileStats), backoffMs, { ms: 0 }, 5000 + i)));
    for (const x of [stats, fileStats]) {
      x.requests = 0;
      x.faults = { refuse: 0, lost: 0, '503': 0, cut: 0 };
      x.ms = {};
    }

    // A: plain upload; B: sync; C: files alone through the sync; A: plain upload again (the plain
    // server's folder is emptied before each).
    const plainDir = path.join(work, 'plain');
    const plainA = await plainUpload(desks, plain.base);
    fs.rmSync(plainDir, { recursive: true, force: true });
    fs.mkdirSync(plainDir);
    flushDisks();
    const t = performance.now();
    const passes = await Promise.all(clients.map((c) => syncUntilDone(c)));
    const syncS = (performance.now() - t) / 1000;
    flushDisks();
    const tf = performance.now();
    await Promise.all(fileClients.map((c) => syncUntilDone(c)));
    const filesS = (performance.now() - tf) / 1000;
    fs.rmSync(plainDir, { recursive: true, force: true });
    fs.mkdirSync(plainDir);
    const plainB = await plainUpload(desks, plain.base);
    const plainS = (plainA.wall + plainB.wall) / 2;

    const faults = Object.entries(stats.faults).map(([k, v]) => `${v} ${k}`).join(', ');
    const syncMBs = bytes / MB / syncS;
    const plainMBs = bytes / MB / plainS;
    const ratio = syncMBs / plainMBs;
    console.log(`\nSync, ${nDesks} desks at once, faults on (${fmt(faultRate * 100)}% of requests):`);
    console.log(`  ${fmt(syncS, 2)} s: ${fmt(events / syncS, 0)} events/s, ${fmt(syncMBs)} MB/s`);
    console.log(`  ${stats.requests.toLocaleString('en-US')} requests, faults injected: ${faults}; passes per desk ${passes.map((p) => p.passes).join('/')} (${passes.reduce((s, p) => s + p.failed, 0)} gave up and were retried); backoff waits ${fmt(waits.ms / 1000, 2)} s summed over desks (first backoff ${backoffMs} ms)`);
    console.log(`  time in requests, summed over desks: ${Object.entries(stats.ms).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${fmt(v / 1000, 2)} s`).join(', ')}`);
    console.log(`Baseline, plain upload of the same bytes (same files, one stream per desk, PUT once each to a bare node:http server writing to disk; no auth, HEAD, hash check, PostgreSQL, events or faults):`);
    console.log(`  ${fmt(plainA.wall, 2)} s before, ${fmt(plainB.wall, 2)} s after: ${fmt(plainMBs)} MB/s`);
    console.log(`  sync / plain upload: ${fmt(ratio, 2)}× (goal ≥ 0.70×)${ratio >= 0.7 ? '' : '  BELOW GOAL'}`);
    console.log(`Arrived exactly once:`);
    ok = (await verify(db, desks, receiverDir, eventsPerDossier)) && ok;
    const fileBytes = fileDesks.reduce((s, d) => s + d.files.reduce((a, f) => a + f.size, 0), 0);
    const filesRatio = fileBytes / MB / filesS / plainMBs;
    console.log(`\nFiles alone through the sync (the same sizes, other bytes; each file with its one componentFile item, no other events), same faults:`);
    console.log(`  ${fmt(filesS, 2)} s: ${fmt(fileBytes / MB / filesS)} MB/s, ${fmt(filesRatio, 2)}× the plain upload; ${fileStats.requests.toLocaleString('en-US')} requests, faults injected: ${Object.entries(fileStats.faults).map(([k, v]) => `${v} ${k}`).join(', ')}`);
    console.log(`  time in requests, summed over desks: ${Object.entries(fileStats.ms).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${fmt(v / 1000, 2)} s`).join(', ')}`);
    console.log(`Arrived exactly once:`);
    ok = (await verify(db, fileDesks, receiverDir, 0)) && ok;

    // 3. The crowd: 50 desks push at once.
    const crowdPer = Math.max(1, Math.round(crowdEvents / nCrowd));
    const crowdDossiers = Math.max(1, Math.round(crowdPer / 10));
    const crowd: Desk[] = [];
    for (let i = 0; i < nCrowd; i++) crowd.push(await desk(`000.01.${String(i + 1).padStart(2, '0')}.H99`, crowdDossiers, 9, null, t0));
    const latencies: number[] = [];
    const timed = (async (input: string | URL | Request, init?: RequestInit) => {
      const s = performance.now();
      const res = await fetch(input, init);
      const body = new Uint8Array(await res.arrayBuffer());
      if (init?.method === 'POST' && String(input).endsWith('/v1/push')) latencies.push(performance.now() - s);
      return new Response(body, { status: res.status, headers: res.headers });
    }) as typeof fetch;
    const crowdClients = await Promise.all(crowd.map((d, i) => enrolledClient(d, db, receiver.base, timed, backoffMs, { ms: 0 }, 3000 + i)));
    const crowdTotal = crowd.reduce((s, d) => s + d.events, 0);
    flushDisks();
    const tc = performance.now();
    await Promise.all(crowdClients.map((c) => syncUntilDone(c)));
    const crowdS = (performance.now() - tc) / 1000;
    console.log(`\nReceiver, ${nCrowd} desks pushing at once (${crowdTotal.toLocaleString('en-US')} events, batches of 200, no files, no faults):`);
    console.log(`  ${fmt(crowdS, 2)} s: ${fmt(crowdTotal / crowdS, 0)} events/s; push latency p50 ${fmt(pct(latencies, 50), 0)} ms, p95 ${fmt(pct(latencies, 95), 0)} ms, max ${fmt(Math.max(...latencies), 0)} ms (${latencies.length} pushes)`);
    console.log(`Arrived exactly once:`);
    ok = (await verify(db, crowd, null, 9)) && ok;
    console.log(`\nMachine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, Node ${process.version}, load ${os.loadavg().map((x) => fmt(x, 2)).join(' ')}`);
  } finally {
    await Promise.all(children.map(stopChild));
    for (const d of opened) d.data.close();
    await db.end();
    await thrown.drop();
    fs.rmSync(work, { recursive: true, force: true });
  }
  if (!ok) {
    console.error('bench:sync: dữ liệu không đến đủ đúng một lần / data did not arrive exactly once.');
    process.exit(1);
  }
}

if (process.argv[2] === '--child') {
  void child(process.argv[3]!, process.argv[4]!, process.argv[5]!);
} else {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
