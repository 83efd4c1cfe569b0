// Where a campaign target ends at the campaign's close, projected from its days so far.
//
// Method (linear projection of the daily rate, weighted by volume):
// 1. For each working day so far with dossiers received, the day's rate = count ÷ of.
// 2. A least-squares line through (working-day index, day rate), each day weighted by its `of`,
//    gives the rate expected on each remaining working day (clamped to 0…1).
// 3. Remaining days receive the average volume (`of` per working day so far).
// 4. Projected rate at the close = (count so far + Σ expected rate × volume) ÷ (of so far + Σ volume),
//    i.e. the campaign's cumulative rate on its last day, the number the province checks.
// Fewer than two days with data: the line is flat at the rate so far.

export interface DayRatio {
  /** Working-day index from the campaign's start (0, 1, …). */
  x: number;
  count: number;
  of: number;
}

export interface Projection {
  /** The cumulative rate so far (null: nothing received). */
  current: number | null;
  /** The cumulative rate projected at the close (null: nothing received). */
  projected: number | null;
  /** The fitted daily rate's change per working day (0 when flat). */
  slope: number;
}

const clamp = (v: number) => Math.max(0, Math.min(1, v));

/**
 * `days`: working days so far (x from 0) with their counts; `elapsed`: working days so far
 * (including those without dossiers); `remaining`: working days after them to the close.
 */
export function projectRate(days: readonly DayRatio[], elapsed: number, remaining: number): Projection {
  const withData = days.filter((d) => d.of > 0);
  const count = withData.reduce((s, d) => s + d.count, 0);
  const of = withData.reduce((s, d) => s + d.of, 0);
  if (of === 0) return { current: null, projected: null, slope: 0 };
  const current = count / of;
  let slope = 0;
  let intercept = current;
  if (new Set(withData.map((d) => d.x)).size >= 2) {
    const mx = withData.reduce((s, d) => s + d.x * d.of, 0) / of;
    const my = current;
    let sxy = 0;
    let sxx = 0;
    for (const d of withData) {
      sxy += d.of * (d.x - mx) * (d.count / d.of - my);
      sxx += d.of * (d.x - mx) ** 2;
    }
    slope = sxx > 0 ? sxy / sxx : 0;
    intercept = my - slope * mx;
  }
  const perDay = of / Math.max(1, elapsed);
  let addCount = 0;
  let addOf = 0;
  for (let i = 0; i < remaining; i++) {
    addCount += clamp(intercept + slope * (elapsed + i)) * perDay;
    addOf += perDay;
  }
  return { current, projected: (count + addCount) / (of + addOf), slope };
}
