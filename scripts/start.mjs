// `npm start`: runs the desktop app in Electron. Where the Electron binary is missing (it cannot
// be downloaded on some build machines), it says so and runs the browser host instead, which
// serves the same UI and API on 127.0.0.1.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_HEAP_FLAGS, mallocEnv } from './process-env.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

// Read the package's path.txt rather than require('electron'): requiring it starts a download
// attempt when the binary is missing, which hangs or fails on offline machines.
function electronBinary() {
  try {
    const dir = path.dirname(require.resolve('electron/package.json'));
    const exe = fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    const bin = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(dir, 'dist'), exe);
    return exe && fs.existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const electron = electronBinary();
const child = electron
  ? spawn(electron, [`--js-flags=${NODE_HEAP_FLAGS.join(' ')}`, root, ...args], { stdio: 'inherit', env: mallocEnv() })
  : (console.error(
      'Không có tệp chạy Electron trên máy này: chạy giao diện qua trình duyệt (browser host).\n' +
        '(Electron binary not installed here; starting the browser host instead. Open the MOTCUA_URL below in Chromium.)',
    ),
    spawn(process.execPath, [...NODE_HEAP_FLAGS, path.join(root, 'dist/main/serve.cjs'), ...args], { stdio: 'inherit', env: mallocEnv() }));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
