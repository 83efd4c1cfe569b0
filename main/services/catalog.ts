// Importing the procedure catalog (Cài đặt → Thủ tục → Nhập, `motcua import-catalog`, the sample
// catalog). The good rows import, the bad ones are reported with where they are in the file; a file
// that cannot be read changes nothing.
//
// - By code: a procedure already stored (retired or not) is updated in place, keeping its id, so
//   dossiers received under it are untouched (they keep their own copy of its code and name). What
//   a row leaves out keeps its stored value; a new procedure gets the defaults and needs a
//   processing time (days or hours).
// - A row that names a retired procedure brings it back into force.
// - "full" mode: the file is the whole catalog, so stored procedures it does not name are retired
//   (not deleted: their dossiers keep them; they leave reception's search). Only when every row of
//   the file is good: a file with bad rows retires nothing (a row that could not be read might have
//   been one of them), and the report says so.
// - Every change is audited (create / update / retire, with `via`), and the import once more with
//   its counts (`catalog.import`), in the same transaction.
import type { CatalogImportReport } from '../../shared/contract/api';
import { ProcedureSchema, type Procedure } from '../../shared/domain/schemas';
import type { Store } from '../data/store';
import { readCatalogFile, toCatalogCsv, toCatalogJson, toCatalogXlsx } from '../catalog/read';
import { applyPatch } from '../catalog/patch';
import { sampleProcedures } from '../catalog/samples';
import { procedureSearchText } from './procedures';
import { requireSession, type ServiceContext } from './context';
import sampleCatalog from '../../samples/catalog-sample.json';

export type ImportMode = 'update' | 'full';

/** Who imports: an officer in the app, or IT with the CLI (no officer; `osUser` names the account). */
export interface ImportActor {
  officerId: string | null;
  via: 'app' | 'cli' | 'sample' | 'setup';
  osUser?: string;
}

export interface ImportOptions {
  mode: ImportMode;
  dryRun: boolean;
  actor: ImportActor;
  at: string;
}

/** The fields compared to tell an update from an unchanged row (ids and times aside). */
const COMPARED = ['name', 'field', 'level', 'processingDays', 'processingHours', 'after15hRule', 'fullyOnline', 'resultIsPaper', 'feeBearing', 'fees', 'portalUrl', 'components', 'retired'] as const;

function comparable(p: Procedure, key: (typeof COMPARED)[number]): string {
  if (key === 'components') return JSON.stringify(p.components.map(({ name, required, copies, kind }) => ({ name, required, copies, kind })));
  return JSON.stringify(p[key]);
}

const formatError = (e: { where: string; code: string | null; errors: string[] }) => `${e.where}${e.code ? ` (mã ${e.code})` : ''}: ${e.errors.join(' ')}`;

/**
 * Reads, checks and (unless `dryRun`) applies a catalog file. Throws AppError for a file that cannot
 * be read at all; otherwise reports what was (or would be) created, updated, retired, and each bad row.
 */
export async function importCatalogFile(store: Store, file: { name: string; bytes: Uint8Array }, opts: ImportOptions): Promise<CatalogImportReport> {
  const parsed = await readCatalogFile(file.name, file.bytes);
  const rows = parsed.rows;

  // The same code on several rows: none of them is taken (which one is right is not ours to guess).
  const linesByCode = new Map<string, string[]>();
  for (const r of rows) if (r.code) linesByCode.set(r.code, [...(linesByCode.get(r.code) ?? []), r.where.toLowerCase()]);
  for (const r of rows) {
    const places = r.code ? linesByCode.get(r.code)! : [];
    if (places.length > 1) {
      r.errors.push(`Mã thủ tục ${r.code} có ở ${places.length} nơi trong tệp (${places.join('; ')}): không nhập nơi nào, hãy giữ lại một.`);
      r.patch = null;
    }
  }

  const stored = new Map(store.procedures.all().map((p) => [p.code, p]));
  const plan: { procedure: Procedure; before: Procedure | undefined; changed: string[] }[] = [];
  const errors: CatalogImportReport['errors'] = [];
  let unchanged = 0;
  for (const r of rows) {
    const before = r.code ? stored.get(r.code) : undefined;
    if (r.patch && !before && !r.patch.time) r.errors.push('Thủ tục mới cần Số ngày giải quyết hoặc Số giờ giải quyết (thời hạn in trên giấy hẹn).');
    if (r.errors.length || !r.patch) {
      errors.push({ where: r.where, line: r.line, code: r.code, message: formatError(r) });
      continue;
    }
    const next = applyPatch(r.patch, before);
    const check = ProcedureSchema.safeParse(next);
    if (!check.success) {
      errors.push({ where: r.where, line: r.line, code: r.code, message: formatError({ ...r, errors: [check.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')] }) });
      continue;
    }
    const changed = before ? COMPARED.filter((k) => comparable(before, k) !== comparable(next, k)) : [];
    if (before && changed.length === 0) unchanged++;
    else plan.push({ procedure: next, before, changed });
  }

  const inFile = new Set(rows.map((r) => r.code).filter((c): c is string => c !== null));
  const wouldRetire = opts.mode === 'full' ? [...stored.values()].filter((p) => !p.retired && !inFile.has(p.code)) : [];
  const retireSkipped = wouldRetire.length > 0 && errors.length > 0;
  const retire = retireSkipped ? [] : wouldRetire;

  const report: CatalogImportReport = {
    fileName: file.name,
    format: parsed.format,
    mode: opts.mode,
    dryRun: opts.dryRun,
    rows: rows.length,
    created: plan.filter((p) => !p.before).map((p) => p.procedure.code),
    updated: plan.filter((p) => p.before).map((p) => p.procedure.code),
    unretired: plan.filter((p) => p.before?.retired).map((p) => p.procedure.code),
    unchanged,
    retired: retire.map((p) => p.code),
    retireSkipped: retireSkipped ? wouldRetire.length : 0,
    errors,
    warnings: parsed.warnings,
  };
  if (opts.dryRun) return report;

  const via = { via: opts.actor.via, ...(opts.actor.osUser ? { osUser: opts.actor.osUser } : {}) };
  const log = (action: string, entityId: string | null, detail: unknown) =>
    store.audit.append({ at: opts.at, officerId: opts.actor.officerId, action, entity: 'procedure', entityId, detail: JSON.stringify(detail) });
  store.tx(() => {
    for (const { procedure, before, changed } of plan) {
      store.procedures.upsert(procedure, procedureSearchText(procedure), opts.at);
      log(before ? 'update' : 'create', procedure.id, { code: procedure.code, ...(before ? { changed } : {}), ...via });
    }
    store.procedures.setRetired(retire.map((p) => p.id), true, opts.at);
    for (const p of retire) log('retire', p.id, { code: p.code, ...via });
    log('catalog.import', null, {
      file: file.name,
      format: parsed.format,
      mode: opts.mode,
      rows: rows.length,
      created: report.created.length,
      updated: report.updated.length,
      unchanged,
      retired: report.retired.length,
      unretired: report.unretired.length,
      errors: errors.length,
      ...via,
    });
  });
  return report;
}

/** The sample catalog shipped with the app (samples/catalog-sample.json): "Mẫu — kiểm tra với danh mục của tỉnh". */
export const SAMPLE_CATALOG_NOTE: string = (sampleCatalog as { note: string }).note;
export const SAMPLE_CATALOG_FILE = { name: 'catalog-sample.json', bytes: new TextEncoder().encode(JSON.stringify(sampleCatalog)) };

/** Cài đặt → Thủ tục → Nhập (admins): the uploaded file. */
export async function importCatalog(ctx: ServiceContext, input: { file: { name: string; dataBase64: string }; mode: ImportMode; dryRun: boolean }): Promise<CatalogImportReport> {
  const session = requireSession(ctx);
  const bytes = Buffer.from(input.file.dataBase64, 'base64');
  return importCatalogFile(ctx.store, { name: input.file.name, bytes }, { mode: input.mode, dryRun: input.dryRun, actor: { officerId: session.officer.id, via: 'app' }, at: ctx.now().toISOString() });
}

/** "Nạp danh mục mẫu": the sample catalog, added to (never replacing) what the desk has. */
export async function loadSampleCatalog(ctx: ServiceContext, input: { dryRun: boolean }, via: ImportActor['via'] = 'sample'): Promise<CatalogImportReport> {
  const session = requireSession(ctx);
  return importCatalogFile(ctx.store, SAMPLE_CATALOG_FILE, { mode: 'update', dryRun: input.dryRun, actor: { officerId: session.officer.id, via }, at: ctx.now().toISOString() });
}

/** The catalog (or the sample) as a file to edit in Excel and import again. */
export async function exportCatalog(ctx: ServiceContext, input: { format: 'json' | 'csv' | 'xlsx'; sample: boolean }): Promise<{ fileName: string; mime: string; dataBase64: string }> {
  requireSession(ctx);
  let procedures: Procedure[];
  if (input.sample) procedures = await sampleProcedures(SAMPLE_CATALOG_FILE.bytes);
  else procedures = ctx.store.procedures.all();
  const base = input.sample ? 'danh-muc-thu-tuc-mau' : 'danh-muc-thu-tuc';
  if (input.format === 'xlsx') {
    return { fileName: `${base}.xlsx`, mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', dataBase64: (await toCatalogXlsx(procedures)).toString('base64') };
  }
  const text = input.format === 'csv' ? toCatalogCsv(procedures) : toCatalogJson(procedures, input.sample ? SAMPLE_CATALOG_NOTE : undefined);
  return { fileName: `${base}.${input.format}`, mime: input.format === 'csv' ? 'text/csv' : 'application/json', dataBase64: Buffer.from(text, 'utf8').toString('base64') };
}
