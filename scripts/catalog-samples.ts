// Writes samples/catalog-sample.csv and samples/catalog-sample.xlsx from samples/catalog-sample.json
// (the one source of the sample catalog), in the layout the app reads and writes. Run with
// `npm run samples:catalog`; test/main/catalog/samples.test.ts checks the files match.
import fs from 'node:fs';
import path from 'node:path';
import { sampleProcedures } from '../main/catalog/samples';
import { toCatalogCsv, toCatalogXlsx } from '../main/catalog/read';

async function main(): Promise<void> {
  const dir = path.resolve(process.argv[2] ?? 'samples');
  const procedures = await sampleProcedures(fs.readFileSync(path.join(dir, 'catalog-sample.json')));
  fs.writeFileSync(path.join(dir, 'catalog-sample.csv'), toCatalogCsv(procedures));
  fs.writeFileSync(path.join(dir, 'catalog-sample.xlsx'), await toCatalogXlsx(procedures));
  console.log(`${procedures.length} thủ tục → ${path.join(dir, 'catalog-sample.csv')}, ${path.join(dir, 'catalog-sample.xlsx')}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
