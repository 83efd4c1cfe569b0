// Issue 19, proof: the desk's sync in a child process (kill-child.ts: the real SyncClient on the
// real SQLite store) is SIGKILLed at chosen and random moments of its uploads and push batches —
// before a PUT, half-way through a PUT body, after a PUT was answered, before a push leaves, after a
// push was answered but before the desk recorded it, just after a push left, after a random delay —
// for a bounded number of rounds, with new dossiers, events and files written at the desk while it
// is dead and the receiver restarted now and then. A last child runs until nothing is pending. Then,
// in PostgreSQL: every (desk, seq) of the outbox is in the inbox exactly once, every dossier once
// under its upstream key, every event once, every file once with its SHA-256 and size and nothing
// left half-uploaded; the desk's outbox has nothing pending or rejected. The kill moments come from
// a seeded PRNG (the seed is printed; MOTCUA_KILL_SEED replays it, MOTCUA_KILL_VERBOSE=1 prints
// every line of every child).
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databasePath, openDatabase } from '../../../main/data/database';
import { Store } from '../../../main/data/store';
import { SyncClient } from '../../../main/sync/client';
import { secretVault } from '../../../main/sync/secret-vault';
import { BlobStore } from '../../../main/storage/blob-store';
import { createEnrollmentToken } from '../../../server/sync/receiver';
import { postgresProblem, startReceiver, throwawayDatabase, TestClock, type Receiver } from '../../server/helpers';
import { UNIT, deskData, receiveDossier, type TestDeskData } from './desk';
import type { ChildPlan, HoldAt } from './kill-child';
import { makeRng } from '../../helpers/rng';

const skip = await postgresProblem();
const repo = path.resolve(__dirname, '../../..');
const CHILD = path.join(repo, 'dist', 'test', `sync-kill-child-${process.pid}.cjs`);

const ROUNDS = 12;
const CHUNK = 256 * 1024;
const BATCH = 8;
const T0 = Date.parse('2031-03-10T02:00:00Z');
const at = (minutesAgo: number) => new Date(T0 - minutesAgo * 60_000).toISOString();

type KillAt = HoldAt | 'push-sent' | 'time';
const KILLS: KillAt[] = ['put-before', 'put-half', 'put-answered', 'push-before', 'push-answered', 'push-sent', 'time'];

describe.skipIf(skip)('desk sync killed with SIGKILL during uploads and pushes', () => {
  let r: Receiver;
  let dbUrl: string;
  let drop: () => Promise<void>;
  let receiverFiles: string;
  const clock = new TestClock(T0);

  beforeAll(async () => {
    // esbuild only: the child runs the sources under test (npm packages stay in node_modules).
    await build({
      absWorkingDir: repo,
      entryPoints: [path.join(repo, 'test/main/sync/kill-child.ts')],
      outfile: CHILD,
      bundle: true,
      platform: 'node',
      target: 'node24',
      format: 'cjs',
      packages: 'external',
      logLevel: 'warning',
    });
    const db = await throwawayDatabase();
    dbUrl = db.url;
    drop = db.drop;
    receiverFiles = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-kill-files-'));
    r = await startReceiver(dbUrl, { clock, filesDir: receiverFiles });
  }, 60_000);
  afterAll(async () => {
    await r?.close();
    await drop?.();
    if (receiverFiles) fs.rmSync(receiverFiles, { recursive: true, force: true });
    fs.rmSync(CHILD, { force: true });
    fs.rmSync(`${CHILD}.map`, { force: true });
  });

  it('delivers every event and file exactly once across SIGKILLs and restarts', async () => {
    const seed = Number(process.env.MOTCUA_KILL_SEED ?? crypto.randomInt(1, 2 ** 31));
    console.log(`kill.test seed ${seed} (MOTCUA_KILL_SEED=${seed} replays the same kill plan)`);
    const rand = makeRng(seed);
    const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

    // ---- the desk's data folder ----
    const first = deskData();
    const dir = first.dir;
    let desk: TestDeskData = first;
    const open = () => {
      const store = new Store(openDatabase(databasePath(dir)));
      desk = { dir, store, filesDir: path.join(dir, 'files'), close: () => store.db.close() };
    };
    /** A PDF of `size` bytes whose content comes from the seeded PRNG. */
    const pdf = (size: number) => {
      const body = Buffer.alloc(size);
      for (let i = 0; i < size; i += 4) body.writeUInt32LE((rand() * 2 ** 32) >>> 0, Math.min(i, size - 4));
      return Buffer.concat([Buffer.from('%PDF-1.7\n'), body, Buffer.from('\n%%EOF\n')]);
    };
    let dossiers = 0;
    let events = 0;
    /** New dossiers (a few with a PDF of 0.6–2 MB, some with a second component file) and new steps on older dossiers. */
    const addWork = async (newDossiers: number, withFiles: number, steps: number) => {
      for (let i = 0; i < newDossiers; i++) {
        const n = ++dossiers;
        const id = `d${n}`;
        await receiveDossier(desk, { id, code: `H01-${String(n).padStart(4, '0')}`, at: at(600 - n), pdf: i < withFiles ? pdf(int(600_000, 2_000_000)) : undefined });
        if (i < withFiles && i % 2 === 1) {
          const ref = await new BlobStore(desk.filesDir).put(pdf(int(300_000, 900_000)), 'pdf');
          desk.store.db
            .prepare("INSERT INTO components (id, dossier_id, sequence, name, file_id, file_ext, digitized_at, page_count) VALUES (?, ?, 2, 'Giấy chứng sinh', ?, 'pdf', ?, 1)")
            .run(`${id}-c2`, id, ref.id, at(600 - n));
        }
      }
      for (let i = 0; i < steps; i++) {
        const d = int(1, dossiers);
        desk.store.db
          .prepare("INSERT INTO dossier_events (id, dossier_id, status, at, officer_id, note) VALUES (?, ?, ?, ?, 'o', ?)")
          .run(`ev${++events}`, `d${d}`, int(3, 4), at(300 - events / 10), `Bước xử lý ${events}`);
      }
    };
    await addWork(48, 12, 20);

    // Enrolled in the parent; the secret stays in the folder for the children.
    const enroller = new SyncClient({ store: desk.store, filesDir: desk.filesDir, baseUrl: () => r.base, vault: secretVault(dir), now: () => new Date(T0) });
    const { deskId } = await enroller.enroll(await createEnrollmentToken(r.db, clock, { unitCode: UNIT }), 'Quầy 1');
    first.store.db.close(); // (first.close() would delete the folder)

    // ---- rounds: start, kill at the planned moment, add work while it is dead ----
    const runChild = (hold: ChildPlan['hold'], kill: ((line: string, child: ChildProcess) => void) | null) =>
      new Promise<{ lines: string[]; code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
        const plan: ChildPlan = { dir, base: r.base, now: new Date(T0).toISOString(), chunkBytes: CHUNK, batchSize: BATCH, hold };
        const child = spawn(process.execPath, [CHILD, JSON.stringify(plan)], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
        const lines: string[] = [];
        let rest = '';
        let err = '';
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (s: string) => {
          rest += s;
          let i: number;
          while ((i = rest.indexOf('\n')) >= 0) {
            const line = rest.slice(0, i);
            rest = rest.slice(i + 1);
            lines.push(line);
            if (child.exitCode === null && child.signalCode === null) kill?.(line, child);
          }
        });
        child.stderr.on('data', (s: Buffer) => (err += s.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
        child.on('error', reject);
        child.on('close', (code, signal) => {
          clearTimeout(timer);
          if (err.trim()) lines.push(`stderr: ${err.trim()}`);
          resolve({ lines, code, signal });
        });
      });

    // Every kind of moment at least once, the other rounds drawn at random; then shuffled.
    const order: KillAt[] = [...KILLS, ...Array.from({ length: ROUNDS - KILLS.length }, () => KILLS[int(0, KILLS.length - 1)]!)];
    for (let i = order.length - 1; i > 0; i--) {
      const j = int(0, i);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const report: string[] = [];
    let holdsKilled = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const how = order[round]!;
      const n = how.startsWith('push') ? int(1, 2) : int(1, 3);
      const delay = how === 'time' ? int(150, 900) : int(0, 4);
      const hold = how === 'push-sent' || how === 'time' ? null : { at: how, n };
      let killedAt = '';
      const res = await runChild(hold, (line, child) => {
        const doKill = () => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          killedAt ||= line;
          child.kill('SIGKILL');
        };
        if (how === 'time' && line.startsWith('ready')) setTimeout(doKill, delay);
        else if (how === 'push-sent' && line === `push ${n}`) setTimeout(doKill, delay);
        else if (line.startsWith('hold ')) doKill();
      });
      const crash = res.lines.find((l) => l.startsWith('crash') || / rejected [1-9]/.test(l)) ?? (res.signal === null && res.code !== 0 ? `exit ${res.code}` : null);
      if (crash) throw new Error(`round ${round} (${how}): ${crash}\n${res.lines.join('\n')}`);
      if (hold && res.signal === 'SIGKILL') holdsKilled++;
      if (process.env.MOTCUA_KILL_VERBOSE) console.log(res.lines.join('\n'));
      report.push(`round ${round}: ${how} n=${n}${how === 'time' || how === 'push-sent' ? ` +${delay} ms` : ''} → ${res.signal ?? `exit ${res.code}`} after "${killedAt || res.lines.at(-1)}" (${res.lines.filter((l) => l.startsWith('put ')).length} PUTs, ${res.lines.filter((l) => l.startsWith('pushed ')).length} pushes)`);
      // While the desk is dead: new dossiers (two with files), new steps; now and then a receiver restart.
      open();
      await addWork(4, 2, 5);
      desk.close();
      if (round % 4 === 3) {
        await r.close();
        r = await startReceiver(dbUrl, { clock, filesDir: receiverFiles });
      }
    }
    console.log(report.join('\n'));
    // Every round that was told to stop dead at a moment had that moment (there was always work).
    expect(holdsKilled).toBe(order.filter((k) => k !== 'push-sent' && k !== 'time').length);

    // ---- a last child, left alone, finishes ----
    const last = await runChild(null, null);
    expect(last.lines.filter((l) => l.startsWith('done ')), last.lines.join('\n')).toEqual(['done pending 0 rejected 0']);
    expect(last.code).toBe(0);

    // ---- checked in PostgreSQL ----
    open();
    const db = desk.store.db;
    const outbox = db.prepare('SELECT seq, id, kind, entity_id AS entityId, state FROM sync_outbox ORDER BY seq').all() as { seq: number; id: string; kind: string; entityId: string; state: string }[];
    expect(outbox.filter((x) => x.state !== 'done')).toEqual([]);
    expect(outbox.length).toBe(outbox.at(-1)!.seq); // gapless from 1
    // The inbox: each (desk, seq) exactly once, with the item's id and kind, all accepted.
    const inbox = (await r.db.query<{ seq: number; item_id: string; kind: string; entity_id: string; outcome: string }>('SELECT seq::int AS seq, item_id, kind, entity_id, outcome FROM inbox WHERE desk_id = $1 ORDER BY seq', [deskId])).rows;
    expect(inbox).toEqual(outbox.map((x) => ({ seq: x.seq, item_id: x.id, kind: x.kind, entity_id: x.entityId, outcome: 'accepted' })));
    expect((await r.db.query('SELECT contiguous_seq::int AS c FROM desks WHERE id = $1', [deskId])).rows[0].c).toBe(outbox.length);

    // Every dossier once, under its upstream key, with its reception fields.
    const deskDossiers = db.prepare('SELECT d.code, d.applicant_name FROM dossiers d ORDER BY d.code').all() as { code: string; applicant_name: string }[];
    expect(deskDossiers).toHaveLength(dossiers);
    const pgDossiers = (await r.db.query<{ unit_code: string; code: string; name: string }>("SELECT unit_code, code, fields->'applicant'->>'name' AS name FROM dossiers")).rows.sort((a, b) => (a.code < b.code ? -1 : 1));
    expect(pgDossiers).toEqual(deskDossiers.map((d) => ({ unit_code: UNIT, code: d.code, name: d.applicant_name })));

    // Every desk event once (the receiver keys them desk id / event id), none extra.
    const deskEvents = db.prepare("SELECT e.id, d.code, e.status FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE e.id NOT LIKE 'upstream-%' ORDER BY e.id").all() as { id: string; code: string; status: number }[];
    expect(deskEvents).toHaveLength(dossiers + events);
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    const pgEvents = (await r.db.query<{ id: string; unit_code: string; code: string; status: number }>('SELECT id, unit_code, code, status FROM dossier_events')).rows.sort(byId);
    expect(pgEvents).toEqual(deskEvents.map((e) => ({ id: `${deskId}/${e.id}`, unit_code: UNIT, code: e.code, status: e.status })).sort(byId));

    // Every component file once, with its SHA-256; every file stored once, whole, nothing partial.
    const deskFiles = db.prepare("SELECT d.code, c.sequence, c.file_id AS sha FROM components c JOIN dossiers d ON d.id = c.dossier_id WHERE c.file_id IS NOT NULL ORDER BY d.code, c.sequence").all() as { code: string; sequence: number; sha: string }[];
    expect(deskFiles.length).toBeGreaterThanOrEqual(12 + 2 * ROUNDS);
    const pgComponents = (await r.db.query<{ code: string; component_code: string; sha: string }>("SELECT code, component_code, data->>'sha256' AS sha FROM component_files")).rows.sort((a, b) => (a.code + a.component_code < b.code + b.component_code ? -1 : 1));
    expect(pgComponents).toEqual(deskFiles.map((f) => ({ code: f.code, component_code: String(f.sequence), sha: f.sha })));
    const pgFiles = (await r.db.query<{ sha256: string; size: number; content_type: string }>('SELECT sha256, size::int AS size, content_type FROM files')).rows.sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1));
    const shas = [...new Set(deskFiles.map((f) => f.sha))].sort();
    expect(pgFiles.map((f) => f.sha256)).toEqual(shas);
    for (const f of pgFiles) {
      const local = fs.readFileSync(path.join(desk.filesDir, f.sha256.slice(0, 2), f.sha256.slice(2, 4), `${f.sha256}.pdf`));
      const stored = fs.readFileSync(path.join(receiverFiles, f.sha256.slice(0, 2), f.sha256));
      expect({ sha: crypto.createHash('sha256').update(stored).digest('hex'), size: stored.length, type: f.content_type }).toEqual({ sha: f.sha256, size: local.length, type: 'application/pdf' });
      expect(f.size).toBe(local.length);
    }
    expect(fs.readdirSync(path.join(receiverFiles, 'partial'))).toEqual([]);
    desk.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 240_000);
});
