import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildWiaInvocation, parseWiaLine, wiaError, WiaSource, WIA_SCRIPT } from '../../../main/capture/sources/wia';
import type { CapturedFile } from '../../../main/capture/sources/types';

/**
 * Stands in for powershell.exe: reads the same job from MOTCUA_WIA_JOB and answers with the same
 * JSON lines, so everything on the Node side runs for real on Linux.
 */
const FAKE_WIA = String.raw`
const fs = require('node:fs'); const path = require('node:path');
const job = JSON.parse(Buffer.from(process.env.MOTCUA_WIA_JOB, 'base64').toString('utf8'));
const out = (o) => process.stdout.write(JSON.stringify(o) + '\r\n');
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAWk1v8QAAAABJRU5ErkJggg==', 'base64');
if (job.action === 'list') { out({ type: 'device', id: '{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\\0001', name: 'Canon DR-C225 – Bộ phận Một cửa' }); process.exit(0); }
if (job.device === 'jam') { fs.writeFileSync(path.join(job.outDir, 'page0001.png'), png); out({ type: 'page', path: path.join(job.outDir, 'page0001.png') }); out({ type: 'error', code: '0x80210002', message: 'Paper is jammed in the document feeder.' }); process.exit(2); }
const n = job.adf ? 3 : 1;
for (let i = 1; i <= n; i++) { const f = path.join(job.outDir, 'page000' + i + '.png'); fs.writeFileSync(f, png); out({ type: 'page', path: f }); }
out({ type: 'page', path: '/etc/passwd' });
process.exit(0);
`;

const fakeSpawn = ((_cmd: string, _args: readonly string[], opts: Parameters<typeof spawn>[2]) =>
  spawn(process.execPath, ['-e', FAKE_WIA], opts)) as unknown as typeof spawn;

async function collect(gen: AsyncGenerator<CapturedFile>) {
  const files: CapturedFile[] = [];
  try {
    for await (const f of gen) files.push(f);
    return { files, error: null as unknown };
  } catch (error) {
    return { files, error };
  }
}

describe('WIA command construction and parsing', () => {
  it('runs powershell without profile or prompts, script encoded, job out of band', () => {
    const inv = buildWiaInvocation({ action: 'scan', device: "x'; Remove-Item C:\\ -Recurse; '", dpi: 300, color: true, adf: true, outDir: 'C:\\Temp\\motcua-wia-1' });
    expect(inv.command).toBe('powershell.exe');
    expect(inv.args.slice(0, 6)).toEqual(['-NoProfile', '-NonInteractive', '-Sta', '-ExecutionPolicy', 'Bypass', '-EncodedCommand']);
    expect(Buffer.from(inv.args[6]!, 'base64').toString('utf16le')).toBe(WIA_SCRIPT);
    // Request values never appear in the command line, only base64 JSON in the environment.
    expect(inv.args.join(' ')).not.toContain('Remove-Item');
    expect(JSON.parse(Buffer.from(inv.env.MOTCUA_WIA_JOB!, 'base64').toString('utf8'))).toMatchObject({ device: "x'; Remove-Item C:\\ -Recurse; '", adf: true, dpi: 300 });
    expect(WIA_SCRIPT).toMatch(/WIA\.DeviceManager/);
    expect(WIA_SCRIPT).toMatch(/-2145320957/); // paper empty ends a feeder run
  });

  it('parses the script output and maps WIA errors to Vietnamese', () => {
    expect(parseWiaLine('\uFEFF{"type":"page","path":"C:\\\\t\\\\page0001.png"}')).toEqual({ type: 'page', path: 'C:\\t\\page0001.png' });
    expect(parseWiaLine('{"name":"Máy quét","type":"device","id":"{X}\\\\0000"}')).toEqual({ type: 'device', id: '{X}\\0000', name: 'Máy quét' });
    expect(parseWiaLine('WARNING: something')).toBeNull();
    expect(parseWiaLine('{broken')).toBeNull();
    expect(wiaError('0x80210002', 'Paper jam')).toMatchObject({ code: 'SCANNER_ERROR', message: expect.stringMatching(/^Kẹt giấy.*Paper jam/) });
    expect(wiaError('0x80210006', '')).toMatchObject({ code: 'SCANNER_UNAVAILABLE' });
    expect(wiaError('0x80004005', 'Unspecified')).toMatchObject({ code: 'SCANNER_ERROR' });
  });
});

describe('WiaSource (fake powershell)', () => {
  it('lists devices, scans flatbed and feeder, ignores files outside its temp folder', async () => {
    const wia = new WiaSource({ spawnImpl: fakeSpawn });
    expect(await wia.listDevices()).toEqual([{ id: '{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\\0001', name: 'Canon DR-C225 – Bộ phận Một cửa', kind: 'wia' }]);
    const flat = await collect(wia.capture({ device: 'd' }));
    expect(flat.error).toBeNull();
    expect(flat.files).toHaveLength(1);
    const adf = await collect(wia.capture({ device: 'd', adf: true }));
    expect(adf.files.map((f) => f.name)).toEqual(['scan-0001.png', 'scan-0002.png', 'scan-0003.png']);
  });

  it('a jam after one sheet keeps that sheet and reports the jam', async () => {
    const r = await collect(new WiaSource({ spawnImpl: fakeSpawn }).capture({ device: 'jam', adf: true }));
    expect(r.files).toHaveLength(1);
    expect(r.error).toMatchObject({ code: 'SCANNER_ERROR', details: { wia: '0x80210002' } });
  });

  it('no PowerShell → SCANNER_UNAVAILABLE', async () => {
    await expect(new WiaSource({ powershell: '/nonexistent/powershell.exe' }).listDevices()).rejects.toMatchObject({ code: 'SCANNER_UNAVAILABLE' });
  });

  it('real WIA on Windows', async (ctx) => {
    if (process.platform !== 'win32') {
      console.warn('[skip] WIA thật chỉ chạy trên Windows (cần powershell.exe và WIA COM).');
      ctx.skip();
      return;
    }
    const devices = await new WiaSource().listDevices();
    expect(Array.isArray(devices)).toBe(true);
  });
});
