// Writes the evaluation set to a folder (image + ground truth per page) to look at or to feed
// other tools: node bench/run.mjs dump-eval-set --out DIR [--pages N] [--seed S]
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PAGES, generateEvalSet } from './eval-set';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string', default: '.bench/eval-set' }, pages: { type: 'string' }, seed: { type: 'string' }, quiet: { type: 'boolean' } } });
  const out = path.resolve(values.out!);
  await mkdir(out, { recursive: true });
  const pages = values.pages ? Number(values.pages) : DEFAULT_PAGES;
  for await (const p of generateEvalSet({ pages, seed: values.seed ? Number(values.seed) : undefined })) {
    const ext = p.mime === 'image/png' ? 'png' : 'jpg';
    await writeFile(path.join(out, `${p.id}.${ext}`), p.image);
    await writeFile(path.join(out, `${p.id}.gt.txt`), `${p.groundTruth.join('\n')}\n`);
    await writeFile(path.join(out, `${p.id}.segments.txt`), `${p.segments.join('\n')}\n`);
    await writeFile(path.join(out, `${p.id}.meta.json`), JSON.stringify({ ...p.meta, font: p.font }, null, 1));
    // Everything but the image, for the benchmark to load the set back (bench/eval-files.ts).
    const { image: _image, ...page } = p;
    await writeFile(path.join(out, `${p.id}.page.json`), JSON.stringify(page));
    if (!values.quiet) console.log(`${p.id}  ${(p.image.length / 1024).toFixed(0)} KB  ${p.font}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
