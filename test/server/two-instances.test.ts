// Two receivers on the same database and file folder: a desk may talk to either, at the same time.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_HEADERS } from '../../shared/contract/sync';
import { LgspPortalAdapter } from '../../server/portal/lgsp';
import { Relay } from '../../server/portal/relay';
import { TestClock, TestDesk, postgresProblem, startReceiver, throwawayDatabase, upstream, v1, type Receiver } from './helpers';
import { startPortalStandin, type Standin } from './portal-standin';

const skip = await postgresProblem();
const UNIT = '000.00.01.H01';

describe.skipIf(skip)('two receivers, one database', () => {
  let a: Receiver;
  let b: Receiver;
  let portal: Standin;
  let drop: () => Promise<void>;
  let filesDir: string;
  beforeAll(async () => {
    const d = await throwawayDatabase();
    drop = d.drop;
    filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-shared-files-'));
    const clock = new TestClock();
    // Both start (and migrate) at once: the advisory lock lets one apply the migrations.
    [a, b] = await Promise.all([startReceiver(d.url, { clock, filesDir }), startReceiver(d.url, { clock, filesDir })]);
    portal = await startPortalStandin();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await portal?.close();
    await drop?.();
    if (filesDir) fs.rmSync(filesDir, { recursive: true, force: true });
  });

  it('enroll on one, push to both at once, pull from either: each item applied once', async () => {
    const desk = await TestDesk.enroll(a);
    const onB = new TestDesk(b.base, desk.deskId, desk.secret, UNIT);
    const at = new Date(a.clock.now() - 60_000).toISOString();
    const items = [
      desk.item('dossier', 'd-1', at, { code: 'H01-2I-0001', unitCode: UNIT, fields: { procedureCode: '1.1', receivedAt: at } }),
      desk.item('dossierEvent', 'e-1', at, { code: 'H01-2I-0001', unitCode: UNIT, status: 2 }),
    ];
    const [ra, rb] = await Promise.all([desk.push(items), onB.push(items)]);
    const outcomes = [...ra.results, ...rb.results].map((x) => x.outcome).sort();
    expect(outcomes).toEqual(['accepted', 'accepted', 'duplicate', 'duplicate']);
    const n = await a.db.query("SELECT (SELECT count(*) FROM dossier_events WHERE code = 'H01-2I-0001')::int AS e, (SELECT count(*) FROM inbox WHERE desk_id = $1)::int AS i", [desk.deskId]);
    expect(n.rows[0]).toEqual({ e: 1, i: 2 });
    await upstream(b.base, { code: 'H01-2I-0001', unitCode: UNIT, at: new Date(a.clock.now()).toISOString(), fields: { status: 4 } });
    const fromA = await desk.pull(0);
    const fromB = await onB.pull(0);
    expect(fromA).toEqual(fromB);
    expect(fromA.changes.map((c) => c.origin)).toEqual(['upstream']);
  });

  it('an upload started on one receiver resumes on the other', async () => {
    const desk = await TestDesk.enroll(b);
    const data = crypto.randomBytes(100_000);
    const sha = crypto.createHash('sha256').update(data).digest('hex');
    const put = (r: Receiver, offset: number, body: Buffer) =>
      fetch(`${r.base}/v1/files/${sha}`, { method: 'PUT', headers: { ...v1, ...desk.auth, [SYNC_HEADERS.uploadOffset]: String(offset), [SYNC_HEADERS.uploadLength]: String(data.length) }, body: new Uint8Array(body) });
    const first = await put(a, 0, data.subarray(0, 40_000));
    expect(first.headers.get(SYNC_HEADERS.uploadOffset)).toBe('40000');
    expect((await put(b, 40_000, data.subarray(40_000))).status).toBe(201);
    expect(Buffer.from(await (await fetch(`${a.base}/files/${sha}`)).arrayBuffer()).equals(data)).toBe(true);
  });

  it('two relays at once send each dossier once', async () => {
    const desk = await TestDesk.enroll(a);
    const at = new Date(a.clock.now() - 60_000).toISOString();
    const codes = ['H01-2I-0101', 'H01-2I-0102', 'H01-2I-0103', 'H01-2I-0104'];
    await desk.push(codes.map((code) => desk.item('dossier', code, at, { code, unitCode: UNIT, fields: { procedureCode: '1.1', receivedAt: at } })));
    const relay = (r: Receiver) =>
      new Relay({ db: r.db, clock: r.clock, publicBaseUrl: 'https://dongbo.example', adapter: new LgspPortalAdapter({ serviceUrl: portal.serviceUrl, authUrl: portal.authUrl, username: 'motcua', password: 'matkhau', madonvi: 'X' }) });
    const [sa, sb] = await Promise.all([relay(a).runOnce(), relay(b).runOnce()]);
    // + the first test's dossier and its history step.
    expect(sa.done + sb.done).toBe(codes.length + 2);
    for (const code of codes) expect(portal.state.creates.get(code)).toBe(1);
    expect([...portal.state.updates.keys()]).toEqual([]);
  });
});
