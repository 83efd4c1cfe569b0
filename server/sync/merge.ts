// Last-writer-wins per field, by the stamp of the change that wrote it: (receiver-ordered time,
// origin, seq), then the value itself so that two changes with the same stamp still pick the same
// winner whatever order they arrive in. A late older change never overwrites a newer one.
import { compareStamps, type Stamp } from '../../shared/contract/sync';

export type Stamps = Record<string, Stamp>;

function wins(incoming: Stamp, incomingValue: unknown, current: Stamp | undefined, currentValue: unknown): boolean {
  if (!current) return true;
  const c = compareStamps(incoming, current);
  if (c !== 0) return c > 0;
  return JSON.stringify(incomingValue ?? null) > JSON.stringify(currentValue ?? null);
}

/** The fields of `incoming` that win over `fields`/`stamps`, applied; returns what changed. */
export function mergeFields(
  fields: Record<string, unknown>,
  stamps: Stamps,
  incoming: Record<string, unknown>,
  stamp: Stamp,
): { fields: Record<string, unknown>; stamps: Stamps; changed: Record<string, unknown> } {
  const out = { ...fields };
  const outStamps = { ...stamps };
  const changed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(incoming)) {
    if (value === undefined) continue;
    if (!wins(stamp, value, stamps[key], fields[key])) continue;
    out[key] = value;
    outStamps[key] = stamp;
    changed[key] = value;
  }
  return { fields: out, stamps: outStamps, changed };
}

/** Whole-record last-writer-wins (component files, records). */
export function recordWins(incoming: Stamp, incomingValue: unknown, current: Stamp | undefined, currentValue: unknown): boolean {
  return wins(incoming, incomingValue, current, currentValue);
}
