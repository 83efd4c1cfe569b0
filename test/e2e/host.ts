// Starts the real browser host (`node dist/main/serve.cjs --data-dir <tmp> --port 0`) and reads the
// one line it prints: MOTCUA_URL=http://127.0.0.1:<port>/?token=<token>.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { softHsmLibrary } from '../helpers/softhsm';

export interface RunningHost {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  pid: number;
  stop(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '..', '..');
export const SERVE_SCRIPT = path.join(ROOT, 'dist', 'main', 'serve.cjs');

export function parseHostUrl(url: string): { origin: string; token: string } {
  const u = new URL(url);
  return { origin: u.origin, token: u.searchParams.get('token') ?? '' };
}

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export async function startHost(opts: { label?: string; timeoutMs?: number; policy?: Record<string, unknown>; env?: Record<string, string> } = {}): Promise<RunningHost> {
  if (!fs.existsSync(SERVE_SCRIPT)) {
    throw new Error(`${path.relative(ROOT, SERVE_SCRIPT)} chưa có: chạy "npm run build" trước khi chạy Playwright.`);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `motcua-e2e-${opts.label ?? 'host'}-`));
  // The machine policy IT would install: the test token's library, scan folders under the temp folder.
  const policyFile = `${dataDir}-policy.json`;
  const library = softHsmLibrary();
  fs.writeFileSync(policyFile, JSON.stringify({ tokenLibraries: library ? [library] : [], watchRoots: [os.tmpdir()], ...opts.policy }));
  const child = spawn(process.execPath, [SERVE_SCRIPT, '--data-dir', dataDir, '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MOTCUA_OCR_WORKERS: process.env.MOTCUA_OCR_WORKERS ?? '1', MOTCUA_POLICY_FILE: policyFile, ...opts.env },
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => {
    stderr = (stderr + d).slice(-8000);
    if (process.env.MOTCUA_E2E_VERBOSE) process.stderr.write(`[host] ${d}`);
  });

  const url = await new Promise<string>((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`Máy chủ không in MOTCUA_URL sau ${opts.timeoutMs ?? 60000} ms.\n${stderr}`)), opts.timeoutMs ?? 60_000);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (d: string) => {
      buf += d;
      const m = /^MOTCUA_URL=(\S+)\s*$/m.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Máy chủ dừng (mã ${code}) trước khi sẵn sàng.\n${stderr}`));
    });
  });
  // Keep draining stdout so the child never blocks on a full pipe.
  child.stdout!.resume();

  const { origin, token } = parseHostUrl(url);
  return {
    url,
    origin,
    token,
    dataDir,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      if (!(await waitExit(child, 8000))) {
        child.kill('SIGKILL');
        await waitExit(child, 3000);
      }
      fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
