// Durable intake under SIGKILL (issue 15): the built core process (dist/main/core-process.cjs, as the
// Electron host runs it, with the test-only `fakeOcr` engine) receives uploads of multi-page TIFFs
// and PDFs (some sent twice at once, as a double submit) and dossier creations until it is killed
// at a random moment. After every restart the kept files are resumed; at the end every
// acknowledged upload is in its component exactly once, with all its pages, and no file is half
// there (pages per component == pages of the files recorded for it).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { coreProcessHarness } from '../../helpers/core-process';
import { SAMPLE_APPLICANT, SAMPLE_PROCEDURE, SAMPLE_UNIT } from '../../helpers/core';
import { tempDir } from '../../helpers/temp';

const ROUNDS = 5;
const { start, call, caller } = coreProcessHarness('intake-kill-window', { fakeOcr: true });

interface TestFile {
  name: string;
  data: Buffer;
  pages: number;
  sha: string;
}

async function tiff(n: number, pages: number): Promise<TestFile> {
  const imgs = await Promise.all(
    Array.from({ length: pages }, (_, i) =>
      sharp({ create: { width: 500, height: 700, channels: 3, background: { r: (n * 37 + i * 11) % 256, g: 255 - ((n * 13) % 256), b: (i * 60) % 256 } } })
        .composite([{ input: Buffer.from(`<svg width="500" height="700"><text x="40" y="${100 + i * 40}" font-size="40">Trang ${n}-${i}</text></svg>`), top: 0, left: 0 }])
        .png()
        .toBuffer(),
    ),
  );
  const data = await sharp(imgs, { join: { animated: true } }).tiff({ compression: 'lzw', xres: 300 / 25.4, yres: 300 / 25.4 }).toBuffer();
  return { name: `to-khai-${n}.tif`, data, pages, sha: crypto.createHash('sha256').update(data).digest('hex') };
}

async function pdf(n: number, pages: number): Promise<TestFile> {
  const d = await PDFDocument.create();
  const f = await d.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) d.addPage([420, 595]).drawText(`Giay to so ${n}, trang ${i + 1}`, { x: 40, y: 540, size: 14, font: f });
  const data = Buffer.from(await d.save());
  return { name: `giay-to-${n}.pdf`, data, pages, sha: crypto.createHash('sha256').update(data).digest('hex') };
}

describe('durable intake across SIGKILL', () => {
  it('keeps every acknowledged upload exactly once, whole, and nothing half imported', async () => {
    const dataDir = tempDir();
    const files: TestFile[] = [];
    for (let n = 0; n < 30; n++) files.push(n % 2 === 0 ? await tiff(n, 4) : await pdf(n, 3));
    let components: string[];
    let procedure: { id: string; components: { name: string; required: boolean; copies: number }[] };
    {
      const { core } = await start(dataDir);
      await call(core, 'setup.initialize', SAMPLE_UNIT);
      procedure = (await call(core, 'procedures.upsert', SAMPLE_PROCEDURE)) as typeof procedure;
      await call(core, 'auth.signIn', { username: SAMPLE_UNIT.username, pin: SAMPLE_UNIT.pin });
      const d = (await call(core, 'dossiers.create', {
        procedureId: procedure.id,
        applicant: SAMPLE_APPLICANT,
        components: procedure.components.map((c) => ({ name: c.name, required: c.required, copies: c.copies, received: true })),
      })) as { components: { id: string }[] };
      components = d.components.map((c) => c.id);
      await core.close();
    }
    const acknowledged = new Map<string, TestFile>(); // `${component}:${sha}` → file
    const dossiersAcked = new Set<string>();
    let next = 0;

    for (let round = 0; round < ROUNDS; round++) {
      const { core, child } = await start(dataDir);
      await call(core, 'auth.signIn', { username: SAMPLE_UNIT.username, pin: SAMPLE_UNIT.pin });
      let killed = false;
      // Bounded work per round (a fast machine would otherwise queue hundreds of files for the last
      // start to finish): each uploader sends at most 8 batches before the kill.
      const uploader = async () => {
        for (let sent = 0; !killed && sent < 8; sent++) {
          const batch = [files[next++ % files.length]!, files[next++ % files.length]!];
          const componentId = components[Math.floor(Math.random() * components.length)]!;
          const input = { componentId, files: batch.map((f) => ({ name: f.name, dataBase64: f.data.toString('base64') })) };
          // A double submit now and then: the same files twice at once, without a request id.
          const sends = Math.random() < 0.3 ? [core.dispatch('digitize.importFiles', input, caller), core.dispatch('digitize.importFiles', input, caller)] : [core.dispatch('digitize.importFiles', input, caller)];
          for (const r of await Promise.all(sends)) if (r.ok) for (const f of batch) acknowledged.set(`${componentId}:${f.sha}`, f);
        }
      };
      const creator = async () => {
        while (!killed) {
          const name = `Công dân ${crypto.randomUUID().slice(0, 8)}`;
          const r = await core.dispatch(
            'dossiers.create',
            { procedureId: procedure.id, applicant: { ...SAMPLE_APPLICANT, name }, components: procedure.components.map((c) => ({ name: c.name, required: c.required, copies: c.copies, received: true })), requestId: crypto.randomUUID() },
            caller,
          );
          if (r.ok) dossiersAcked.add(name);
        }
      };
      const work = [uploader(), uploader(), creator()];
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 1500));
      child.kill('SIGKILL');
      killed = true;
      await Promise.all(work);
      await core.close();
    }
    expect(acknowledged.size).toBeGreaterThan(0);

    // A last start finishes what the kills left (kept files, OCR), then the store is checked.
    const { core } = await start(dataDir);
    const db = new Database(path.join(dataDir, 'motcua.sqlite'), { readonly: true });
    try {
      const n = (sql: string, ...args: unknown[]) => (db.prepare(sql).get(...args) as { n: number }).n;
      for (let i = 0; i < 1800; i++) {
        if (n("SELECT count(*) AS n FROM intake WHERE state = 'pending'") === 0 && n("SELECT count(*) AS n FROM jobs WHERE state IN ('queued','running') AND kind <> 'build-pdf'") === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(n("SELECT count(*) AS n FROM intake WHERE state = 'pending'")).toBe(0);
      for (const [key, f] of acknowledged) {
        const [componentId] = key.split(':');
        // Exactly once, whole.
        expect(n('SELECT count(*) AS n FROM component_imports WHERE component_id = ? AND sha256 = ?', componentId, f.sha), f.name).toBe(1);
        expect(n('SELECT count(*) AS n FROM pages WHERE component_id = ? AND source_sha256 = ?', componentId, f.sha), f.name).toBe(f.pages);
      }
      // Nothing half there: every file present in a component has all its pages, no more.
      const bySha = new Map(files.map((f) => [f.sha, f.pages]));
      const present = db.prepare('SELECT component_id AS c, source_sha256 AS sha, count(*) AS n FROM pages GROUP BY component_id, source_sha256').all() as { c: string; sha: string; n: number }[];
      for (const p of present) expect(p.n, p.sha).toBe(bySha.get(p.sha));
      for (const c of components!) {
        const expected = (db.prepare('SELECT sha256 FROM component_imports WHERE component_id = ?').all(c) as { sha256: string }[]).reduce((s, r) => s + (bySha.get(r.sha256) ?? 0), 0);
        expect(n('SELECT count(*) AS n FROM pages WHERE component_id = ?', c)).toBe(expected);
      }
      for (const name of dossiersAcked) expect(n('SELECT count(*) AS n FROM dossiers WHERE applicant_name = ?', name)).toBe(1);
      // Kept copies are gone once imported.
      const keptLeft = () => (fs.existsSync(path.join(dataDir, 'intake')) ? fs.readdirSync(path.join(dataDir, 'intake'), { recursive: true }).filter((f) => String(f).match(/\.(tif|pdf)$/)) : []);
      for (let i = 0; i < 50 && keptLeft().length > 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(keptLeft()).toEqual([]);
      console.log(`intake crash test: ${acknowledged.size} acknowledged uploads, ${dossiersAcked.size} dossiers, ${n('SELECT count(*) AS n FROM pages')} pages`);
    } finally {
      db.close();
      await core.close();
    }
  }, 300_000);
});
