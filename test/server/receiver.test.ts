// The province receiver against a real PostgreSQL: enrollment, protocol version, push idempotency
// and ordering, per-item rejection, pull cursors, last-writer-wins and clock skew.
import { describe, expect, it } from 'vitest';
import { SYNC_HEADERS, SYNC_MESSAGES } from '../../shared/contract/sync';
import { createEnrollmentToken, revokeEnrollmentToken } from '../../server/sync/receiver';
import { ADMIN_TOKEN, TestDesk, call, dossierRow, postgresProblem, upstream, type Receiver } from './helpers';
import { receiverForFile } from './receiver-per-file';

const skip = await postgresProblem();
const UNIT = '000.00.01.H01';

describe.skipIf(skip)('province receiver', () => {
  let r: Receiver;
  receiverForFile((x) => (r = x));

  const at = (minutesAgo: number) => new Date(r.clock.now() - minutesAgo * 60_000).toISOString();
  const dossier = (code: string, fields: Record<string, unknown>) => ({ code, unitCode: UNIT, fields });

  it('enrolls with a one-time token; a used, revoked or wrong token gets 401 in Vietnamese', async () => {
    const token = await createEnrollmentToken(r.db, r.clock, { unitCode: UNIT });
    const ok = await call(r.base, 'POST', '/v1/enroll', { token, deskName: 'Quầy 1' });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ unitCode: UNIT, role: 'officer' });
    const again = await call(r.base, 'POST', '/v1/enroll', { token, deskName: 'Quầy 2' });
    expect(again.status).toBe(401);
    expect(again.body).toEqual({ code: 'ENROLL_TOKEN_INVALID', message: SYNC_MESSAGES.ENROLL_TOKEN_INVALID });
    const revoked = await createEnrollmentToken(r.db, r.clock, { unitCode: UNIT });
    expect(await revokeEnrollmentToken(r.db, r.clock, revoked)).toBe(true);
    expect((await call(r.base, 'POST', '/v1/enroll', { token: revoked, deskName: 'Quầy 3' })).status).toBe(401);
    expect((await call(r.base, 'POST', '/v1/enroll', { token: 'khong-dung-ma-nay', deskName: 'Quầy 4' })).status).toBe(401);
    // The credential works; a wrong secret and a revoked desk do not.
    const desk = new TestDesk(r.base, ok.body.deskId, ok.body.secret, UNIT);
    expect((await desk.pull(0)).cursor).toBeGreaterThanOrEqual(0);
    const wrong = await call(r.base, 'GET', '/v1/pull?cursor=0', undefined, { authorization: `Bearer ${desk.deskId}.${'x'.repeat(43)}` });
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toBe(SYNC_MESSAGES.UNAUTHORIZED);
    expect((await call(r.base, 'POST', '/admin/desks/revoke', { deskId: desk.deskId }, { authorization: `Bearer ${ADMIN_TOKEN}` })).body).toEqual({ revoked: true });
    expect((await call(r.base, 'GET', '/v1/pull?cursor=0', undefined, desk.auth)).status).toBe(401);
  });

  it('answers 426 in Vietnamese to a desk of another protocol version (or none)', async () => {
    for (const headers of [{ [SYNC_HEADERS.version]: '2' }, { [SYNC_HEADERS.version]: '' }]) {
      const res = await call(r.base, 'POST', '/v1/enroll', { token: 'abcdefgh', deskName: 'x' }, headers);
      expect(res.status).toBe(426);
      expect(res.body).toEqual({ code: 'PROTOCOL_VERSION', message: SYNC_MESSAGES.PROTOCOL_VERSION });
    }
  });

  it('the same batch twice writes one row each; the second answer is "duplicate"', async () => {
    const desk = await TestDesk.enroll(r);
    const items = [
      desk.item('dossier', 'd-1', at(30), dossier('H01-IDEM-0001', { procedureCode: '1.001', applicant: { name: 'Nguyễn Văn A', idNumber: '', address: '', phone: '', email: '' } })),
      desk.item('dossierEvent', 'e-1', at(29), { code: 'H01-IDEM-0001', unitCode: UNIT, status: 2 }),
    ];
    const first = await desk.push(items);
    expect(first.results.map((x) => x.outcome)).toEqual(['accepted', 'accepted']);
    const second = await desk.push(items);
    expect(second.results.map((x) => x.outcome)).toEqual(['duplicate', 'duplicate']);
    expect(second.contiguousSeq).toBe(2);
    const counts = await r.db.query(
      `SELECT (SELECT count(*) FROM inbox WHERE desk_id = $1)::int AS inbox, (SELECT count(*) FROM dossier_events WHERE code = 'H01-IDEM-0001')::int AS events,
              (SELECT count(*) FROM dossiers WHERE code = 'H01-IDEM-0001')::int AS dossiers, (SELECT count(*) FROM changes WHERE entity_key = 'H01-IDEM-0001')::int AS changes`,
      [desk.deskId],
    );
    expect(counts.rows[0]).toEqual({ inbox: 2, events: 1, dossiers: 1, changes: 2 });
    expect((await dossierRow(r.db, UNIT, 'H01-IDEM-0001'))?.fields).toMatchObject({ procedureCode: '1.001', status: 2 });
  });

  it('accepts out-of-order deliveries and reports the highest seq held without a gap', async () => {
    const desk = await TestDesk.enroll(r);
    const items = [1, 2, 3, 4].map((n) => desk.item('dossier', 'd-2', at(20 - n), dossier('H01-ORD-0001', { summary: `bản ${n}` })));
    expect((await desk.push([items[2]])).contiguousSeq).toBe(0);
    expect((await desk.push([items[0], items[0]])).results.map((x) => x.outcome)).toEqual(['accepted', 'duplicate']);
    const gap = await desk.push([items[3]]);
    expect(gap.contiguousSeq).toBe(1); // 2 is missing
    const filled = await desk.push([items[1], items[2]]);
    expect(filled.results.map((x) => x.outcome)).toEqual(['accepted', 'duplicate']);
    expect(filled.contiguousSeq).toBe(4);
    // Whatever the order of arrival, the newest change holds.
    expect((await dossierRow(r.db, UNIT, 'H01-ORD-0001'))?.fields.summary).toBe('bản 4');
  });

  it('a batch touching one dossier many times ends as the same items sent one per batch; a seq reused inside a batch is refused', async () => {
    const items = (desk: TestDesk, code: string) => [
      desk.item('dossier', `${code}-d`, at(30), dossier(code, { procedureCode: '1.001', summary: 'một' })),
      desk.item('dossierEvent', `${code}-e1`, at(29), { code, unitCode: UNIT, status: 2 }),
      desk.item('dossierEvent', `${code}-e2`, at(20), { code, unitCode: UNIT, status: 3 }),
      desk.item('dossier', `${code}-d`, at(25), dossier(code, { summary: 'hai' })),
      desk.item('dossierEvent', `${code}-e3`, at(28), { code, unitCode: UNIT, status: 7 }), // older than e2: status stays 3
      desk.item('dossier', `${code}-d`, at(40), dossier(code, { summary: 'cũ' })), // older: summary stays 'hai'
    ];
    const one = await TestDesk.enroll(r);
    const batch = items(one, 'H01-BAT-0001');
    const res = await one.push([...batch, { ...one.item('dossier', 'x', at(1), dossier('H01-BAT-0001', { summary: 'ba' })), seq: batch[1]!.seq }]);
    expect(res.results.map((x) => x.outcome)).toEqual(['accepted', 'accepted', 'accepted', 'accepted', 'accepted', 'accepted', 'rejected']);
    expect(res.results[6]).toMatchObject({ code: 'SEQ_CONFLICT' });
    const each = await TestDesk.enroll(r);
    for (const item of items(each, 'H01-BAT-0002')) expect((await each.push([item])).results[0]!.outcome).toBe('accepted');
    const a = await dossierRow(r.db, UNIT, 'H01-BAT-0001');
    const b = await dossierRow(r.db, UNIT, 'H01-BAT-0002');
    expect(a?.fields).toEqual(b?.fields);
    expect(a?.fields).toMatchObject({ procedureCode: '1.001', summary: 'hai', status: 3 });
    const changes = async (code: string) => (await r.db.query('SELECT kind, payload FROM changes WHERE entity_key = $1 ORDER BY id', [code])).rows.map((x) => ({ kind: x.kind, fields: x.payload.fields }));
    expect(await changes('H01-BAT-0001')).toEqual(await changes('H01-BAT-0002'));
    expect((await r.db.query('SELECT count(*)::int AS n FROM inbox WHERE desk_id = $1', [one.deskId])).rows[0].n).toBe(6);
  });

  it('component files: the newest stamp wins inside one batch and across batches; an older one changes nothing', async () => {
    const desk = await TestDesk.enroll(r);
    const code = 'H01-CMP-0001';
    const comp = (name: string) => ({ code, unitCode: UNIT, componentCode: '1', name, sha256: '0'.repeat(64), removed: true });
    const first = await desk.push([desk.item('componentFile', 'c-1', at(10), comp('Đơn mới')), desk.item('componentFile', 'c-1', at(20), comp('Đơn cũ'))]);
    expect(first.results.map((x) => x.outcome)).toEqual(['accepted', 'accepted']);
    const row = async () => (await r.db.query('SELECT data FROM component_files WHERE unit_code = $1 AND code = $2', [UNIT, code])).rows.map((x) => x.data.name);
    const changes = async () => (await r.db.query("SELECT payload->>'name' AS name FROM changes WHERE entity_key = $1 AND kind = 'componentFile' ORDER BY id", [code])).rows.map((x) => x.name);
    expect(await row()).toEqual(['Đơn mới']);
    expect(await changes()).toEqual(['Đơn mới']);
    await desk.push([desk.item('componentFile', 'c-1', at(30), comp('Đơn rất cũ'))]);
    expect(await row()).toEqual(['Đơn mới']);
    await desk.push([desk.item('componentFile', 'c-1', at(5), comp('Đơn mới nhất')), desk.item('componentFile', 'c-1', at(4), comp('Đơn sau cùng'))]);
    expect(await row()).toEqual(['Đơn sau cùng']);
    expect(await changes()).toEqual(['Đơn mới', 'Đơn mới nhất', 'Đơn sau cùng']);
  });

  it('a rejected item does not block the others; nothing of it is written; redelivery gives the same answer', async () => {
    const desk = await TestDesk.enroll(r);
    const good1 = desk.item('dossier', 'd-3', at(10), dossier('H01-REJ-0001', { summary: 'một' }));
    const bad = desk.item('dossier', 'd-4', at(10), dossier('H01-REJ-0002', { channel: 9 }));
    const foreign = desk.item('dossier', 'd-5', at(10), { code: 'X-0001', unitCode: '000.00.99.H99', fields: { summary: 'không phải của tôi' } });
    const noFile = desk.item('componentFile', 'c-1', at(10), { code: 'H01-REJ-0001', unitCode: UNIT, componentCode: 'TP1', name: 'Đơn', sha256: 'a'.repeat(64) });
    const good2 = desk.item('dossierEvent', 'e-3', at(9), { code: 'H01-REJ-0001', unitCode: UNIT, status: 2 });
    const res = await desk.push([good1, bad, foreign, noFile, good2, { seq: 'x' }]);
    expect(res.results.map((x) => x.outcome)).toEqual(['accepted', 'rejected', 'rejected', 'rejected', 'accepted', 'rejected']);
    expect(res.results[1]).toMatchObject({ code: 'BAD_REQUEST', message: `${SYNC_MESSAGES.BAD_REQUEST} (trường fields.channel)` });
    expect(res.results[2]).toMatchObject({ code: 'UNIT_MISMATCH', message: SYNC_MESSAGES.UNIT_MISMATCH });
    expect(res.results[3]).toMatchObject({ code: 'FILE_MISSING', message: SYNC_MESSAGES.FILE_MISSING });
    expect(res.contiguousSeq).toBe(5);
    expect(await dossierRow(r.db, UNIT, 'H01-REJ-0002')).toBeUndefined();
    expect(await dossierRow(r.db, '000.00.99.H99', 'X-0001')).toBeUndefined();
    expect((await dossierRow(r.db, UNIT, 'H01-REJ-0001'))?.fields).toMatchObject({ summary: 'một', status: 2 });
    const again = await desk.push([bad]);
    expect(again.results[0]).toMatchObject({ outcome: 'rejected', code: 'BAD_REQUEST' });
    // Another item under a seq already used is refused, and nothing changes.
    const reused = { ...desk.item('dossier', 'd-3', at(1), dossier('H01-REJ-0001', { summary: 'hai' })), seq: good1.seq };
    expect((await desk.push([reused])).results[0]).toMatchObject({ outcome: 'rejected', code: 'SEQ_CONFLICT' });
    expect((await dossierRow(r.db, UNIT, 'H01-REJ-0001'))?.fields.summary).toBe('một');
  });

  it('pull returns a status set upstream exactly once per cursor advance; a desk never gets its own changes back', async () => {
    const desk = await TestDesk.enroll(r);
    const other = await TestDesk.enroll(r);
    const supervisor = await TestDesk.enroll(r, UNIT, 'supervisor');
    const start = (await desk.pull(0)).cursor;
    let cursor = start;
    while (true) {
      const page = await desk.pull(cursor);
      cursor = page.cursor;
      if (!page.more) break;
    }
    const supStart = await (async () => {
      let c = 0;
      for (;;) {
        const p = await supervisor.pull(c);
        c = p.cursor;
        if (!p.more) return c;
      }
    })();
    await desk.push([desk.item('dossier', 'd-6', at(5), dossier('H01-PULL-0001', { summary: 'tiếp nhận' }))]);
    await other.push([other.item('dossier', 'd-7', at(5), dossier('H01-PULL-0002', { summary: 'quầy khác' }))]);
    expect((await upstream(r.base, { code: 'H01-PULL-0001', unitCode: UNIT, at: at(1), fields: { status: 4 } })).status).toBe(200);
    const page = await desk.pull(cursor);
    expect(page.changes.map((c) => [c.origin, c.entityKey, c.payload])).toEqual([['upstream', 'H01-PULL-0001', { code: 'H01-PULL-0001', unitCode: UNIT, fields: { status: 4 } }]]);
    const next = await desk.pull(page.cursor);
    expect(next.changes).toEqual([]);
    expect(next.cursor).toBe(page.cursor);
    // The same status again (or an older one) is no change: nothing new to pull.
    await upstream(r.base, { code: 'H01-PULL-0001', unitCode: UNIT, at: at(3), fields: { status: 2 } });
    expect((await desk.pull(page.cursor)).changes).toEqual([]);
    // A supervisor's install also receives other desks' dossiers.
    const sup = await supervisor.pull(supStart);
    expect(sup.changes.map((c) => `${c.origin === 'upstream' ? 'upstream' : 'desk'}:${c.entityKey}`)).toEqual(['desk:H01-PULL-0001', 'desk:H01-PULL-0002', 'upstream:H01-PULL-0001']);
    // Another unit's data is not for this desk.
    expect((await call(r.base, 'GET', '/v1/pull?cursor=0&unit=000.00.02.H02', undefined, desk.auth)).status).toBe(403);
  });

  it('a late older change never overwrites a newer one; upstream owns the processing status', async () => {
    const desk = await TestDesk.enroll(r);
    await upstream(r.base, { code: 'H01-LWW-0001', unitCode: UNIT, at: at(10), fields: { status: 4, paidOnline: 1 } });
    // The desk's reception (older) arrives late: its status (2) loses, its reception data holds.
    const late = await desk.push([
      desk.item('dossier', 'd-8', at(60), dossier('H01-LWW-0001', { summary: 'cấp đổi', receivedAt: at(60) })),
      desk.item('dossierEvent', 'e-8', at(60), { code: 'H01-LWW-0001', unitCode: UNIT, status: 2 }),
      // A processing status from a desk goes into the history, not onto the dossier.
      desk.item('dossierEvent', 'e-9', at(1), { code: 'H01-LWW-0001', unitCode: UNIT, status: 9 }),
      // Upstream-owned fields in a desk's dossier item are dropped.
      desk.item('dossier', 'd-8', at(1), dossier('H01-LWW-0001', { paidOnline: 0, status: 1 } as never)),
    ]);
    expect(late.results.every((x) => x.outcome === 'accepted')).toBe(true);
    expect((await dossierRow(r.db, UNIT, 'H01-LWW-0001'))?.fields).toMatchObject({ status: 4, paidOnline: 1, summary: 'cấp đổi' });
    const events = await r.db.query("SELECT status FROM dossier_events WHERE code = 'H01-LWW-0001' ORDER BY ordered_at");
    expect(events.rows.map((e) => e.status)).toEqual([2, 9]);
    // A newer desk reception change wins over an older one sent later.
    await desk.push([desk.item('dossier', 'd-8', at(2), dossier('H01-LWW-0001', { summary: 'mới' }))]);
    await desk.push([desk.item('dossier', 'd-8', at(50), dossier('H01-LWW-0001', { summary: 'cũ' }))]);
    expect((await dossierRow(r.db, UNIT, 'H01-LWW-0001'))?.fields.summary).toBe('mới');
    // A later upstream status wins.
    await upstream(r.base, { code: 'H01-LWW-0001', unitCode: UNIT, at: at(0), fields: { status: 9 } });
    expect((await dossierRow(r.db, UNIT, 'H01-LWW-0001'))?.fields.status).toBe(9);
  });

  it('a desk clock hours off: the receiver orders by its own time and reports the skew', async () => {
    const desk = await TestDesk.enroll(r);
    const threeHours = 3 * 3600_000;
    await upstream(r.base, { code: 'H01-SKEW-0001', unitCode: UNIT, at: at(10), fields: { status: 2 } });
    // By the desk's clock the refusal happened 2 h 30 min in the future; really 30 minutes ago.
    const deskNow = new Date(r.clock.now() + threeHours).toISOString();
    const res = await desk.push([desk.item('dossierEvent', 'e-10', new Date(r.clock.now() + threeHours - 30 * 60_000).toISOString(), { code: 'H01-SKEW-0001', unitCode: UNIT, status: 3 })], {
      [SYNC_HEADERS.deskTime]: deskNow,
    });
    expect(res.skewMs).toBe(threeHours);
    expect(res.warning).toBe(SYNC_MESSAGES.CLOCK_SKEW);
    expect(res.serverTime).toBe(new Date(r.clock.now()).toISOString());
    expect((await dossierRow(r.db, UNIT, 'H01-SKEW-0001'))?.fields.status).toBe(2);
    const ev = await r.db.query("SELECT ordered_at FROM dossier_events WHERE code = 'H01-SKEW-0001'");
    expect(ev.rows[0].ordered_at.getTime()).toBe(r.clock.now() - 30 * 60_000);
    // A small difference is network delay, not skew: no warning.
    const near = await desk.push([desk.item('message', 'm-1', at(0), { unitCode: UNIT, data: { text: 'xin chào' } })], { [SYNC_HEADERS.deskTime]: new Date(r.clock.now() + 5000).toISOString() });
    expect(near.warning).toBeUndefined();
  });
});
