// A small seeded PRNG (mulberry32) for tests and benches: sizes, faults, kill moments and synthetic
// pages repeat exactly from run to run. No Vitest here: benches and Playwright specs import it.

export type Rng = () => number;

/** mulberry32: tiny, fast and good enough to vary test material reproducibly. Values in [0, 1). */
export function makeRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
