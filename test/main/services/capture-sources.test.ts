// Capture sources wired through the core: SANE's test backend really scanned via `digitize.scan`,
// and the scan-to-folder share imported into the component the officer selected.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyCore, SAMPLE_APPLICANT } from '../../helpers/core';
import { fakeOcr } from '../../helpers/fake-ocr';
import { scannedPage } from '../../helpers/pages';
import { tempDir } from '../../helpers/temp';
import type { Job } from '../../../shared/contract/api';
import type { TestCore } from '../../helpers/core';

let saneConf: string;
const savedEnv = process.env.SANE_CONFIG_DIR;
beforeAll(() => {
  saneConf = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-sane-'));
  fs.writeFileSync(path.join(saneConf, 'dll.conf'), 'test\n');
  fs.copyFileSync('/etc/sane.d/test.conf', path.join(saneConf, 'test.conf'));
  process.env.SANE_CONFIG_DIR = saneConf;
});
afterAll(() => {
  if (savedEnv === undefined) delete process.env.SANE_CONFIG_DIR;
  else process.env.SANE_CONFIG_DIR = savedEnv;
  fs.rmSync(saneConf, { recursive: true, force: true });
});

async function ready() {
  const { core, procedure } = await readyCore({ ocrFactory: async () => fakeOcr() });
  const dossier = await core.call('dossiers.create', {
    procedureId: procedure.id,
    applicant: SAMPLE_APPLICANT,
    components: [{ name: 'Tờ khai', required: true, copies: 1, received: true }],
  });
  return { core, component: dossier.components[0]! };
}

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const done = (core: TestCore, jobId: string) => until(() => core.call('jobs.get', { jobId }), (j: Job) => j.state === 'done' || j.state === 'failed');

describe('scanner through the core (SANE test backend)', () => {
  it('lists the test scanner and scans pages from the feeder into a component', async () => {
    const { core, component } = await ready();
    const devices = await core.call('capture.devices');
    const test = devices.find((d) => d.id.startsWith('test:'));
    expect(test, JSON.stringify(devices)).toBeDefined();
    expect(test!.kind).toBe('sane');
    const job = await done(core, (await core.call('digitize.scan', { componentId: component.id, deviceId: test!.id, adf: true })).jobId);
    expect(job.state, JSON.stringify(job.errors)).toBe('done');
    const pages = await core.call('digitize.pages', { componentId: component.id });
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages.every((p) => p.dpi >= 200)).toBe(true);
    await core.close();
  }, 120_000);

  it('reports an unknown scanner in Vietnamese', async () => {
    const { core, component } = await ready();
    const job = await done(core, (await core.call('digitize.scan', { componentId: component.id, deviceId: 'test:99', adf: false })).jobId);
    expect(job.state).toBe('failed');
    expect(job.errors[0]!.message).toMatch(/máy quét/i);
    await core.close();
  }, 60_000);
});

describe('scan-to-folder through the core', () => {
  it('waits for a target, then imports each stable file once and moves it to .motcua-done', async () => {
    const { core, component } = await ready();
    const share = tempDir();
    await core.call('settings.update', { watchFolder: share });
    fs.writeFileSync(path.join(share, 'scan0001.png'), await scannedPage(['Tờ khai đăng ký khai sinh', 'Họ và tên: Trần Văn Đức', 'Nơi cư trú: phường Bến Thành']));
    // No target yet: the file stays where the printer put it.
    await new Promise((r) => setTimeout(r, 2500));
    expect(fs.existsSync(path.join(share, 'scan0001.png'))).toBe(true);
    expect((await core.call('capture.status')).watching).toBe(false);

    const status = await core.call('capture.setTarget', { componentId: component.id });
    expect(status).toMatchObject({ watching: true, targetComponentId: component.id, watchFolder: share });
    const pages = await until(() => core.call('digitize.pages', { componentId: component.id }), (p) => p.length === 1 && p[0]!.ocrStatus === 'done');
    expect(pages).toHaveLength(1);
    expect(pages[0]!.sourceName).toBe('scan0001.png');
    await until(async () => fs.existsSync(path.join(share, '.motcua-done', 'scan0001.png')), Boolean);
    expect(fs.existsSync(path.join(share, 'scan0001.png'))).toBe(false);
    expect(fs.readdirSync(path.join(share, '.motcua-done'))).toContain('scan0001.png');

    // The same bytes again under a new name are not imported twice: the watcher recognises the
    // content and moves the file to .motcua-done without handing it to the import. (Handed over,
    // the component would refuse the same page again and the file would land in .motcua-failed,
    // so the place where it ends up tells the two apart.)
    fs.copyFileSync(path.join(share, '.motcua-done', 'scan0001.png'), path.join(share, 'scan0002.png'));
    const settled = (d: string) => fs.existsSync(path.join(share, d)) && fs.readdirSync(path.join(share, d)).includes('scan0002.png');
    await until(async () => settled('.motcua-done') || settled('.motcua-failed'), Boolean);
    expect(fs.existsSync(path.join(share, 'scan0002.png'))).toBe(false);
    expect(fs.readdirSync(path.join(share, '.motcua-done')).sort()).toEqual(['scan0001.png', 'scan0002.png']);
    expect(settled('.motcua-failed')).toBe(false);
    expect(await core.call('digitize.pages', { componentId: component.id })).toHaveLength(1);
    expect((await core.call('capture.status')).imported).toBe(1);
    await core.call('capture.setTarget', { componentId: null });
    await core.close();
  }, 120_000);
});
