// Property: whatever the interleaving — batches reordered, items delivered twice, several desks and
// upstream changes mixed — the receiver ends in the same state as with one orderly delivery, with
// every event applied exactly once.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../shared/contract/sync';
import { migrate, openDb, type Db } from '../../server/db/db';
import { applyUpstream, push, type Desk, type UpstreamChange } from '../../server/sync/receiver';
import { TestClock, postgresProblem, throwawayDatabase } from './helpers';
import { makeRng } from '../helpers/rng';

const skip = await postgresProblem();
const UNIT = '000.00.01.H01';
const CODES = ['H01-P-0001', 'H01-P-0002'];
const DESKS: Desk[] = [0, 1, 2].map((i) => ({ id: `00000000-0000-4000-8000-00000000000${i}`, name: `Quầy ${i}`, unitCode: UNIT, role: 'officer' }));

interface Scenario {
  items: Map<string, OutboxItem[]>;
  upstream: UpstreamChange[];
}

function scenario(seed: number, base: number): Scenario {
  const r = makeRng(seed);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  // Times on a coarse grid so that ties happen and the tie-breaks are exercised.
  const at = () => new Date(base - Math.floor(r() * 20) * 60_000).toISOString();
  const items = new Map<string, OutboxItem[]>();
  let n = 0;
  for (const desk of DESKS) {
    const list: OutboxItem[] = [];
    const count = 3 + Math.floor(r() * 6);
    for (let seq = 1; seq <= count; seq++) {
      const code = pick(CODES);
      const id = `${seed.toString(16).padStart(8, '0').slice(-8)}-0000-4000-8000-${String(++n).padStart(12, '0')}`;
      const kind = r() < 0.5 ? 'dossier' : 'dossierEvent';
      const payload =
        kind === 'dossier'
          ? { code, unitCode: UNIT, fields: r() < 0.5 ? { summary: `tóm tắt ${Math.floor(r() * 4)}` } : { fieldCode: `LV${Math.floor(r() * 3)}`, summary: `khác ${Math.floor(r() * 4)}` } }
          : { code, unitCode: UNIT, status: pick([1, 2, 3, 7, 10, 4]) };
      list.push({ deskId: desk.id, seq, id, kind, entityId: `e-${n}`, at: at(), payload });
    }
    items.set(desk.id, list);
  }
  const upstream: UpstreamChange[] = [];
  const ups = Math.floor(r() * 5);
  for (let i = 0; i < ups; i++) upstream.push({ code: pick(CODES), unitCode: UNIT, at: at(), seq: i, fields: r() < 0.5 ? { status: pick([4, 5, 9]) } : { paidOnline: pick([0, 1, 2]) as 0 | 1 | 2, complaint: r() < 0.5 } });
  return { items, upstream };
}

type Op = { desk: Desk; batch: OutboxItem[] } | { up: UpstreamChange };

/** The same deliveries, shuffled, some twice, in batches of random sizes. */
function messy(s: Scenario, seed: number): Op[] {
  const r = makeRng(seed ^ 0x5bd1e995);
  const shuffle = <T,>(xs: T[]) => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  };
  const ops: Op[] = [];
  for (const desk of DESKS) {
    const list = [...s.items.get(desk.id)!];
    for (const it of s.items.get(desk.id)!) if (r() < 0.4) list.push(it);
    shuffle(list);
    while (list.length) ops.push({ desk, batch: list.splice(0, 1 + Math.floor(r() * 3)) });
  }
  for (const up of s.upstream) {
    ops.push({ up });
    if (r() < 0.3) ops.push({ up });
  }
  return shuffle(ops);
}

function orderly(s: Scenario): Op[] {
  return [...DESKS.map((desk) => ({ desk, batch: s.items.get(desk.id)! })), ...s.upstream.map((up) => ({ up }))];
}

async function reset(db: Db): Promise<void> {
  // DELETE, not TRUNCATE: much faster on tables this small.
  await db.query('DELETE FROM inbox; DELETE FROM dossier_events; DELETE FROM component_files; DELETE FROM records; DELETE FROM changes; DELETE FROM relay_log; DELETE FROM relay_jobs; DELETE FROM dossiers; UPDATE desks SET contiguous_seq = 0');
}

async function run(db: Db, clock: TestClock, ops: Op[]): Promise<unknown> {
  for (const op of ops) {
    if ('up' in op) await applyUpstream(db, clock, op.up);
    else await push(db, clock, op.desk, op.batch);
  }
  const q = async (sql: string) => (await db.query(sql)).rows;
  return {
    dossiers: await q('SELECT unit_code, code, fields, stamps FROM dossiers ORDER BY code'),
    events: await q('SELECT id, status, origin, ordered_at FROM dossier_events ORDER BY id'),
    inbox: await q("SELECT desk_id, seq, item_id, outcome FROM inbox ORDER BY desk_id, seq"),
    desks: await q('SELECT id, contiguous_seq FROM desks ORDER BY id'),
  };
}

describe.skipIf(skip)('convergence under duplicate and reordered deliveries', () => {
  let db: Db;
  let drop: () => Promise<void>;
  const clock = new TestClock();
  beforeAll(async () => {
    const d = await throwawayDatabase();
    drop = d.drop;
    db = openDb(d.url, 3);
    await migrate(db);
    for (const desk of DESKS) {
      await db.query("INSERT INTO desks (id, name, unit_code, role, secret_hash, enrolled_at) VALUES ($1, $2, $3, 'officer', 'x', now())", [desk.id, desk.name, desk.unitCode]);
    }
  });
  afterAll(async () => {
    await db?.end();
    await drop?.();
  });

  it('any interleaving ends in the orderly state; no event lost or applied twice', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        const s = scenario(seed, clock.now());
        await reset(db);
        const expected = (await run(db, clock, orderly(s))) as { events: unknown[]; inbox: unknown[]; desks: { contiguous_seq: string }[] };
        await reset(db);
        const got = await run(db, clock, messy(s, seed));
        expect(got).toEqual(expected);
        const all = [...s.items.values()].flat();
        expect(expected.inbox).toHaveLength(all.length);
        expect(expected.events).toHaveLength(all.filter((i) => i.kind === 'dossierEvent').length);
        expect(expected.desks.map((d) => Number(d.contiguous_seq))).toEqual(DESKS.map((d) => s.items.get(d.id)!.length));
      }),
      { numRuns: 20 },
    );
  });
});
