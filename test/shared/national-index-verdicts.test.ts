import { describe, expect, it } from 'vitest';
import { computeIndex, indexCriteria, dossierVerdicts, periodEnd } from '../../shared/domain/national-index';
import { indexDossier } from '../helpers/index-dossier';

// Hand-built histories; each expected value is worked out in the comment next to it.
// Period: November 2026 (local days). Received Monday 2 November 08:00, due Friday 6 November 17:00.
const NOV = { from: '2026-11-01', to: '2026-11-30' };
const END = periodEnd(NOV); // 1 December 00:00 local

const dossier = indexDossier;

describe('per-dossier verdicts', () => {
  it('on time: finished (9) before the due moment → on time; the same at 17:01 → late', () => {
    expect(dossierVerdicts(dossier({ events: [{ status: 9, at: '2026-11-06T17:00:00+07:00' }] }), END).onTime).toBe(true); // equal is on time
    expect(dossierVerdicts(dossier({ events: [{ status: 9, at: '2026-11-06T17:01:00+07:00' }] }), END).onTime).toBe(false);
  });

  it('on time: two supplement requests, still waiting at the period end → late', () => {
    // Request 3 Nov 09:00, answered (4) 4 Nov 09:00: 24 h paused. Second request 5 Nov 09:00, never
    // answered. A dossier still waiting after a second request is late whatever the pauses.
    const d = dossier({
      events: [
        { status: 5, at: '2026-11-03T09:00:00+07:00' },
        { status: 4, at: '2026-11-04T09:00:00+07:00' },
        { status: 5, at: '2026-11-05T09:00:00+07:00' },
      ],
    });
    expect(dossierVerdicts(d, END).onTime).toBe(false);
    // With only the first request (answered) and finished 7 Nov 16:00: elapsed end 7 Nov 16:00 − 24 h
    // = 6 Nov 16:00 ≤ due 6 Nov 17:00 → on time.
    const one = dossier({
      events: [
        { status: 5, at: '2026-11-03T09:00:00+07:00' },
        { status: 4, at: '2026-11-04T09:00:00+07:00' },
        { status: 9, at: '2026-11-07T16:00:00+07:00' },
      ],
    });
    expect(dossierVerdicts(one, END).onTime).toBe(true);
  });

  it('on time: in progress past its due moment → late; judged before the due moment → on time', () => {
    const d = dossier({ events: [{ status: 4, at: '2026-11-03T09:00:00+07:00' }] });
    expect(dossierVerdicts(d, END).onTime).toBe(false); // end = 1 Dec > due 6 Nov
    expect(dossierVerdicts(d, Date.parse('2026-11-05T12:00:00+07:00')).onTime).toBe(true); // as of 5 Nov: not due yet
  });

  it('online: channel 2 counts; for a paper-result procedure only with an electronic result', () => {
    expect(dossierVerdicts(dossier({ channel: 2 }), END).online).toBe(true); // result not a paper
    expect(dossierVerdicts(dossier({ channel: 2, resultIsPaper: true }), END).online).toBe(false); // paper, no electronic result
    expect(dossierVerdicts(dossier({ channel: 2, resultIsPaper: true, electronicResult: true }), END).online).toBe(true);
    expect(dossierVerdicts(dossier({ channel: 3 }), END).online).toBe(false); // postal is not online
  });

  it('digitized: components digitized, and for a paper result an electronic result too', () => {
    expect(dossierVerdicts(dossier({ componentsDigitized: true }), END).digitized).toBe(true);
    expect(dossierVerdicts(dossier({ componentsDigitized: true, resultIsPaper: true }), END).digitized).toBe(false);
    expect(dossierVerdicts(dossier({ componentsDigitized: true, resultIsPaper: true, electronicResult: true }), END).digitized).toBe(true);
  });

  it('paid: null outside the payment denominator (no fee, or an all-zero fee list), else paid online or not', () => {
    expect(dossierVerdicts(dossier({ feeBearing: false, paidOnline: 1 }), END).paid).toBeNull();
    expect(dossierVerdicts(dossier({ feeBearing: true, fees: [0, 0], paidOnline: 1 }), END).paid).toBeNull(); // all zero: left out
    expect(dossierVerdicts(dossier({ feeBearing: true, fees: [] }), END).paid).toBe(false); // unsynced list: counted
    expect(dossierVerdicts(dossier({ feeBearing: true, fees: [50000], paidOnline: 2 }), END).paid).toBe(true);
  });
});

describe('criteria with their evidence', () => {
  it('counts the verdicts: numerator, denominator, rate, points, max of every criterion', () => {
    const fin = (at: string) => [{ status: 9 as const, at }];
    const all = [
      // A: on time, online (plain result), digitized, reused, paid online 1 of fees [20000].
      dossier({ channel: 2, events: fin('2026-11-05T10:00:00+07:00'), componentsDigitized: true, reused: true, feeBearing: true, fees: [20000], paidOnline: 1 }),
      // B: late (finished 9 Nov), in person, fee-bearing but not paid online.
      dossier({ events: fin('2026-11-09T10:00:00+07:00'), feeBearing: true, fees: [20000] }),
      // C: on time, online but the paper result has no electronic copy → not online; a complaint.
      dossier({ channel: 2, resultIsPaper: true, events: fin('2026-11-04T10:00:00+07:00'), complaint: true }),
      // D: on time, fee list all zero → out of the payment denominator though paid online.
      dossier({ events: fin('2026-11-03T10:00:00+07:00'), feeBearing: true, fees: [0], paidOnline: 1 }),
      // Received in October: not in the population.
      dossier({ receivedAt: '2026-10-30T08:00:00+07:00', channel: 2 }),
    ];
    const r = computeIndex(all, NOV);
    const c = indexCriteria(r);
    // on time: A, C, D = 3 of 4 → 0.75 × 20 = 15 points.
    expect(c.onTime).toEqual({ numerator: 3, denominator: 4, rate: 0.75, points: 15, max: 20 });
    // online: A only = 1 of 4 = 0.25 → share min(1, 0.25 ÷ 0.5) = 0.5 of the criterion's marks.
    expect(c.online).toEqual({ numerator: 1, denominator: 4, rate: 0.25, points: 0.5, max: 1 });
    // digitization: A = 1 of 4 → 4 × 0.25 = 1 point (portal reading, full at 100 %).
    expect(c.digitization).toEqual({ numerator: 1, denominator: 4, rate: 0.25, points: 1, max: 4 });
    // reuse: A = 1 of 4 → min(2, 2 × 0.25 ÷ 0.8) = 0.625.
    expect(c.reuse).toEqual({ numerator: 1, denominator: 4, rate: 0.25, points: 0.625, max: 2 });
    // online payment: denominator A, B (D left out: all-zero fees; C: no fee) → 1 of 2 → 6 × 0.5 = 3.
    expect(c.onlinePayment).toEqual({ numerator: 1, denominator: 2, rate: 0.5, points: 3, max: 6 });
    // satisfaction: 1 − (overdue 1/4 + complaints 1/4) = 0.5; numerator 4 − 1 − 1 = 2; 6 × 0.5 ÷ 0.9 = 3.333…
    expect(c.satisfaction).toMatchObject({ numerator: 2, denominator: 4, rate: 0.5, max: 6 });
    expect(c.satisfaction.points).toBeCloseTo(10 / 3);
  });

  it('a complaint lowers satisfaction', () => {
    const ok = dossier({ events: [{ status: 9, at: '2026-11-04T10:00:00+07:00' }] });
    // 10 on time, no complaint: rate 1 → 6 points. One complaint: 0.9 → min(6, 6 × 0.9 ÷ 0.9) = 6. Two: 0.8 → 5.333….
    const ten = Array.from({ length: 10 }, () => ok);
    expect(computeIndex(ten, NOV).satisfaction.points).toBe(6);
    const two = [...ten.slice(2), { ...ok, complaint: true }, { ...ok, complaint: true }];
    expect(computeIndex(two, NOV).satisfaction.rate).toBeCloseTo(0.8);
    expect(computeIndex(two, NOV).satisfaction.points).toBeCloseTo(16 / 3);
  });
});
