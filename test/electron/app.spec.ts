// The real desktop app: Electron + built dist/, on a fresh data folder. Runs only where an Electron
// binary exists; elsewhere every test here is SKIPPED (reported as skipped, never as passed),
// with the reason printed. Playwright project "electron" (playwright.config.ts).
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

// Playwright loads specs as CommonJS here (no "type": "module"): __dirname, not import.meta.
const repo = path.resolve(__dirname, '../..');
const require = createRequire(path.join(repo, 'package.json'));

/**
 * Finds the Electron binary without triggering the `electron` package's lazy download (its
 * index.js spawns an installer when the binary is missing, which hangs or fails offline).
 * MOTCUA_ELECTRON_PATH can point at any Electron 45 binary.
 */
function findElectron(): { path: string | null; reason: string } {
  const explicit = process.env.MOTCUA_ELECTRON_PATH;
  let candidate: string;
  if (explicit) {
    candidate = explicit;
  } else {
    let pkgDir: string;
    try {
      pkgDir = path.dirname(require.resolve('electron/package.json'));
    } catch {
      return { path: null, reason: 'the "electron" package is not installed' };
    }
    const pathTxt = path.join(pkgDir, 'path.txt');
    const exe = fs.existsSync(pathTxt) ? fs.readFileSync(pathTxt, 'utf8').trim() : '';
    if (process.env.ELECTRON_OVERRIDE_DIST_PATH) candidate = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, exe || 'electron');
    else if (!exe) return { path: null, reason: 'node_modules/electron has no downloaded binary (path.txt missing)' };
    else candidate = path.join(pkgDir, 'dist', exe);
  }
  try {
    fs.accessSync(candidate, fs.constants.X_OK);
  } catch {
    return { path: null, reason: `no executable Electron binary at ${candidate}` };
  }
  if (!explicit) {
    // Now that the file is known to exist, the package's own answer must agree with ours.
    try {
      const fromPackage = require('electron') as unknown;
      if (typeof fromPackage !== 'string' || path.resolve(fromPackage) !== path.resolve(candidate)) {
        return { path: null, reason: `require('electron') returned ${String(fromPackage)}, expected ${candidate}` };
      }
    } catch (err) {
      return { path: null, reason: `require('electron') failed: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
  return { path: candidate, reason: '' };
}

const binary = findElectron();
const SKIP_REASON = `Bỏ qua: không có tệp chạy Electron trên máy này — ${binary.reason}. (Skipped: no Electron binary on this machine — ${binary.reason}.)`;
if (!binary.path) console.log(SKIP_REASON);

test.describe('Ứng dụng Electron', () => {
  test.skip(!binary.path, SKIP_REASON);
  test.describe.configure({ mode: 'serial' });

  let app: ElectronApplication;
  let page: Page;
  let dataDir: string;

  test.beforeAll(async () => {
    for (const f of ['dist/main/electron-main.cjs', 'dist/main/preload.cjs', 'dist/renderer/index.html']) {
      if (!fs.existsSync(path.join(repo, f))) throw new Error(`Thiếu ${f}: hãy chạy "npm run build" trước. (Missing ${f}: run "npm run build" first.)`);
    }
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-electron-'));
    const args = [repo, '--data-dir', dataDir];
    // Chromium refuses to start as root with its sandbox on (CI containers); the page-level
    // isolation checked below (contextIsolation, no Node in the page) does not depend on it.
    if (process.platform === 'linux' && process.getuid?.() === 0) args.push('--no-sandbox');
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (v !== undefined && k !== 'MOTCUA_DATA_DIR' && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
    }
    app = await electron.launch({ executablePath: binary.path!, args, env, timeout: 60_000 });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close().catch(() => {});
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('mở cửa sổ "Một Cửa Số" từ app://motcua', async () => {
    const title = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getTitle() ?? '');
    expect(title).toContain('Một Cửa Số');
    expect(page.url()).toMatch(/^app:\/\/motcua\//);
    const size = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getMinimumSize());
    expect(size).toEqual([1100, 700]);
  });

  test('window.motcua có đúng ba hàm; trang không có Node', async () => {
    const bridge = await page.evaluate(() => {
      const m = (window as unknown as { motcua?: Record<string, unknown> }).motcua;
      return m ? Object.keys(m).sort().map((k) => [k, typeof m[k]]) : null;
    });
    expect(bridge).toEqual([
      ['call', 'function'],
      ['fileUrl', 'function'],
      ['on', 'function'],
    ]);
    const globals = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      return [typeof w.require, typeof w.process, typeof w.module, typeof w.Buffer, typeof w.ipcRenderer];
    });
    expect(globals).toEqual(['undefined', 'undefined', 'undefined', 'undefined', 'undefined']);
  });

  test('gọi app.info qua IPC', async () => {
    const info = (await page.evaluate(() => (window as unknown as { motcua: { call(m: string, i: unknown): Promise<unknown> } }).motcua.call('app.info', {}))) as {
      ok: boolean;
      result?: { host: string; dataDir: string; name: string };
    };
    expect(info.ok).toBe(true);
    expect(info.result?.host).toBe('electron');
    expect(info.result?.name).toBe('Một Cửa Số');
    expect(path.resolve(info.result!.dataDir)).toBe(path.resolve(dataDir));
    const unknown = await page.evaluate(() => (window as unknown as { motcua: { call(m: string, i: unknown): Promise<unknown> } }).motcua.call('no.such.method', {}));
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  test('lõi chạy trong tiến trình riêng (utility process), không trên luồng của cửa sổ', async () => {
    const { mainPid, metrics } = await app.evaluate(({ app }) => ({
      mainPid: process.pid,
      metrics: app.getAppMetrics().map((m) => ({ pid: m.pid, type: m.type, name: m.name ?? '', serviceName: m.serviceName ?? '' })),
    }));
    // main.ts: utilityProcess.fork(dist/main/core-process.cjs, [], { serviceName: 'Một Cửa Số core' }).
    const coreProcess = metrics.find((m) => m.type === 'Utility' && (m.name === 'Một Cửa Số core' || m.serviceName === 'Một Cửa Số core'));
    expect(coreProcess, JSON.stringify(metrics)).toBeTruthy();
    expect(coreProcess!.pid).not.toBe(mainPid);
    // Calls still reach it through the main process's sender checks.
    const info = await page.evaluate(() => (window as unknown as { motcua: { call(m: string, i: unknown): Promise<unknown> } }).motcua.call('app.info', {}));
    expect(info).toMatchObject({ ok: true, result: { host: 'electron' } });
  });

  test('CSP có hiệu lực; không mở cửa sổ mới', async () => {
    const csp = await page.evaluate(() => fetch('app://motcua/').then((r) => r.headers.get('content-security-policy')));
    expect(csp).toContain("script-src 'self'");
    expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });
});
