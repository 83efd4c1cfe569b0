// The core in its own process (issue 14, item 8): main/core/core-process.ts built to
// dist/main/core-process.cjs, started here with child_process.fork (the Electron host uses
// utilityProcess.fork on the same file), driven through RemoteCore. The point: while the core
// process runs a real batch (image clean-up + tesseract OCR), the host's own thread — the one
// that serves the window in Electron — stays responsive, and the core still answers calls.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../../../shared/contract/errors';
import type { CoreChannel, CorePort, FromCore, ToCore } from '../../../main/core/core-channel';
import { serveCore } from '../../../main/core/core-server';
import { createCore } from '../../../main/core/create-core';
import { forkCore, RemoteCore } from '../../../main/core/remote-core';
import type { Core } from '../../../main/core/types';
import { asCaller, readyCore, SAMPLE_PROCEDURE, SAMPLE_UNIT, sampleDossier, TEST_POLICY, testCore, type TestCore, waitJob } from '../../helpers/core';
import { fakeOcr } from '../../helpers/fake-ocr';
import { scannedPage } from '../../helpers/pages';
import { tempDir } from '../../helpers/temp';

const repo = path.resolve(__dirname, '../../..');
const CORE_PROCESS = path.join(repo, 'dist/main/core-process.cjs');
const b64 = (b: Buffer) => b.toString('base64');

const started: { core: RemoteCore; child: ChildProcess }[] = [];
afterEach(async () => {
  for (const { core, child } of started.splice(0)) {
    await Promise.race([core.close(), new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});

async function startChild(dataDir = tempDir(), ocrPoolSize = 1) {
  const s = await forkCore(CORE_PROCESS, { dataDir, host: 'test', ocrPoolSize, policy: TEST_POLICY, idleLockMinutes: 0 });
  started.push(s);
  return s;
}

/** A signed-in unit with one dossier: the component pages are imported into. */
async function prepare(core: TestCore) {
  if ((await core.call('app.info')).needsSetup) await core.call('setup.initialize', SAMPLE_UNIT);
  const procedure = await core.call('procedures.upsert', SAMPLE_PROCEDURE);
  const dossier = await sampleDossier(core, procedure);
  return dossier.components[0]!.id;
}

const LINES = ['Tờ khai đăng ký khai sinh', 'Họ và tên người yêu cầu: Trần Văn Đức', 'Nơi cư trú: 12 Lê Lợi, phường Bến Thành', 'Số định danh cá nhân: 079203001234'];
let pages: { name: string; dataBase64: string }[] = [];

interface Responsiveness {
  /** The host thread's worst event-loop delay while the batch ran (ms, wall clock). */
  hostMaxDelayMs: number;
  /**
   * The longest the host thread itself was busy (CPU time between two 20 ms timer ticks, ms).
   * Unlike wall-clock delay, this does not grow when a loaded machine (2 cores shared by several
   * test runs) simply schedules the thread late: it is the stall the host's own work causes.
   */
  hostMaxBusyMs: number;
  /** Event-loop utilization of the host thread over the batch (0 = always idle, 1 = always busy). */
  hostUtilization: number;
  /** The slowest app.info round trip while the batch ran (ms). */
  infoMaxMs: number;
  infoCalls: number;
  batchMs: number;
}

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

/** Imports the pages as one batch and measures the host thread and app.info latency until it ends. */
async function measureBatch(core: TestCore, componentId: string): Promise<Responsiveness> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const elu = performance.eventLoopUtilization();
  let hostMaxBusyMs = 0;
  let lastCpu = process.threadCpuUsage();
  const ticker = setInterval(() => {
    const now = process.threadCpuUsage();
    hostMaxBusyMs = Math.max(hostMaxBusyMs, cpuMs(now) - cpuMs(lastCpu));
    lastCpu = now;
  }, 20);
  const t0 = performance.now();
  const { jobId } = await core.call('digitize.importFiles', { componentId, files: pages });
  let done = false;
  let infoMaxMs = 0;
  let infoCalls = 0;
  const pinger = (async () => {
    while (!done) {
      const t = performance.now();
      const info = await core.dispatch('app.info', {});
      infoMaxMs = Math.max(infoMaxMs, performance.now() - t);
      infoCalls++;
      expect(info.ok).toBe(true);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const job = await waitJob(core, jobId);
  const batchMs = performance.now() - t0;
  done = true;
  await pinger;
  clearInterval(ticker);
  histogram.disable();
  expect(job).toMatchObject({ state: 'done', errors: [] });
  return { hostMaxDelayMs: histogram.max / 1e6, hostMaxBusyMs, hostUtilization: performance.eventLoopUtilization(elu).utilization, infoMaxMs, infoCalls, batchMs };
}

const fmt = (r: Responsiveness) =>
  `batch ${(r.batchMs / 1000).toFixed(1)} s; host thread: max event-loop delay ${r.hostMaxDelayMs.toFixed(0)} ms, longest busy stretch ${r.hostMaxBusyMs.toFixed(0)} ms, ` +
  `utilization ${(r.hostUtilization * 100).toFixed(0)} %; app.info max ${r.infoMaxMs.toFixed(0)} ms over ${r.infoCalls} calls ` +
  `(load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores)`;

describe('RemoteCore over an in-memory channel', () => {
  /** A host port and a core channel joined in this process, structured-cloned like the real ones. */
  function pair() {
    const toCore = new EventEmitter();
    const toHost = new EventEmitter();
    const exit = new EventEmitter();
    const port: CorePort = {
      postMessage: (m) => setImmediate(() => toCore.emit('m', structuredClone(m))),
      onMessage: (l) => toHost.on('m', l),
      onExit: (l) => exit.once('exit', l),
    };
    const channel: CoreChannel = {
      postMessage: (m, sent) => setImmediate(() => (toHost.emit('m', structuredClone(m)), sent?.())),
      onMessage: (l) => toCore.on('m', (m: ToCore) => l(m)),
      onDisconnect: () => {},
    };
    return { port, channel, exit: (code: number) => exit.emit('exit', code) };
  }

  it('relays calls, events and files, and closes after the calls in flight', async () => {
    const { port, channel, exit } = pair();
    let inner: Core | null = null;
    serveCore(channel, {
      create: async (o) => (inner = await createCore({ ...o, ocrFactory: async () => fakeOcr() })),
      exit,
      log: () => {},
    });
    const remote = await RemoteCore.start(port, { dataDir: tempDir(), host: 'test', policy: TEST_POLICY, idleLockMinutes: 0 });
    const core = asCaller(remote, 'window:1');
    const events: string[] = [];
    remote.onEvent((e) => events.push(e));
    const componentId = await prepare(core);
    const job = await waitJob(core, (await core.call('digitize.importFiles', { componentId, files: [{ name: 'p1.png', dataBase64: b64(await scannedPage(LINES)) }] })).jobId);
    expect(job.state).toBe('done');
    expect(events).toEqual(expect.arrayContaining(['job.progress', 'pages.changed']));
    const [page] = await core.call('digitize.pages', { componentId });
    const viaRemote = await core.resolveFile('page', page!.imageId);
    expect(viaRemote).not.toBeNull();
    expect(viaRemote).toEqual(await inner!.resolveFile('page', page!.imageId, { sessionId: 'window:1' }));
    expect(await core.resolveFile('page', page!.imageId, { sessionId: 'window:2' })).toBeNull();
    // A call sent just before close is still answered; calls after close are INTERNAL at once.
    const last = core.dispatch('dossiers.list', {});
    const closing = remote.close();
    expect(await core.dispatch('app.info', {})).toEqual({ ok: false, error: { code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL } });
    expect(await last).toMatchObject({ ok: true });
    await closing;
    expect(remote.running).toBe(false);
  });

  it('a core that cannot start rejects start() and is told to close', async () => {
    const { port, channel, exit } = pair();
    const seen: string[] = [];
    serveCore(channel, { create: async () => Promise.reject(new Error('Không mở được cơ sở dữ liệu.')), exit, log: () => {} });
    port.onMessage((m: FromCore) => seen.push(m.type));
    await expect(RemoteCore.start(port, { dataDir: tempDir(), host: 'test' })).rejects.toThrow('Không mở được cơ sở dữ liệu.');
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual(['failed', 'closed']);
  });
});

describe('the core in a child process (dist/main/core-process.cjs)', () => {
  beforeAll(async () => {
    // esbuild only (no renderer), a few seconds: the child runs the sources under test.
    const r = spawnSync(process.execPath, [path.join(repo, 'scripts/build.mjs'), 'main'], { cwd: repo, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}\n${r.stderr}`);
    expect(fs.existsSync(CORE_PROCESS)).toBe(true);
    pages = await Promise.all([1, 2, 3].map(async (n) => ({ name: `trang-${n}.png`, dataBase64: b64(await scannedPage([...LINES, `Trang ${n}`])) })));
  }, 180_000);

  it('runs in another process, forwards events and serves the same files', async () => {
    const dataDir = tempDir();
    const { core: remote, child } = await startChild(dataDir);
    expect(remote.pid).toBe(child.pid);
    expect(remote.pid).not.toBe(process.pid);
    expect(remote.dataDir).toBe(dataDir);
    const core = asCaller(remote, 'window:7');
    expect(await core.call('app.info')).toMatchObject({ host: 'test', dataDir, needsSetup: true });
    const events: string[] = [];
    remote.onEvent((e) => events.push(e));
    const componentId = await prepare(core);
    const job = await waitJob(core, (await core.call('digitize.importFiles', { componentId, files: pages.slice(0, 1) })).jobId);
    expect(job.state).toBe('done');
    expect(events).toEqual(expect.arrayContaining(['job.progress', 'pages.changed']));
    const [page] = await core.call('digitize.pages', { componentId });
    expect(page).toMatchObject({ ocrStatus: 'done' });
    const file = await core.resolveFile('page', page!.imageId);
    expect(file).not.toBeNull();
    expect(fs.existsSync(file!.path)).toBe(true);
    expect(await core.resolveFile('page', page!.imageId, { sessionId: 'window:8' })).toBeNull();
    await remote.close();
    expect(child.exitCode).toBe(0);

    // The same data folder opened in-process maps the reference to the same file.
    const local = await testCore({ dataDir, idleLockMinutes: 0 });
    try {
      await local.call('auth.signIn', { username: SAMPLE_UNIT.username, pin: SAMPLE_UNIT.pin });
      expect(await local.resolveFile('page', page!.imageId)).toEqual(file);
    } finally {
      await local.close();
    }
  });

  it('a killed core process answers every pending call with INTERNAL, and later calls too', async () => {
    const { core: remote, child } = await startChild();
    const exits: [number | null, boolean][] = [];
    remote.onExit((code, expected) => exits.push([code, expected]));
    const pending = [remote.dispatch('app.info', {}, { sessionId: 'w' }), remote.dispatch('dossiers.list', {}, { sessionId: 'w' })];
    const file = remote.resolveFile('page', 'x'.repeat(64), { sessionId: 'w' });
    child.kill('SIGKILL');
    const internal = { ok: false, error: { code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL } };
    expect(await Promise.all(pending)).toEqual([internal, internal]);
    expect(await file).toBeNull();
    expect(exits).toEqual([[null, false]]);
    expect(remote.running).toBe(false);
    expect(await remote.dispatch('app.info', {}, { sessionId: 'w' })).toEqual(internal);
    await remote.close(); // resolves: the process is already gone
  });

  it('a core that cannot open its data folder fails to start with the reason', async () => {
    const notADir = path.join(tempDir(), 'tep');
    fs.writeFileSync(notADir, 'x');
    await expect(forkCore(CORE_PROCESS, { dataDir: notADir, host: 'test', policy: TEST_POLICY })).rejects.toThrow(/EEXIST|ENOTDIR|tep/);
  });

  it('the host thread stays responsive while the core process runs a batch (the in-process core stalls it)', async () => {
    const { core: remote } = await startChild();
    const core = asCaller(remote, 'window:1');
    const remoteRun = await measureBatch(core, await prepare(core));
    console.log(`[core process] ${fmt(remoteRun)}`);

    const { core: local } = await readyCore({ idleLockMinutes: 0 });
    try {
      const localRun = await measureBatch(local, await prepare(local));
      console.log(`[in-process core, for comparison] ${fmt(localRun)}`);
    } finally {
      await local.close();
    }

    // The window's thread in Electron: the batch never makes it busy; it waits, idle, for answers.
    // (Wall-clock delay is logged above, not asserted: on a loaded 2-core machine it measures the
    // scheduler — e.g. 250 ms with the load average at 25 — more than this process.)
    expect(remoteRun.hostMaxBusyMs).toBeLessThan(50);
    expect(remoteRun.hostUtilization).toBeLessThan(0.25);
    // The core keeps answering while it works: many app.info calls during the batch, none left
    // waiting until it ended. (The core's own thread still has clean-up steps of several hundred
    // ms, so the bound is loose; the host's thread above is the one that serves the window.)
    expect(remoteRun.infoCalls).toBeGreaterThan(10);
    expect(remoteRun.infoMaxMs).toBeLessThan(Math.min(5_000, remoteRun.batchMs / 2));
  }, 300_000);
});
