import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getEnvironmentData } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { sharedCoreWorker, unpacked } from '../../../main/ocr/shared-core';

describe('shared tesseract core', () => {
  it('compiles the engine once and hands the same module to every worker', async () => {
    const [a, b] = await Promise.all([sharedCoreWorker(), sharedCoreWorker()]);
    expect(a).toBe(b);
    expect(a.protocol).toBe('data:');
    const core = getEnvironmentData('motcua:tesseract-core') as { glue: string; module: WebAssembly.Module };
    expect(core.module).toBeInstanceOf(WebAssembly.Module);
    expect(fs.existsSync(core.glue)).toBe(true);
    expect(decodeURIComponent(a.pathname)).toContain('instantiateWasm');
  });

  it('reaches packages unpacked beside app.asar by their real path', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'asar-'));
    const inArchive = path.join(root, 'app.asar', 'node_modules', 'x', 'index.js');
    expect(unpacked(inArchive)).toBe(inArchive);
    fs.mkdirSync(path.join(root, 'app.asar.unpacked', 'node_modules', 'x'), { recursive: true });
    fs.writeFileSync(path.join(root, 'app.asar.unpacked', 'node_modules', 'x', 'index.js'), '');
    expect(unpacked(inArchive)).toBe(path.join(root, 'app.asar.unpacked', 'node_modules', 'x', 'index.js'));
  });
});
