import { describe, expect, it } from 'vitest';
import { computeIndex, dossierVerdicts, isOnTime, periodEnd } from '../../shared/domain/national-index';
import { indexDossier } from '../helpers/index-dossier';

const NOV = { from: '2026-11-01', to: '2026-11-30' };
const END = periodEnd(NOV);

const dossier = indexDossier;
const at = (iso: string, ms = 0) => new Date(Date.parse(iso) + ms).toISOString();
const DUE = '2026-11-06T17:00:00+07:00';

describe('national index: population', () => {
  it('counts dossiers by their local (UTC+7) day of receipt, both ends of the period included', () => {
    const r = computeIndex(
      [
        dossier({ receivedAt: '2026-10-31T16:59:59Z' }), // 23:59:59 on 31 October, local: out
        dossier({ receivedAt: '2026-10-31T17:00:00Z' }), // 00:00 on 1 November, local: in
        dossier({ receivedAt: '2026-11-30T23:00:00+07:00' }), // last day: in
        dossier({ receivedAt: '2026-11-30T17:00:00Z' }), // 00:00 on 1 December, local: out
      ],
      NOV,
    );
    expect(r.received).toBe(2);
  });

  it('gives no rates, not zeros, when nothing was received', () => {
    const r = computeIndex([], NOV);
    expect(r.onTime).toEqual({ count: 0, of: 0, rate: null, points: null });
    expect(r.satisfaction.rate).toBeNull();
    expect(r.payment.rate).toBeNull();
  });
});

describe('national index: on time', () => {
  it('is on time when ended at the due moment exactly, late a millisecond after', () => {
    expect(isOnTime(dossier({ events: [{ status: 9, at: DUE }] }), END)).toBe(true);
    expect(isOnTime(dossier({ events: [{ status: 9, at: at(DUE, 1) }] }), END)).toBe(false);
  });

  it('ends at processing finished (9), not at the later return (10); a return without 9 ends it', () => {
    expect(isOnTime(dossier({ events: [{ status: 10, at: at(DUE, 86400_000) }, { status: 9, at: at(DUE, -1) }] }), END)).toBe(true);
    expect(isOnTime(dossier({ events: [{ status: 10, at: at(DUE, 1) }] }), END)).toBe(false);
  });

  it('ends refused, stopped and withdrawn dossiers at their own time', () => {
    for (const status of [3, 7, 8] as const) {
      expect(isOnTime(dossier({ events: [{ status, at: at(DUE, -1000) }] }), END)).toBe(true);
      expect(isOnTime(dossier({ events: [{ status, at: at(DUE, 1000) }] }), END)).toBe(false);
    }
  });

  it('counts an unfinished dossier on time until its due moment passes', () => {
    const open = dossier({ events: [{ status: 4, at: '2026-11-03T09:00:00+07:00' }] });
    expect(isOnTime(open, Date.parse('2026-11-06T17:00:00+07:00'))).toBe(true);
    expect(isOnTime(open, Date.parse('2026-11-06T17:00:00+07:00') + 1)).toBe(false);
    // An ending after the period's end is not seen from inside the period.
    const endsLater = dossier({ events: [{ status: 9, at: '2026-12-10T09:00:00+07:00' }] });
    expect(isOnTime(endsLater, periodEnd({ from: '2026-11-01', to: '2026-11-05' }))).toBe(true);
    expect(isOnTime(endsLater, END)).toBe(false);
  });

  it('subtracts time waiting on a supplement request, against the original appointment', () => {
    const request = '2026-11-03T09:00:00+07:00';
    const resume = '2026-11-05T09:00:00+07:00'; // two days paused
    const paused = Date.parse(resume) - Date.parse(request);
    const finished = (ms: number) => dossier({ events: [{ status: 5, at: request }, { status: 4, at: resume }, { status: 9, at: at(DUE, paused + ms) }] });
    expect(isOnTime(finished(0), END)).toBe(true);
    expect(isOnTime(finished(1), END)).toBe(false);
  });

  it('ends a dossier waiting on its only request at the request; a second request still waiting is late', () => {
    expect(isOnTime(dossier({ events: [{ status: 5, at: at(DUE, -1) }] }), END)).toBe(true);
    expect(isOnTime(dossier({ events: [{ status: 5, at: at(DUE, 1) }] }), END)).toBe(false);
    const twice = dossier({
      events: [
        { status: 5, at: '2026-11-03T09:00:00+07:00' },
        { status: 4, at: '2026-11-03T10:00:00+07:00' },
        { status: 5, at: '2026-11-03T11:00:00+07:00' },
      ],
    });
    expect(isOnTime(twice, END)).toBe(false);
  });

  it('has nothing to be late for without a due moment', () => {
    expect(isOnTime(dossier({ dueAt: null }), END)).toBe(true);
  });

  it('scores 20 points × the on-time rate, and overdue = 1 − on time', () => {
    const r = computeIndex([dossier({ events: [{ status: 9, at: DUE }] }), dossier({ events: [{ status: 9, at: at(DUE, 1) }] }), dossier(), dossier()], NOV);
    // The two open dossiers are past due at the end of November.
    expect(r.onTime).toEqual({ count: 1, of: 4, rate: 0.25, points: 5 });
    expect(r.overdue.rate).toBe(0.75);
  });
});

describe('national index: online, digitization, reuse, payment, satisfaction', () => {
  it('counts an online dossier of a paper-result procedure only with an electronic result; full marks at 50 %', () => {
    const r = computeIndex(
      [
        dossier({ channel: 2, resultIsPaper: true }),
        dossier({ channel: 2, resultIsPaper: true, electronicResult: true }),
        dossier({ channel: 2 }),
        dossier({ channel: 3 }),
        dossier({ channel: null }),
      ],
      NOV,
    );
    expect(r.online).toMatchObject({ count: 2, of: 5, rate: 0.4 });
    expect(r.online.fraction).toBeCloseTo(0.8);
    expect(computeIndex([dossier({ channel: 2 }), dossier({ channel: 2 }), dossier()], NOV).online.fraction).toBe(1);
  });

  it('counts digitized dossiers (a paper result needs its result file too); 4 × rate, or full at a configured rate', () => {
    const set = [
      dossier({ componentsDigitized: true }),
      dossier({ componentsDigitized: true, resultIsPaper: true }),
      dossier({ componentsDigitized: true, resultIsPaper: true, electronicResult: true }),
      dossier(),
    ];
    const r = computeIndex(set, NOV);
    expect(r.digitization).toEqual({ count: 2, of: 4, rate: 0.5, points: 2 });
    const strict = computeIndex(set, NOV, strictConfig());
    expect(strict.digitization.points).toBeCloseTo(2.5);
    expect(computeIndex([dossier({ componentsDigitized: true })], NOV, strictConfig()).digitization.points).toBe(4);
  });

  it('scores reuse min(2, 2 × rate ÷ 0.8)', () => {
    const r = computeIndex([dossier({ reused: true }), dossier()], NOV);
    expect(r.reuse.rate).toBe(0.5);
    expect(r.reuse.points).toBeCloseTo(1.25);
    expect(computeIndex([dossier({ reused: true })], NOV).reuse.points).toBe(2);
  });

  it('counts online payment over fee-bearing dossiers, leaving out those whose fee list is all zero', () => {
    const r = computeIndex(
      [
        dossier({ feeBearing: true, fees: [50000], paidOnline: 1 }),
        dossier({ feeBearing: true, fees: [], paidOnline: 2 }),
        dossier({ feeBearing: true, fees: [20000, 0] }),
        dossier({ feeBearing: true, fees: [0, 0], paidOnline: 1 }), // left out
        dossier({ feeBearing: false, paidOnline: 1 }), // left out
      ],
      NOV,
    );
    expect(r.payment).toMatchObject({ count: 2, of: 3 });
    expect(r.payment.points).toBeCloseTo(4);
  });

  it('takes satisfaction as 1 − (overdue rate + complaint rate), never below 0, full at 90 %', () => {
    const ok = dossier({ events: [{ status: 9, at: '2026-11-04T09:00:00+07:00' }] });
    const r = computeIndex([ok, ok, ok, { ...ok, complaint: true }, dossier()], NOV);
    // overdue 1/5, complaints 1/5
    expect(r.satisfaction.rate).toBeCloseTo(0.6);
    expect(r.satisfaction.points).toBeCloseTo(4);
    expect(computeIndex([dossier({ complaint: true })], NOV).satisfaction.rate).toBe(0);
    expect(computeIndex([ok, ok, ok, ok, ok, ok, ok, ok, ok, { ...ok, complaint: true }], NOV).satisfaction.points).toBe(6);
  });
});

function strictConfig() {
  return { onlineFullAt: 0.5, digitizationFullAt: 0.8, reuseFullAt: 0.8, satisfactionFullAt: 0.9 };
}

describe('national index: each dossier\'s verdicts (the evidence behind the numbers)', () => {
  it('gives the verdict per criterion, with the payment verdict absent outside its denominator', () => {
    // Online, paper result, no electronic result: not online, not digitized though its papers are.
    // Judged on 4 November, before its due moment (6 November): on time while in progress.
    const nov4 = Date.parse('2026-11-04T08:00:00+07:00');
    expect(dossierVerdicts(dossier({ channel: 2, resultIsPaper: true, componentsDigitized: true }), nov4)).toEqual({
      onTime: true,
      online: false,
      digitized: false,
      reused: false,
      paid: null,
      complaint: false,
    });
    // Fee-bearing with an all-zero synced fee list: outside the payment denominator.
    expect(dossierVerdicts(dossier({ feeBearing: true, fees: [0, 0] }), END).paid).toBeNull();
    // Fee-bearing, unsynced fee list, paid on the provincial portal: paid.
    expect(dossierVerdicts(dossier({ feeBearing: true, paidOnline: 2 }), END).paid).toBe(true);
    expect(dossierVerdicts(dossier({ feeBearing: true, fees: [8000] }), END).paid).toBe(false);
  });

  it('sums to the same index as computeIndex', () => {
    const done = [{ status: 9 as const, at: '2026-11-05T10:00:00+07:00' }]; // finished before the due moment
    const all = [
      dossier({ events: done, channel: 2, electronicResult: true, resultIsPaper: true, componentsDigitized: true, feeBearing: true, paidOnline: 1 }),
      dossier({ events: [{ status: 5, at: '2026-11-03T08:00:00+07:00' }, { status: 4, at: '2026-11-04T08:00:00+07:00' }, { status: 5, at: '2026-11-05T08:00:00+07:00' }] }),
      dossier({ events: done, complaint: true, reused: true, feeBearing: true, fees: [0] }),
    ];
    const verdicts = all.map((d) => dossierVerdicts(d, END));
    const r = computeIndex(all, NOV);
    expect(r.onTime.count).toBe(verdicts.filter((v) => v.onTime).length);
    expect(r.onTime.count).toBe(2); // the second dossier still waits after a second request: late
    expect(r.online.count).toBe(1);
    expect(r.payment).toEqual({ count: 1, of: 1, rate: 1, points: 6 });
    expect(r.satisfaction.complaints).toBe(1);
  });
});
