// Applies one pulled change to the desk's store (docs/sync-protocol.md "The desk side"). Called by the
// sync client inside SyncRepo.applying (one transaction per page, with the cursor; the outbox
// triggers skip it, so nothing here is sent back).
//
// - dossier: the upstream-owned fields (status, result, ended/returned, paid online, complaint) of
//   any dossier this desk holds; on a supervisor's install also the reception fields of dossiers
//   received at the other desks of the unit, which are held read-only (source 'sync', origin desk).
// - dossierEvent, componentFile: the other desks' steps and component files (the file's reference
//   only: its SHA-256 and the receiver's public URL), supervisor installs only.
// - catalog: a procedure, by code, as a catalog import row; calendar: one year's rows.
//
// On a supervisor's install a change about a dossier not held yet (a step or file before its
// dossier, an upstream field before the other desk's reception fields) is parked and applied when
// the dossier arrives; another desk's dossier whose code this install already uses is parked too
// ('code-taken', shown in Đồng bộ). Nothing is dropped.
//
// Each field (or record) keeps the stamp of the change that wrote it (sync_stamps): a change is
// applied only when its stamp — (time on the receiver's clock, origin, change id) — is larger, so a
// late older change never overwrites a newer one and a page pulled twice changes nothing.
import crypto from 'node:crypto';
import {
  CalendarRecordSchema,
  CatalogRecordSchema,
  DESK_DOSSIER_FIELDS,
  DESK_STATUSES,
  DossierReceptionSchema,
  DossierUpstreamSchema,
  FILE_PATHS,
  PulledComponentFileSchema,
  PulledDossierSchema,
  PulledEventSchema,
  UPSTREAM_DOSSIER_FIELDS,
  type Change,
  type DeskRole,
  type DossierReception,
  type DossierUpstream,
} from '../../shared/contract/sync';
import { ProcedureSchema, type Procedure } from '../../shared/domain/schemas';
import { foldVietnamese } from '../../shared/text/fold';
import { applyPatch } from '../catalog/patch';
import type { CatalogPatch } from '../catalog/fields';
import type { Store } from '../data/store';
import type { HeldDossier, ParkedReason, PulledStamp, RemoteDossierColumns } from '../data/repos/sync-pull';
import type { UpstreamDossierFields } from '../data/repos/sync';

export interface PullApplyContext {
  store: Store;
  /** This desk's enrollment. */
  deskId: string;
  role: DeskRole;
  unitCode: string;
  /** The receiver's base URL, for the public address of other desks' files. */
  baseUrl: string;
  now: () => Date;
}

/** The step a status set upstream leaves in a dossier's history. */
export const UPSTREAM_STEP_NOTE = 'Cập nhật từ hệ thống xử lý của tỉnh';

const pick = (fields: Record<string, unknown>, keys: readonly string[]) => Object.fromEntries(Object.entries(fields).filter(([k]) => keys.includes(k)));

/** Applies one change; true when it changed something here. */
export function applyPulledChange(x: PullApplyContext, c: Change): boolean {
  const stamp: PulledStamp = { t: Date.parse(c.at), origin: c.origin, changeId: c.changeId };
  switch (c.kind) {
    case 'dossier':
      return applyDossier(x, c, stamp);
    case 'dossierEvent':
      return applyEvent(x, c, stamp);
    case 'componentFile':
      return applyComponentFile(x, c, stamp);
    case 'catalog':
      return applyCatalog(x, c, stamp);
    case 'calendar':
      return applyCalendar(x, c, stamp);
  }
}

/** Another desk's change, on a supervisor's install: the only ones whose dossiers are held here read-only. */
function fromOtherDesk(x: PullApplyContext, c: Change): boolean {
  return x.role === 'supervisor' && c.origin.startsWith('desk:') && c.origin !== `desk:${x.deskId}`;
}

/**
 * Parks a change about a dossier not held here yet, on a supervisor's install (an officer's install
 * holds only its own dossiers, which are always here); false: the change is not applied now.
 */
function park(x: PullApplyContext, c: Change, key: { unitCode: string; code: string }, reason: ParkedReason): false {
  if (x.role === 'supervisor') x.store.syncPull.parkChange(c, key, reason, x.now().toISOString());
  return false;
}

/** Applies the changes parked for a dossier key (its dossier has just arrived, or its code is free). */
function applyParked(x: PullApplyContext, key: { unitCode: string; code: string }): void {
  for (const c of x.store.syncPull.takeParked(key.unitCode, key.code)) applyPulledChange(x, c);
}

/**
 * At the start of a pull: the parked changes whose dossier is now held (or whose code this install
 * no longer uses) are applied; the others stay parked.
 */
export function retryParkedChanges(x: PullApplyContext): string[] {
  const touched: string[] = [];
  for (const k of x.store.syncPull.parkedKeys()) {
    if (!x.store.syncPull.dossierByKey(k.unitCode, k.code) && (!k.codeTaken || x.store.syncPull.codeTaken(k.code))) continue;
    applyParked(x, k);
    const d = x.store.syncPull.dossierByKey(k.unitCode, k.code);
    if (d) touched.push(d.id);
  }
  return touched;
}

function searchText(x: PullApplyContext, id: string): string {
  const p = x.store.syncPull.searchParts(id);
  // The same text a dossier received here is searched by (main/services/dossiers.ts).
  return p ? foldVietnamese(`${p.code} ${p.applicantName} ${p.applicantIdNumber} ${p.applicantPhone} ${p.procedureName}`) : '';
}

/** Holds another desk's dossier read-only; the reason to park its change when it cannot be held yet. */
function createRemote(x: PullApplyContext, c: Change, key: { unitCode: string; code: string }, r: DossierReception, at: string): HeldDossier | ParkedReason {
  if (!r.procedureCode || !r.receivedAt || !r.applicant || r.channel === undefined) return 'no-dossier';
  const repo = x.store.syncPull;
  // The same code under another key (a dossier of this desk): the other desk's record waits.
  if (repo.codeTaken(key.code)) return 'code-taken';
  const unitId = repo.unitId(key.unitCode, x.unitCode);
  if (!unitId) return 'no-dossier';
  const id = crypto.randomUUID();
  repo.insertRemoteDossier({
    id,
    code: key.code,
    unitCode: key.unitCode,
    unitId,
    procedureId: repo.procedureFor(r.procedureCode, r.procedureName ?? '', at, foldVietnamese(`${r.procedureCode} ${r.procedureName ?? ''}`)),
    procedureCode: r.procedureCode,
    procedureName: r.procedureName ?? r.procedureCode,
    channel: r.channel,
    applicantName: r.applicant.name,
    receivedAt: r.receivedAt,
    originDesk: c.origin.slice('desk:'.length),
    originDeskName: c.originName ?? '',
    at,
  });
  return repo.dossierByKey(key.unitCode, key.code) ?? 'no-dossier';
}

function applyDossier(x: PullApplyContext, c: Change, stamp: PulledStamp): boolean {
  const p = PulledDossierSchema.safeParse(c.payload);
  if (!p.success) return false;
  const { unitCode, code, fields } = p.data;
  const entity = `${unitCode}/${code}`;
  const rec = DossierReceptionSchema.safeParse(pick(fields, DESK_DOSSIER_FIELDS));
  const up = DossierUpstreamSchema.safeParse(pick(fields, UPSTREAM_DOSSIER_FIELDS));
  const repo = x.store.syncPull;
  const at = x.now().toISOString();
  let d = repo.dossierByKey(unitCode, code);
  let created = false;
  if (!d) {
    // An upstream field, or reception fields not yet whole, before the other desk's dossier: parked.
    if (!fromOtherDesk(x, c) || !rec.success) return park(x, c, { unitCode, code }, 'no-dossier');
    const made = createRemote(x, c, { unitCode, code }, rec.data, at);
    if (typeof made === 'string') return park(x, c, { unitCode, code }, made);
    d = made;
    created = true;
  }
  const remote = d.source === 'sync';
  const cols: RemoteDossierColumns = {};
  let reception = false;
  if (remote && rec.success) {
    const r = rec.data;
    const claim = (f: keyof DossierReception) => r[f] !== undefined && repo.claim('dossier', entity, f, stamp);
    if (claim('procedureCode')) {
      cols.procedure_code = r.procedureCode!;
      cols.procedure_id = repo.procedureFor(r.procedureCode!, r.procedureName ?? '', at, foldVietnamese(`${r.procedureCode} ${r.procedureName ?? ''}`));
    }
    if (claim('procedureName')) cols.procedure_name = r.procedureName!;
    if (claim('channel')) cols.channel = r.channel!;
    if (claim('applicant')) {
      const a = r.applicant!;
      Object.assign(cols, { applicant_name: a.name, applicant_id_number: a.idNumber, applicant_address: a.address, applicant_phone: a.phone, applicant_email: a.email });
    }
    if (claim('receivedAt')) cols.received_at = r.receivedAt!;
    if (claim('dueAt')) {
      cols.due_at = r.dueAt!;
      if (d.pausedSince === null) cols.current_due_at = r.dueAt!;
    }
    if (claim('officerName')) cols.origin_officer_name = r.officerName!;
    if (claim('fees')) cols.fees_json = JSON.stringify(r.fees);
    reception = Object.keys(cols).length > 0;
    if (c.originName && fromOtherDesk(x, c)) cols.origin_desk_name = c.originName;
  }
  // The upstream-owned fields whose stamp is newer than what each holds.
  const upstream: DossierUpstream = up.success
    ? Object.fromEntries(Object.entries(up.data).filter(([f, v]) => v !== undefined && repo.claim('dossier', entity, f, stamp)))
    : {};
  const u: UpstreamDossierFields = {};
  // A counter status this desk set after the upstream's change (returned, refused…) stays: the
  // receiver will order the two the same way once the desk's step reaches it.
  const ownLater = !remote && upstream.status !== undefined && (repo.lastOwnStatusAt(d.id, DESK_STATUSES) ?? -Infinity) > stamp.t;
  if (upstream.status !== undefined && !ownLater) u.status = upstream.status;
  if (upstream.resultCode !== undefined) u.result_code = upstream.resultCode;
  if (upstream.resultFile !== undefined) u.result_file = upstream.resultFile;
  if (upstream.endedAt !== undefined) u.ended_at = upstream.endedAt;
  if (upstream.returnedAt !== undefined) u.returned_at = upstream.returnedAt;
  if (upstream.paidOnline !== undefined) u.paid_online = upstream.paidOnline;
  if (upstream.complaint !== undefined) u.complaint = upstream.complaint ? 1 : 0;
  if (!reception && Object.keys(u).length === 0) return false;
  if (remote) {
    repo.updateRemoteDossier(d.id, { ...cols, ...u }, at);
    if (reception) repo.updateRemoteDossier(d.id, { search_folded: searchText(x, d.id) }, at);
    if (cols.applicant_id_number !== undefined || cols.applicant_name !== undefined) recordApplicant(x, d.id);
  } else {
    x.store.sync.setUpstreamFields(d.id, u, at);
  }
  if (u.status !== undefined && u.status !== d.status) {
    x.store.sync.insertUpstreamEvent({ id: `upstream-${c.changeId}`, dossierId: d.id, status: u.status, at: c.at, note: UPSTREAM_STEP_NOTE, detail: { origin: c.origin, changeId: c.changeId } });
  }
  x.store.stats.refreshFacts(d.id);
  // What arrived before the dossier (its steps, its files, upstream fields) now has its place.
  if (created) applyParked(x, { unitCode, code });
  return true;
}

function applyEvent(x: PullApplyContext, c: Change, stamp: PulledStamp): boolean {
  if (!fromOtherDesk(x, c)) return false;
  const p = PulledEventSchema.safeParse(c.payload);
  if (!p.success) return false;
  const e = p.data;
  const d = x.store.syncPull.dossierByKey(e.unitCode, e.code);
  if (!d) return park(x, c, e, 'no-dossier');
  if (d.source !== 'sync') return false;
  const inserted = x.store.syncPull.insertEvent({
    eventId: e.eventId,
    dossierId: d.id,
    status: e.status,
    at: e.at,
    note: e.note,
    detail: { origin: c.origin, changeId: c.changeId, officerName: e.officerName, ...(e.officerTitle ? { officerTitle: e.officerTitle } : {}), ...(e.department ? { department: e.department } : {}), ...(e.dueAt ? { dueAt: e.dueAt } : {}) },
  });
  let status = false;
  if (e.statusApplied && x.store.syncPull.claim('dossier', `${e.unitCode}/${e.code}`, 'status', stamp)) {
    x.store.syncPull.updateRemoteDossier(d.id, { status: e.status }, x.now().toISOString());
    status = true;
  }
  if (inserted || status) x.store.stats.refreshFacts(d.id);
  return inserted || status;
}

function applyComponentFile(x: PullApplyContext, c: Change, stamp: PulledStamp): boolean {
  if (!fromOtherDesk(x, c)) return false;
  const p = PulledComponentFileSchema.safeParse(c.payload);
  if (!p.success) return false;
  const f = p.data;
  const d = x.store.syncPull.dossierByKey(f.unitCode, f.code);
  if (!d) return park(x, c, f, 'no-dossier');
  if (d.source !== 'sync') return false;
  if (!x.store.syncPull.claim('component', `${f.unitCode}/${f.code}/${f.componentCode}`, '', stamp)) return false;
  x.store.syncPull.setRemoteComponent({
    dossierId: d.id,
    componentCode: f.componentCode,
    name: f.name,
    sha256: f.removed ? null : f.sha256,
    url: f.removed ? null : `${x.baseUrl.replace(/\/+$/, '')}${FILE_PATHS.public(f.sha256)}`,
    reused: f.reused,
    at: f.removed ? null : c.at,
  });
  x.store.stats.refreshFacts(d.id);
  return true;
}

function applyCatalog(x: PullApplyContext, c: Change, stamp: PulledStamp): boolean {
  const p = CatalogRecordSchema.safeParse(c.payload);
  if (!p.success) return false;
  const r = p.data;
  const beforeId = x.store.procedures.idByCode(r.code);
  const before = beforeId ? (x.store.procedures.get(beforeId) ?? undefined) : undefined;
  const time = r.processingDays !== undefined || r.processingHours !== undefined ? { processingDays: r.processingDays ?? 0, processingHours: r.processingHours ?? null } : undefined;
  // A new procedure needs its processing time (as an import row does); a stub made for another desk's dossier is filled in place.
  if (!before && !time) return false;
  const patch: CatalogPatch = {
    code: r.code,
    name: r.name,
    ...(r.field !== undefined ? { field: r.field } : {}),
    ...(r.level !== undefined ? { level: r.level } : {}),
    ...(time ? { time } : {}),
    ...(r.after15hRule !== undefined ? { after15hRule: r.after15hRule } : {}),
    ...(r.fullyOnline !== undefined ? { fullyOnline: r.fullyOnline } : {}),
    ...(r.resultIsPaper !== undefined ? { resultIsPaper: r.resultIsPaper } : {}),
    ...(r.feeBearing !== undefined ? { feeBearing: r.feeBearing } : {}),
    ...(r.fees !== undefined ? { fees: r.fees } : {}),
    ...(r.portalUrl !== undefined ? { portalUrl: r.portalUrl } : {}),
    ...(r.components !== undefined ? { components: r.components } : {}),
  };
  const next: Procedure = { ...applyPatch(patch, before), ...(r.retired !== undefined ? { retired: r.retired } : {}) };
  const checked = ProcedureSchema.safeParse(next);
  if (!checked.success) return false;
  if (!x.store.syncPull.claim('catalog', r.code, '', stamp)) return false;
  const at = x.now().toISOString();
  x.store.procedures.upsert(checked.data, foldVietnamese(`${r.code} ${checked.data.name} ${checked.data.field}`), at);
  x.store.audit.append({ at, officerId: null, action: before ? 'update' : 'create', entity: 'procedure', entityId: checked.data.id, detail: JSON.stringify({ code: r.code, via: 'sync', changeId: c.changeId }) });
  return true;
}

function applyCalendar(x: PullApplyContext, c: Change, stamp: PulledStamp): boolean {
  const p = CalendarRecordSchema.safeParse(c.payload);
  if (!p.success) return false;
  if (!x.store.syncPull.claim('calendar', String(p.data.year), '', stamp)) return false;
  const at = x.now().toISOString();
  x.store.calendar.replaceYears([p.data.year], p.data.days, at);
  x.store.audit.append({ at, officerId: null, action: 'calendar.import', entity: 'calendar', entityId: String(p.data.year), detail: JSON.stringify({ years: [p.data.year], rows: p.data.days.length, via: 'sync', changeId: c.changeId }) });
  return true;
}

/**
 * A dossier received at another desk fills the applicant's profile here (source 'dossier', dated at
 * its receipt), where the profile has no value yet or an older one; it never erases a value.
 */
function recordApplicant(x: PullApplyContext, dossierId: string): void {
  const a = x.store.syncPull.applicantOf(dossierId);
  if (!a || !/^\d{12}$/.test(a.idNumber)) return;
  const current = x.store.applicants.get(a.idNumber);
  const values: Record<string, string> = {};
  const prov: Record<string, { source: 'dossier' }> = {};
  for (const f of ['name', 'address', 'phone', 'email'] as const) {
    const v = a[f];
    if (!v || (current && current[f] === v)) continue;
    const held = current?.provenance[f];
    if (current && current[f] && held && held.at >= a.receivedAt) continue;
    values[f] = v;
    prov[f] = { source: 'dossier' };
  }
  if (!current && values.name === undefined) return;
  if (Object.keys(values).length) x.store.applicants.set(a.idNumber, values, prov, a.receivedAt, null);
}
