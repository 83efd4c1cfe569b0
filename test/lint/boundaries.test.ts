// The layer boundaries are real: each rule of .dependency-cruiser.cjs fires on a small fixture
// tree (in a temporary folder, laid out like the project), the ESLint rule keeping SQL in
// main/data fires outside it, and the project's own tree breaks none of them.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
const config = createRequire(import.meta.url)(path.join(root, '.dependency-cruiser.cjs')) as IConfiguration;

async function depcruise(baseDir: string, dirs: string[]): Promise<ICruiseResult> {
  const { enhancedResolveOptions, ...options } = config.options ?? {};
  const result = await cruise(dirs, { ...options, baseDir, validate: true, ruleSet: { forbidden: config.forbidden } }, enhancedResolveOptions ?? {});
  return result.output as ICruiseResult;
}

// Fixture files: what each imports, and which rules must then report it (none for allowed imports).
const fixtures: Record<string, { code: string; rules: string[] }> = {
  'main/services/x.ts': { code: 'export const x = 1;', rules: [] },
  'main/core/create-core.ts': { code: "import { x } from '../services/x';\nexport const core = x;", rules: [] },
  'main/hosts/cli/z.ts': { code: "import { x } from '../../services/x';\nexport const z = x;", rules: [] },
  'main/hosts/electron/ok.ts': { code: "import { app } from 'electron';\nexport const a = app;", rules: [] },
  'main/data/repos/ok.ts': { code: "import Database from 'better-sqlite3';\nexport const D = Database;", rules: [] },
  'renderer/app/y.ts': { code: "import { ok } from '../../shared/domain/ok';\nexport const y = ok;", rules: [] },
  'shared/domain/ok.ts': { code: "import { z } from 'zod';\nexport const ok = z.string();", rules: [] },

  'shared/contract/to-main.ts': { code: "import { x } from '../../main/services/x';\nexport const a = x;", rules: ['shared-not-to-main-or-renderer'] },
  'shared/contract/type-from-main.ts': { code: "import type { x } from '../../main/services/x';\nexport type A = typeof x;", rules: ['shared-not-to-main-or-renderer'] },
  'shared/domain/to-renderer.ts': { code: "import { y } from '../../renderer/app/y';\nexport const a = y;", rules: ['shared-not-to-main-or-renderer'] },
  'shared/domain/node.ts': { code: "import fs from 'node:fs';\nexport const a = fs;", rules: ['shared-no-node-builtins'] },
  'shared/domain/electron.ts': { code: "import { app } from 'electron';\nexport const a = app;", rules: ['shared-no-platform-packages', 'electron-only-in-electron-host'] },
  'shared/domain/sqlite.ts': { code: "import Database from 'better-sqlite3';\nexport const a = Database;", rules: ['shared-no-platform-packages', 'sqlite-only-in-data'] },
  'renderer/app/to-main.ts': { code: "import { core } from '../../main/core/create-core';\nexport const a = core;", rules: ['renderer-not-to-main'] },
  'renderer/app/node.ts': { code: "import path from 'node:path';\nexport const a = path;", rules: ['renderer-no-node-builtins'] },
  'renderer/app/electron.ts': { code: "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;", rules: ['renderer-no-electron', 'electron-only-in-electron-host'] },
  'main/services/sqlite.ts': { code: "import Database from 'better-sqlite3';\nexport const a = Database;", rules: ['sqlite-only-in-data'] },
  'main/core/sqlite.ts': { code: "import type Database from 'better-sqlite3';\nexport type A = Database.Database;", rules: ['sqlite-only-in-data'] },
  'main/services/electron.ts': { code: "import { app } from 'electron';\nexport const a = app;", rules: ['electron-only-in-electron-host'] },
  'main/services/to-host.ts': { code: "import { z } from '../hosts/cli/z';\nexport const a = z;", rules: ['nothing-below-hosts-imports-hosts'] },
  'main/core/to-host.ts': { code: "import { a } from '../hosts/electron/ok';\nexport const b = a;", rules: ['nothing-below-hosts-imports-hosts'] },
  'main/data/to-services.ts': { code: "import { x } from '../services/x';\nexport const a = x;", rules: ['data-not-to-services'] },
  // A cycle is reported once, from one of its modules: checked on its own below.
  'main/fs/cycle-a.ts': { code: "import { b } from './cycle-b';\nexport const a = () => b;", rules: [] },
  'main/fs/cycle-b.ts': { code: "import { a } from './cycle-a';\nexport const b = () => a;", rules: [] },
};

describe('layer boundaries (dependency-cruiser)', () => {
  let dir: string;
  let fixtureResult: ICruiseResult;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-boundaries-'));
    for (const [file, { code }] of Object.entries(fixtures)) {
      fs.mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), code + '\n');
    }
    // Packages (electron, better-sqlite3, zod) resolve from the project's node_modules.
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    fixtureResult = await depcruise(dir, ['main', 'shared', 'renderer']);
  });

  afterAll(() => {
    // The link first, so that removing the folder can never reach the real node_modules.
    fs.unlinkSync(path.join(dir, 'node_modules'));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const cases = Object.entries(fixtures).map(([file, { rules }]) => [file, rules.join(', ') || 'allowed', rules] as const);
  it.each(cases)('%s → %s', (file, _label, rules) => {
    const reported = [...new Set(fixtureResult.summary.violations.filter((v) => v.from === file && v.rule.name !== 'no-circular').map((v) => v.rule.name))].sort();
    expect(reported).toEqual([...rules].sort());
  });

  it('reports an import cycle, as a warning', () => {
    const cycles = fixtureResult.summary.violations.filter((v) => v.rule.name === 'no-circular');
    expect(cycles).toHaveLength(1);
    expect(cycles[0]!.rule.severity).toBe('warn');
    expect(cycles[0]!.cycle?.map((m) => m.name).sort()).toEqual(['main/fs/cycle-a.ts', 'main/fs/cycle-b.ts']);
  });

  it('reports crossings as errors', () => {
    const severity = (name: string) => fixtureResult.summary.violations.find((v) => v.rule.name === name)?.rule.severity;
    expect(severity('renderer-not-to-main')).toBe('error');
    expect(fixtureResult.summary.error).toBeGreaterThan(0);
  });

  it('the project itself breaks no boundary', async () => {
    const result = await depcruise(root, ['main', 'shared', 'renderer']);
    const errors = result.summary.violations.filter((v) => v.rule.severity === 'error');
    expect(errors.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
    expect(result.summary.totalCruised).toBeGreaterThan(100);
  });
});

describe('SQL only in main/data (ESLint)', () => {
  const eslint = new ESLint({ cwd: root });
  const sqlRule = async (file: string, code: string) => {
    const [r] = await eslint.lintText(code, { filePath: path.join(root, file) });
    return r!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').length;
  };

  it('flags SQL strings and templates under main/ outside main/data', async () => {
    expect(await sqlRule('main/services/fixture.ts', "export const q = 'SELECT id FROM dossiers WHERE id = ?';\n")).toBe(1);
    expect(await sqlRule('main/core/fixture.ts', 'export const q = (t: string) => `DELETE FROM ${t} WHERE id = ?`;\n')).toBe(1);
    expect(await sqlRule('main/hosts/cli/fixture.ts', "export const q = 'UPDATE settings SET value = ?';\n")).toBe(1);
    expect(await sqlRule('main/services/fixture.ts', "export const q = 'CREATE TABLE t (id INTEGER)';\nexport const r = 'INSERT INTO t VALUES (1)';\n")).toBe(2);
  });

  it('allows SQL in main/data and ordinary text elsewhere', async () => {
    expect(await sqlRule('main/data/repos/fixture.ts', "export const q = 'SELECT id FROM dossiers';\n")).toBe(0);
    expect(await sqlRule('main/data/migrations/fixture.ts', 'export const q = `CREATE TABLE t (id INTEGER)`;\n')).toBe(0);
    expect(await sqlRule('main/services/fixture.ts', "export const s = 'Select a procedure, then update the form';\n")).toBe(0);
  });

  it('main/ has no SQL outside main/data', async () => {
    const results = await eslint.lintFiles(['main']);
    const sql = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => `${path.relative(root, r.filePath)}:${m.line}`));
    expect(sql).toEqual([]);
  });
});
