// Kept copies of uploads (durable intake): a copy a killed process left without its intake row is
// removed at the next start however recent it is, and a copy still being kept for one upload is
// never taken by the release of another upload of the same bytes (a double submit into two
// components while the second upload's other file is still being written).
import crypto from 'node:crypto';
import fs from 'node:fs';
import * as nodeFs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AtomicFs } from '../../../main/fs/atomic';
import { readyCore, SAMPLE_UNIT, sampleDossier, testCore, waitJob } from '../../helpers/core';
import { fakeOcr } from '../../helpers/fake-ocr';
import { scannedPage } from '../../helpers/pages';
import { tempDir } from '../../helpers/temp';

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
const keptPath = (dataDir: string, hash: string, ext: string) => path.join(dataDir, 'intake', hash.slice(0, 2), hash.slice(2, 4), `${hash}.${ext}`);

async function until(ok: () => boolean, ms = 10_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
  return ok();
}

describe('kept copies of uploads', () => {
  it('a copy a killed process left just before the restart, with no intake row, is removed at the start', async () => {
    const dataDir = tempDir();
    const first = await testCore({ dataDir, ocrFactory: async () => fakeOcr() });
    await first.call('setup.initialize', SAMPLE_UNIT);
    await first.close();
    // The kill came between writing the copy and committing its row, a moment before this start.
    const bytes = await scannedPage(['Tờ khai chưa được ghi nhận']);
    const orphan = keptPath(dataDir, sha(bytes), 'png');
    fs.mkdirSync(path.dirname(orphan), { recursive: true });
    fs.writeFileSync(orphan, bytes);
    const again = await testCore({ dataDir, ocrFactory: async () => fakeOcr() });
    try {
      expect(await until(() => !fs.existsSync(orphan))).toBe(true);
    } finally {
      await again.close();
    }
  });

  it('a double submit into two components: the first import does not take the copy the second is still keeping', async () => {
    const x = await scannedPage(['Giấy khai sinh bản sao', 'Họ và tên: Trần Văn Đức']);
    const y = await scannedPage(['Tờ khai đăng ký kết hôn', 'Họ và tên: Lê Thị Hoa']);
    const shaY = sha(y);
    let openGate!: () => void;
    const gate = new Promise<void>((r) => (openGate = r));
    let yWaiting = false;
    // Writing the kept copy of Y waits at the gate: the second upload is half kept.
    const blobFs: AtomicFs = {
      ...nodeFs,
      open: (async (file: string, ...rest: unknown[]) => {
        if (String(file).includes(`${path.sep}intake${path.sep}`) && String(file).includes(shaY)) {
          yWaiting = true;
          await gate;
        }
        return (nodeFs.open as (...a: unknown[]) => Promise<nodeFs.FileHandle>)(file, ...rest);
      }) as AtomicFs['open'],
    };
    const { core, procedure } = await readyCore({ ocrFactory: async () => fakeOcr(), blobFs });
    const dataDir = core.dataDir;
    try {
      const dossier = await sampleDossier(core, procedure);
      const [one, two] = dossier.components;
      const file = (name: string, data: Buffer) => ({ name, dataBase64: data.toString('base64') });

      const a = await core.call('digitize.importFiles', { componentId: one!.id, files: [file('giay-khai-sinh.png', x)] });
      const b = core.call('digitize.importFiles', { componentId: two!.id, files: [file('giay-khai-sinh.png', x), file('to-khai.png', y)] });
      expect(await until(() => yWaiting)).toBe(true);
      // The first upload is imported whole while the second still waits to record its files.
      expect(await waitJob(core, a.jobId)).toMatchObject({ state: 'done', errors: [] });
      await new Promise((r) => setTimeout(r, 200));
      expect(fs.existsSync(keptPath(dataDir, sha(x), 'png'))).toBe(true);
      openGate();
      const done = await waitJob(core, (await b).jobId);
      expect(done).toMatchObject({ state: 'done', errors: [] });
      const pages = await core.call('digitize.pages', { componentId: two!.id });
      expect(pages.map((p) => p.sourceName).sort()).toEqual(['giay-khai-sinh.png', 'to-khai.png']);
      // Both imported: no kept copy is left behind.
      expect(await until(() => !fs.existsSync(keptPath(dataDir, sha(x), 'png')) && !fs.existsSync(keptPath(dataDir, shaY, 'png')))).toBe(true);
    } finally {
      openGate();
      await core.close();
    }
  });
});
