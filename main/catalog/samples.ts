// The procedures of a catalog file as new procedures (every row must be good): the sample catalog's
// CSV and Excel forms are written from its JSON through this.
import type { Procedure } from '../../shared/domain/schemas';
import { applyPatch } from './patch';
import { readCatalogFile } from './read';

export async function sampleProcedures(json: Uint8Array): Promise<Procedure[]> {
  const file = await readCatalogFile('catalog-sample.json', json);
  const bad = file.rows.find((r) => !r.patch);
  if (bad) throw new Error(`${bad.where}: ${bad.errors.join(' ')}`);
  return file.rows.map((r) => applyPatch(r.patch!, undefined));
}
