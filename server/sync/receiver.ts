// The receiver's core, below HTTP: enrollment, desk authentication, push (apply outbox items
// idempotently), pull (changes by cursor), and changes made upstream or by the administrator.
// Every write happens in one transaction with the inbox row that makes it idempotent, under the
// change lock, so change ids become visible in order (docs/sync-protocol.md, "Cursor").
import crypto from 'node:crypto';
import {
  CLOCK_SKEW_TOLERANCE_MS,
  DESK_STATUSES,
  DossierUpstreamSchema,
  OutboxItemSchema,
  PAYLOAD_SCHEMAS,
  SYNC_MESSAGES,
  type Change,
  type ClockReport,
  type DeskRole,
  type DossierKey,
  type DossierUpstream,
  type EnrollRequest,
  type EnrollResponse,
  type OutboxItem,
  type PullResponse,
  type PushItemResult,
  type PushResponse,
  type Stamp,
} from '../../shared/contract/sync';
import { LOCKS, inTransaction, type Db, type Tx } from '../db/db';
import { SyncFailure } from './failure';
import { mergeFields, recordWins, type Stamps } from './merge';
import { z } from 'zod';

export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };

export interface Desk {
  id: string;
  name: string;
  unitCode: string;
  role: DeskRole;
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const iso = (ms: number) => new Date(ms).toISOString();

// ---- Enrollment ------------------------------------------------------------------------------

export async function createEnrollmentToken(
  db: Db,
  clock: Clock,
  opts: { unitCode: string; role?: DeskRole; note?: string; validForMs?: number },
): Promise<string> {
  const token = crypto.randomBytes(24).toString('base64url');
  const now = clock.now();
  await db.query(
    'INSERT INTO enrollment_tokens (token_hash, unit_code, role, note, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
    [sha256(token), opts.unitCode, opts.role ?? 'officer', opts.note ?? '', iso(now), opts.validForMs ? iso(now + opts.validForMs) : null],
  );
  return token;
}

export async function revokeEnrollmentToken(db: Db, clock: Clock, token: string): Promise<boolean> {
  const r = await db.query('UPDATE enrollment_tokens SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL', [sha256(token), iso(clock.now())]);
  return (r.rowCount ?? 0) > 0;
}

export async function revokeDesk(db: Db, clock: Clock, deskId: string): Promise<boolean> {
  const r = await db.query('UPDATE desks SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [deskId, iso(clock.now())]);
  return (r.rowCount ?? 0) > 0;
}

export async function enroll(db: Db, clock: Clock, req: EnrollRequest): Promise<EnrollResponse> {
  const now = clock.now();
  return inTransaction(db, async (tx) => {
    const t = await tx.query<{ unit_code: string; role: DeskRole; expires_at: Date | null; used_at: Date | null; revoked_at: Date | null }>(
      'SELECT unit_code, role, expires_at, used_at, revoked_at FROM enrollment_tokens WHERE token_hash = $1 FOR UPDATE',
      [sha256(req.token)],
    );
    const row = t.rows[0];
    if (!row || row.used_at || row.revoked_at || (row.expires_at && row.expires_at.getTime() <= now)) {
      throw new SyncFailure(401, 'ENROLL_TOKEN_INVALID');
    }
    const deskId = crypto.randomUUID();
    const secret = crypto.randomBytes(32).toString('base64url');
    await tx.query('INSERT INTO desks (id, name, unit_code, role, secret_hash, enrolled_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      deskId,
      req.deskName,
      row.unit_code,
      row.role,
      sha256(secret),
      iso(now),
    ]);
    await tx.query('UPDATE enrollment_tokens SET used_at = $2, used_by = $3 WHERE token_hash = $1', [sha256(req.token), iso(now), deskId]);
    return { deskId, secret, unitCode: row.unit_code, role: row.role, serverTime: iso(now) };
  });
}

/** The desk behind `Authorization: Bearer <deskId>.<secret>`, or 401. */
export async function authenticate(db: Db, authorization: string | undefined): Promise<Desk> {
  const m = /^Bearer ([0-9a-f-]{36})\.([A-Za-z0-9_-]{20,100})$/.exec(authorization ?? '');
  if (!m) throw new SyncFailure(401, 'UNAUTHORIZED');
  const r = await db.query<{ id: string; name: string; unit_code: string; role: DeskRole; secret_hash: string; revoked_at: Date | null }>(
    'SELECT id, name, unit_code, role, secret_hash, revoked_at FROM desks WHERE id = $1',
    [m[1]],
  );
  const d = r.rows[0];
  const given = Buffer.from(sha256(m[2]), 'hex');
  if (!d || d.revoked_at || !crypto.timingSafeEqual(given, Buffer.from(d.secret_hash, 'hex'))) throw new SyncFailure(401, 'UNAUTHORIZED');
  return { id: d.id, name: d.name, unitCode: d.unit_code, role: d.role };
}

// ---- Clock -----------------------------------------------------------------------------------

/** Desk clock minus receiver clock (0 without a readable desk time). */
export function measureSkew(deskTime: string | undefined, now: number): number {
  const t = deskTime ? Date.parse(deskTime) : NaN;
  return Number.isFinite(t) ? t - now : 0;
}

export function clockReport(skewMs: number, now: number): ClockReport {
  return { serverTime: iso(now), skewMs, ...(Math.abs(skewMs) > CLOCK_SKEW_TOLERANCE_MS ? { warning: SYNC_MESSAGES.CLOCK_SKEW } : {}) };
}

/**
 * The time a desk's change is ordered by: its own time, shifted by the measured skew when the desk
 * clock is off by more than the tolerance, and never later than the receiver's now (a desk clock
 * in the future must not win every later change).
 */
export function orderedTime(deskAt: number, skewMs: number, now: number): number {
  const t = Math.abs(skewMs) > CLOCK_SKEW_TOLERANCE_MS ? deskAt - skewMs : deskAt;
  return Math.min(t, now);
}

// ---- Shared writes ---------------------------------------------------------------------------

function unitAllowed(desk: Desk, unitCode: string): boolean {
  return unitCode === desk.unitCode || unitCode.startsWith(`${desk.unitCode}.`);
}

async function lockChanges(tx: Tx): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.changes]);
}

async function addChange(tx: Tx, c: { origin: string; unitCode: string | null; kind: Change['kind']; entityKey: string; at: number; payload: unknown }): Promise<void> {
  await tx.query('INSERT INTO changes (origin, unit_code, kind, entity_key, at, payload) VALUES ($1, $2, $3, $4, $5, $6)', [
    c.origin,
    c.unitCode,
    c.kind,
    c.entityKey,
    iso(c.at),
    JSON.stringify(c.payload),
  ]);
}

/**
 * Dossiers this transaction has locked (FOR UPDATE, held to commit), by key, with their fields as
 * this transaction left them: a batch touching one dossier ten times locks and reads it once.
 */
type Locked = Map<string, { fields: Record<string, unknown>; stamps: Stamps }>;

const dossierKey = (key: DossierKey) => `${key.unitCode}\u0000${key.code}`;

/**
 * What a push batch writes, collected item by item and written at its end with one statement per
 * table, in item order (change ids and relay jobs keep the order of the items). The dossiers are
 * locked as they are met, so the rows these writes refer to exist and nobody else changes them.
 */
interface BatchWrites {
  locked: Locked;
  /** Dossiers whose fields changed: written once each. */
  dirty: Map<string, DossierKey>;
  /** Event ids stored before the batch or in it (the same event under another seq is kept once). */
  eventIds: Set<string>;
  events: { id: string; unitCode: string; code: string; origin: string; status: number; at: string; orderedAt: string; seq: number; data: string }[];
  changes: { origin: string; unitCode: string; kind: string; entityKey: string; at: string; payload: string }[];
  relay: { kind: 'dossier' | 'progress'; unitCode: string; code: string; eventId: string | null }[];
  relayDossiers: Set<string>;
  /** Files the receiver holds, among those the batch's component items name. */
  files: Set<string>;
  /** Component files as stored before the batch or as it left them, by key; `write`: to be written. */
  components: Map<string, { unitCode: string; code: string; componentCode: string; data: unknown; stamp: Stamp; write: boolean }>;
}

const componentKey = (unitCode: string, code: string, componentCode: string) => `${unitCode}\u0000${code}\u0000${componentCode}`;

/** Reads once what the batch's component items need: which of their files are stored, and their current rows. */
async function readComponentState(tx: Tx, b: BatchWrites, rawItems: unknown[]): Promise<void> {
  const shas: string[] = [];
  const keys: { unitCode: string; code: string; componentCode: string }[] = [];
  for (const raw of rawItems) {
    const r = (raw ?? {}) as { kind?: unknown; payload?: unknown };
    if (r.kind !== 'componentFile') continue;
    const p = (r.payload ?? {}) as { sha256?: unknown; unitCode?: unknown; code?: unknown; componentCode?: unknown };
    if (typeof p.sha256 === 'string') shas.push(p.sha256);
    if (typeof p.unitCode === 'string' && typeof p.code === 'string' && typeof p.componentCode === 'string') keys.push({ unitCode: p.unitCode, code: p.code, componentCode: p.componentCode });
  }
  if (shas.length > 0) {
    for (const r of (await tx.query<{ sha256: string }>('SELECT sha256 FROM files WHERE sha256 = ANY($1::text[])', [shas])).rows) b.files.add(r.sha256);
  }
  if (keys.length > 0) {
    const rows = await tx.query<{ unit_code: string; code: string; component_code: string; data: unknown; stamp: Stamp }>(
      `SELECT c.unit_code, c.code, c.component_code, c.data, c.stamp FROM component_files c
       JOIN unnest($1::text[], $2::text[], $3::text[]) AS u(unit_code, code, component_code) USING (unit_code, code, component_code)`,
      [keys.map((k) => k.unitCode), keys.map((k) => k.code), keys.map((k) => k.componentCode)],
    );
    for (const r of rows.rows) {
      b.components.set(componentKey(r.unit_code, r.code, r.component_code), { unitCode: r.unit_code, code: r.code, componentCode: r.component_code, data: r.data, stamp: r.stamp, write: false });
    }
  }
}

function batchChange(b: BatchWrites, c: { origin: string; unitCode: string; kind: Change['kind']; entityKey: string; at: number; payload: unknown }): void {
  b.changes.push({ origin: c.origin, unitCode: c.unitCode, kind: c.kind, entityKey: c.entityKey, at: iso(c.at), payload: JSON.stringify(c.payload) });
}

function batchDossierRelay(b: BatchWrites, key: DossierKey): void {
  const k = dossierKey(key);
  if (b.relayDossiers.has(k)) return;
  b.relayDossiers.add(k);
  b.relay.push({ kind: 'dossier', unitCode: key.unitCode, code: key.code, eventId: null });
}

async function writeBatch(tx: Tx, b: BatchWrites, now: number): Promise<void> {
  const col = <T, K extends keyof T>(rows: T[], k: K) => rows.map((x) => x[k]);
  const comps = [...b.components.values()].filter((x) => x.write);
  if (comps.length > 0) {
    await tx.query(
      `INSERT INTO component_files (unit_code, code, component_code, data, stamp)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::jsonb[])
       ON CONFLICT (unit_code, code, component_code) DO UPDATE SET data = EXCLUDED.data, stamp = EXCLUDED.stamp`,
      [col(comps, 'unitCode'), col(comps, 'code'), col(comps, 'componentCode'), comps.map((x) => JSON.stringify(x.data)), comps.map((x) => JSON.stringify(x.stamp))],
    );
  }
  if (b.dirty.size > 0) {
    const keys = [...b.dirty.values()];
    const rows = keys.map((k) => ({ ...k, ...b.locked.get(dossierKey(k))! }));
    await tx.query(
      `UPDATE dossiers d SET fields = u.fields, stamps = u.stamps, updated_at = $1
       FROM unnest($2::text[], $3::text[], $4::jsonb[], $5::jsonb[]) AS u(unit_code, code, fields, stamps)
       WHERE d.unit_code = u.unit_code AND d.code = u.code`,
      [iso(now), col(rows, 'unitCode'), col(rows, 'code'), rows.map((r) => JSON.stringify(r.fields)), rows.map((r) => JSON.stringify(r.stamps))],
    );
  }
  const e = b.events;
  if (e.length > 0) {
    await tx.query(
      `INSERT INTO dossier_events (id, unit_code, code, origin, status, at, ordered_at, seq, data)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::timestamptz[], $7::timestamptz[], $8::bigint[], $9::jsonb[])
       ON CONFLICT DO NOTHING`,
      [col(e, 'id'), col(e, 'unitCode'), col(e, 'code'), col(e, 'origin'), col(e, 'status'), col(e, 'at'), col(e, 'orderedAt'), col(e, 'seq'), col(e, 'data')],
    );
  }
  const c = b.changes;
  if (c.length > 0) {
    await tx.query(
      `INSERT INTO changes (origin, unit_code, kind, entity_key, at, payload)
       SELECT u.origin, u.unit_code, u.kind, u.entity_key, u.at, u.payload
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::jsonb[]) WITH ORDINALITY AS u(origin, unit_code, kind, entity_key, at, payload, n)
       ORDER BY u.n`,
      [col(c, 'origin'), col(c, 'unitCode'), col(c, 'kind'), col(c, 'entityKey'), col(c, 'at'), col(c, 'payload')],
    );
  }
  const r = b.relay;
  if (r.length > 0) {
    // One pending dossier job per dossier and one job per event (the unique indexes): an existing one keeps its place.
    await tx.query(
      `INSERT INTO relay_jobs (kind, unit_code, code, event_id, state, next_attempt_at, created_at)
       SELECT u.kind, u.unit_code, u.code, u.event_id, 'pending', $1, $1
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS u(kind, unit_code, code, event_id, n)
       ORDER BY u.n
       ON CONFLICT DO NOTHING`,
      [iso(now), col(r, 'kind'), col(r, 'unitCode'), col(r, 'code'), col(r, 'eventId')],
    );
  }
}

async function lockDossier(tx: Tx, key: DossierKey, now: number, locked?: Locked): Promise<{ fields: Record<string, unknown>; stamps: Stamps }> {
  const k = dossierKey(key);
  const held = locked?.get(k);
  if (held) return held;
  await tx.query('INSERT INTO dossiers (unit_code, code, created_at, updated_at) VALUES ($1, $2, $3, $3) ON CONFLICT DO NOTHING', [key.unitCode, key.code, iso(now)]);
  const r = await tx.query<{ fields: Record<string, unknown>; stamps: Stamps }>('SELECT fields, stamps FROM dossiers WHERE unit_code = $1 AND code = $2 FOR UPDATE', [
    key.unitCode,
    key.code,
  ]);
  const row = { fields: r.rows[0].fields, stamps: r.rows[0].stamps };
  locked?.set(k, row);
  return row;
}

/** Merges `incoming` into the dossier; within a push batch the row is written at the batch's end. */
async function mergeDossier(tx: Tx, key: DossierKey, incoming: Record<string, unknown>, stamp: Stamp, now: number, batch?: BatchWrites): Promise<Record<string, unknown>> {
  const cur = await lockDossier(tx, key, now, batch?.locked);
  const m = mergeFields(cur.fields, cur.stamps, incoming, stamp);
  if (Object.keys(m.changed).length > 0) {
    cur.fields = m.fields;
    cur.stamps = m.stamps;
    if (batch) {
      batch.dirty.set(dossierKey(key), key);
      return m.changed;
    }
    await tx.query('UPDATE dossiers SET fields = $3, stamps = $4, updated_at = $5 WHERE unit_code = $1 AND code = $2', [
      key.unitCode,
      key.code,
      JSON.stringify(m.fields),
      JSON.stringify(m.stamps),
      iso(now),
    ]);
  }
  return m.changed;
}

/** Queue the dossier for the portal (one pending job per dossier; an existing one keeps its place). */
export async function enqueueDossierRelay(tx: Tx, key: DossierKey, now: number): Promise<void> {
  await tx.query(
    `INSERT INTO relay_jobs (kind, unit_code, code, state, next_attempt_at, created_at) VALUES ('dossier', $1, $2, 'pending', $3, $3)
     ON CONFLICT (unit_code, code) WHERE kind = 'dossier' AND state = 'pending' DO NOTHING`,
    [key.unitCode, key.code, iso(now)],
  );
}


// ---- Push ------------------------------------------------------------------------------------

type Problem = { code: string; message: string };

function badPayload(error: z.ZodError): Problem {
  const issue = error.issues[0];
  const where = issue?.path.length ? ` (trường ${issue.path.join('.')})` : '';
  return { code: 'BAD_REQUEST', message: `${SYNC_MESSAGES.BAD_REQUEST}${where}` };
}

/**
 * Applies one item, or says why it is refused. Every refusal is decided before the first write, so
 * a refused item leaves nothing behind without a savepoint (and the batch's locked dossiers stay as
 * written); an error after that fails the whole batch.
 */
async function applyItem(tx: Tx, desk: Desk, item: OutboxItem, stamp: Stamp, now: number, b: BatchWrites): Promise<Problem | null> {
  const parsed = PAYLOAD_SCHEMAS[item.kind].safeParse(item.payload);
  if (!parsed.success) return badPayload(parsed.error);
  const p = parsed.data;
  if (!unitAllowed(desk, p.unitCode)) return { code: 'UNIT_MISMATCH', message: SYNC_MESSAGES.UNIT_MISMATCH };
  if (item.kind === 'componentFile') {
    const f = p as z.infer<typeof PAYLOAD_SCHEMAS.componentFile>;
    if (!f.removed && !b.files.has(f.sha256)) return { code: 'FILE_MISSING', message: SYNC_MESSAGES.FILE_MISSING };
  }
  // From here on nothing is refused.
  const origin = stamp.o;
  switch (item.kind) {
    case 'dossier': {
      const d = p as z.infer<typeof PAYLOAD_SCHEMAS.dossier>;
      const key = { unitCode: d.unitCode, code: d.code };
      const changed = await mergeDossier(tx, key, d.fields, stamp, now, b);
      if (Object.keys(changed).length > 0) {
        batchChange(b, { origin, unitCode: d.unitCode, kind: 'dossier', entityKey: d.code, at: stamp.t, payload: { ...key, fields: changed } });
        batchDossierRelay(b, key);
      }
      return null;
    }
    case 'dossierEvent': {
      const e = p as z.infer<typeof PAYLOAD_SCHEMAS.dossierEvent>;
      const key = { unitCode: e.unitCode, code: e.code };
      const eventId = `${desk.id}/${item.entityId}`;
      await lockDossier(tx, key, now, b.locked);
      const data = { status: e.status, officerName: e.officerName, officerTitle: e.officerTitle, department: e.department, note: e.note, dueAt: e.dueAt, at: item.at };
      if (b.eventIds.has(eventId)) return null; // the same event under another seq: kept once
      b.eventIds.add(eventId);
      b.events.push({ id: eventId, unitCode: e.unitCode, code: e.code, origin, status: e.status, at: item.at, orderedAt: iso(stamp.t), seq: item.seq, data: JSON.stringify(data) });
      const changed = DESK_STATUSES.includes(e.status) ? await mergeDossier(tx, key, { status: e.status }, stamp, now, b) : {};
      batchChange(b, { origin, unitCode: e.unitCode, kind: 'dossierEvent', entityKey: e.code, at: stamp.t, payload: { ...key, eventId, ...data, statusApplied: 'status' in changed } });
      b.relay.push({ kind: 'progress', unitCode: key.unitCode, code: key.code, eventId });
      if ('status' in changed) batchDossierRelay(b, key);
      return null;
    }
    case 'componentFile': {
      const f = p as z.infer<typeof PAYLOAD_SCHEMAS.componentFile>;
      const key = { unitCode: f.unitCode, code: f.code };
      await lockDossier(tx, key, now, b.locked);
      const data = { name: f.name, sha256: f.sha256, digitized: f.digitized, reused: f.reused, fromNationalStore: f.fromNationalStore, removed: f.removed };
      const ck = componentKey(f.unitCode, f.code, f.componentCode);
      const row = b.components.get(ck);
      if (!recordWins(stamp, data, row?.stamp, row?.data)) return null;
      b.components.set(ck, { unitCode: f.unitCode, code: f.code, componentCode: f.componentCode, data, stamp, write: true });
      batchChange(b, { origin, unitCode: f.unitCode, kind: 'componentFile', entityKey: f.code, at: stamp.t, payload: { ...key, componentCode: f.componentCode, ...data } });
      batchDossierRelay(b, key);
      return null;
    }
    case 'guided':
    case 'message': {
      const r = p as z.infer<typeof PAYLOAD_SCHEMAS.guided>;
      await writeRecord(tx, { kind: item.kind, entityId: item.entityId, unitCode: r.unitCode, data: r.data, stamp, change: false });
      return null;
    }
  }
}

async function writeRecord(tx: Tx, r: { kind: string; entityId: string; unitCode: string | null; data: unknown; stamp: Stamp; change: Change['kind'] | false }): Promise<boolean> {
  const cur = await tx.query<{ data: unknown; stamp: Stamp }>('SELECT data, stamp FROM records WHERE kind = $1 AND entity_id = $2 FOR UPDATE', [r.kind, r.entityId]);
  const row = cur.rows[0];
  if (!recordWins(r.stamp, r.data, row?.stamp, row?.data)) return false;
  await tx.query(
    `INSERT INTO records (kind, entity_id, unit_code, data, stamp) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (kind, entity_id) DO UPDATE SET unit_code = EXCLUDED.unit_code, data = EXCLUDED.data, stamp = EXCLUDED.stamp`,
    [r.kind, r.entityId, r.unitCode, JSON.stringify(r.data), JSON.stringify(r.stamp)],
  );
  if (r.change) await addChange(tx, { origin: r.stamp.o, unitCode: r.unitCode, kind: r.change, entityKey: r.entityId, at: r.stamp.t, payload: r.data });
  return true;
}

/** Applies a batch from one desk; each item is answered on its own (see docs/sync-protocol.md, "Push"). */
export async function push(db: Db, clock: Clock, desk: Desk, rawItems: unknown[], deskTime?: string): Promise<PushResponse> {
  const now = clock.now();
  const skewMs = measureSkew(deskTime, now);
  return inTransaction(db, async (tx) => {
    await lockChanges(tx);
    const results: PushItemResult[] = [];
    // What the inbox already holds for the batch's seqs, read once; the batch's own rows join it as
    // they are decided (a seq twice in one batch is answered like a redelivery) and are written
    // together at the end.
    const seqs = rawItems.map((x) => (x as { seq?: unknown } | null)?.seq).filter((x): x is number => Number.isSafeInteger(x));
    const seen = new Map<number, { item_id: string; outcome: string; code: string | null; message: string | null }>();
    const prior = await tx.query<{ seq: string; item_id: string; outcome: string; code: string | null; message: string | null }>(
      'SELECT seq, item_id, outcome, code, message FROM inbox WHERE desk_id = $1 AND seq = ANY($2::bigint[])',
      [desk.id, seqs],
    );
    for (const r of prior.rows) seen.set(Number(r.seq), r);
    const inbox: { seq: number; itemId: string; kind: string; entityId: string; deskAt: string; orderedAt: string; outcome: string; code: string | null; message: string | null }[] = [];
    const b: BatchWrites = { locked: new Map(), dirty: new Map(), eventIds: new Set(), events: [], changes: [], relay: [], relayDossiers: new Set(), files: new Set(), components: new Map() };
    await readComponentState(tx, b, rawItems);
    const eventIds = rawItems.flatMap((x) => {
      const r = (x ?? {}) as { kind?: unknown; entityId?: unknown };
      return r.kind === 'dossierEvent' && typeof r.entityId === 'string' ? [`${desk.id}/${r.entityId}`] : [];
    });
    if (eventIds.length > 0) {
      for (const r of (await tx.query<{ id: string }>('SELECT id FROM dossier_events WHERE id = ANY($1::text[])', [eventIds])).rows) b.eventIds.add(r.id);
    }
    for (const raw of rawItems) {
      const parsed = OutboxItemSchema.safeParse(raw);
      if (!parsed.success) {
        const r = (raw ?? {}) as { seq?: unknown; id?: unknown };
        results.push({ seq: typeof r.seq === 'number' ? r.seq : 0, id: typeof r.id === 'string' ? r.id : '', outcome: 'rejected', ...badPayload(parsed.error) });
        continue;
      }
      const item = parsed.data;
      if (item.deskId !== desk.id) {
        results.push({ seq: item.seq, id: item.id, outcome: 'rejected', code: 'DESK_MISMATCH', message: SYNC_MESSAGES.DESK_MISMATCH });
        continue;
      }
      const prev = seen.get(item.seq);
      if (prev) {
        if (prev.item_id !== item.id) results.push({ seq: item.seq, id: item.id, outcome: 'rejected', code: 'SEQ_CONFLICT', message: SYNC_MESSAGES.SEQ_CONFLICT });
        else if (prev.outcome === 'rejected') results.push({ seq: item.seq, id: item.id, outcome: 'rejected', code: prev.code ?? 'BAD_REQUEST', message: prev.message ?? SYNC_MESSAGES.BAD_REQUEST });
        else results.push({ seq: item.seq, id: item.id, outcome: 'duplicate' });
        continue;
      }
      const orderedAt = orderedTime(Date.parse(item.at), skewMs, now);
      const stamp: Stamp = { t: orderedAt, o: `desk:${desk.id}`, s: item.seq };
      const problem = await applyItem(tx, desk, item, stamp, now, b);
      const row = { item_id: item.id, outcome: problem ? 'rejected' : 'accepted', code: problem?.code ?? null, message: problem?.message ?? null };
      seen.set(item.seq, row);
      inbox.push({ seq: item.seq, itemId: item.id, kind: item.kind, entityId: item.entityId, deskAt: item.at, orderedAt: iso(orderedAt), outcome: row.outcome, code: row.code, message: row.message });
      results.push(problem ? { seq: item.seq, id: item.id, outcome: 'rejected', ...problem } : { seq: item.seq, id: item.id, outcome: 'accepted' });
    }
    await writeBatch(tx, b, now);
    if (inbox.length > 0) {
      const col = <K extends keyof (typeof inbox)[number]>(k: K) => inbox.map((x) => x[k]);
      await tx.query(
        `INSERT INTO inbox (desk_id, seq, item_id, kind, entity_id, desk_at, ordered_at, received_at, outcome, code, message)
         SELECT $1, u.seq, u.item_id, u.kind, u.entity_id, u.desk_at, u.ordered_at, $2, u.outcome, u.code, u.message
         FROM unnest($3::bigint[], $4::uuid[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::text[], $10::text[], $11::text[])
           AS u(seq, item_id, kind, entity_id, desk_at, ordered_at, outcome, code, message)`,
        [desk.id, iso(now), col('seq'), col('itemId'), col('kind'), col('entityId'), col('deskAt'), col('orderedAt'), col('outcome'), col('code'), col('message')],
      );
    }
    const contiguousSeq = await advanceContiguous(tx, desk.id);
    await tx.query('UPDATE desks SET last_skew_ms = $2 WHERE id = $1', [desk.id, Math.round(skewMs)]);
    return { ...clockReport(skewMs, now), results, contiguousSeq };
  });
}

async function advanceContiguous(tx: Tx, deskId: string): Promise<number> {
  const r = await tx.query<{ c: string }>(
    `WITH d AS (SELECT contiguous_seq FROM desks WHERE id = $1 FOR UPDATE),
          s AS (SELECT seq, seq - row_number() OVER (ORDER BY seq) AS grp FROM inbox WHERE desk_id = $1 AND seq > (SELECT contiguous_seq FROM d))
     SELECT COALESCE((SELECT max(seq) FROM s WHERE grp = (SELECT contiguous_seq FROM d)), (SELECT contiguous_seq FROM d)) AS c`,
    [deskId],
  );
  const c = Number(r.rows[0].c);
  await tx.query('UPDATE desks SET contiguous_seq = $2 WHERE id = $1', [deskId, c]);
  return c;
}

// ---- Upstream and administrator changes ------------------------------------------------------

export const UpstreamChangeSchema = z.object({
  code: z.string().min(1).max(64),
  unitCode: z.string().min(1).max(64),
  /** When the change happened upstream. */
  at: z.string().datetime({ offset: true }),
  /** Orders two upstream changes of the same instant (a version number upstream). */
  seq: z.number().int().min(0).default(0),
  fields: DossierUpstreamSchema,
});
export type UpstreamChange = z.input<typeof UpstreamChangeSchema>;

/** A status, result, online payment or complaint set upstream; returns the fields that took effect. */
export async function applyUpstream(db: Db, clock: Clock, input: UpstreamChange): Promise<DossierUpstream> {
  const c = UpstreamChangeSchema.parse(input);
  const now = clock.now();
  return inTransaction(db, async (tx) => {
    await lockChanges(tx);
    const key = { unitCode: c.unitCode, code: c.code };
    const stamp: Stamp = { t: Math.min(Date.parse(c.at), now), o: 'upstream', s: c.seq };
    const changed = await mergeDossier(tx, key, c.fields, stamp, now);
    if (Object.keys(changed).length > 0) {
      await addChange(tx, { origin: 'upstream', unitCode: c.unitCode, kind: 'dossier', entityKey: c.code, at: stamp.t, payload: { ...key, fields: changed } });
    }
    return changed as DossierUpstream;
  });
}

/** A catalog entry or a calendar from the administrator (unitCode null: every unit). */
export async function applyAdminRecord(
  db: Db,
  clock: Clock,
  r: { kind: 'catalog' | 'calendar'; entityId: string; unitCode: string | null; data: unknown; at?: string },
): Promise<boolean> {
  const now = clock.now();
  return inTransaction(db, async (tx) => {
    await lockChanges(tx);
    const t = r.at ? Math.min(Date.parse(r.at), now) : now;
    return writeRecord(tx, { kind: r.kind, entityId: r.entityId, unitCode: r.unitCode, data: r.data, stamp: { t, o: 'admin', s: 0 }, change: r.kind });
  });
}

// ---- Pull ------------------------------------------------------------------------------------

export async function pull(db: Db, clock: Clock, desk: Desk, q: { cursor: number; unit?: string; limit?: number; deskTime?: string }): Promise<PullResponse> {
  const now = clock.now();
  const unit = q.unit || desk.unitCode;
  if (!unitAllowed(desk, unit)) throw new SyncFailure(403, 'FORBIDDEN_UNIT');
  const limit = Math.max(1, Math.min(q.limit ?? 500, 1000));
  const r = await db.query<{ id: string; origin: string; origin_name: string | null; unit_code: string | null; kind: Change['kind']; entity_key: string; at: Date; payload: unknown }>(
    `SELECT c.id, c.origin, k.name AS origin_name, c.unit_code, c.kind, c.entity_key, c.at, c.payload FROM changes c
       LEFT JOIN desks k ON c.origin = 'desk:' || k.id
     WHERE c.id > $1
       AND (c.unit_code IS NULL OR c.unit_code = $2 OR c.unit_code LIKE $3)
       AND c.origin <> $4
       AND (c.origin NOT LIKE 'desk:%' OR $5)
     ORDER BY c.id LIMIT $6`,
    [q.cursor, unit, `${unit}.%`, `desk:${desk.id}`, desk.role === 'supervisor', limit + 1],
  );
  const rows = r.rows.slice(0, limit);
  const changes: Change[] = rows.map((c) => ({
    changeId: Number(c.id),
    kind: c.kind,
    origin: c.origin,
    ...(c.origin_name !== null ? { originName: c.origin_name } : {}),
    unitCode: c.unit_code,
    entityKey: c.entity_key,
    at: c.at.toISOString(),
    payload: c.payload,
  }));
  return {
    ...clockReport(measureSkew(q.deskTime, now), now),
    changes,
    cursor: changes.length ? changes[changes.length - 1].changeId : q.cursor,
    more: r.rows.length > limit,
  };
}
