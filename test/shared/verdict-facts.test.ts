import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { projectRate } from '../../shared/domain/campaign-projection';
import { isOnTime, type IndexDossier, type StatusCode } from '../../shared/domain/national-index';
import { onTimeAt, onTimeTimeline } from '../../shared/domain/verdict-facts';

const BASE = Date.parse('2026-03-02T01:00:00Z');
const H = 3600_000;

const dossier = fc.record({
  due: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null }),
  steps: fc.array(fc.record({ status: fc.constantFrom<StatusCode>(4, 5, 5, 4, 6, 9, 10, 7, 8), gap: fc.integer({ min: 0, max: 60 }) }), { maxLength: 7 }),
});

function build(v: { due: number | null; steps: { status: StatusCode; gap: number }[] }): IndexDossier {
  let at = BASE;
  const events = [{ status: 2 as StatusCode, at: new Date(at).toISOString() }];
  for (const s of v.steps) {
    at += s.gap * H;
    events.push({ status: s.status, at: new Date(at).toISOString() });
  }
  return { receivedAt: events[0]!.at, dueAt: v.due === null ? null : new Date(BASE + v.due * H).toISOString(), channel: 1, events, resultIsPaper: true, electronicResult: false, componentsDigitized: false, reused: false, feeBearing: false, fees: [], paidOnline: 0, complaint: false };
}

describe('stored on-time verdicts', () => {
  it('the timeline gives the verdict isOnTime gives, at any judging instant (or leaves it to the history)', () => {
    fc.assert(
      fc.property(dossier, fc.array(fc.integer({ min: 0, max: 500 * 60 }), { minLength: 1, maxLength: 20 }), (v, minutes) => {
        const d = build(v);
        const t = onTimeTimeline(d);
        for (const m of [...minutes, 0, 1]) {
          const at = BASE + m * 60_000;
          const fromFacts = onTimeAt(t, at);
          if (fromFacts !== null) expect(fromFacts).toBe(isOnTime(d, at));
          else expect(t.simple).toBe(false);
        }
        // Exactly at the due moment and a millisecond after: the boundary the facts store.
        if (t.lateFrom !== null) {
          expect(onTimeAt(t, t.lateFrom)).toBe(isOnTime(d, t.lateFrom));
          expect(onTimeAt(t, t.lateFrom - 1)).toBe(isOnTime(d, t.lateFrom - 1));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('a second supplement request leaves the verdict to the history until the dossier ends', () => {
    const d = build({ due: 100, steps: [{ status: 5, gap: 10 }, { status: 4, gap: 10 }, { status: 5, gap: 10 }, { status: 4, gap: 10 }, { status: 9, gap: 10 }] });
    const t = onTimeTimeline(d);
    expect(t.simple).toBe(false);
    expect(onTimeAt(t, BASE + 35 * H)).toBeNull();
    expect(onTimeAt(t, BASE + 60 * H)).toBe(true);
  });
});

describe('campaign projection', () => {
  it('flat rate: the projection is the rate so far', () => {
    const days = [0, 1, 2, 3].map((x) => ({ x, count: 5, of: 10 }));
    expect(projectRate(days, 4, 6)).toEqual({ current: 0.5, projected: 0.5, slope: 0 });
  });

  it('a rising daily rate: the line continues to the close and the cumulative rate follows it', () => {
    // Daily rates 0.2, 0.4, 0.6 at 10 dossiers a day: slope 0.2, next days 0.8, 1.0 (clamped 1.0 after).
    const days = [0, 1, 2].map((x) => ({ x, count: 2 + 2 * x, of: 10 }));
    const p = projectRate(days, 3, 3);
    expect(p.current).toBeCloseTo(0.4);
    expect(p.slope).toBeCloseTo(0.2);
    expect(p.projected).toBeCloseTo((12 + 8 + 10 + 10) / 60);
  });

  it('nothing received: no rate and no projection', () => {
    expect(projectRate([], 3, 3)).toEqual({ current: null, projected: null, slope: 0 });
  });
});
