// Stored verdict facts (Thống kê at scale): the on-time verdict of isOnTime (./national-index.ts)
// as a function of the instant a period is judged at, reduced to a few numbers a database can
// compare, so a period's index is a range scan with no history replayed.
//
// For nearly every dossier the verdict is monotone in the judging instant T: on time until some
// instant, late from then on (the clock runs; a wait on the only supplement request freezes it; the
// first ending status fixes it). So onTime(T) ⇔ lateFrom is null or T < lateFrom.
// A dossier that reached a second supplement request is not monotone (late while it waits, maybe on
// time again after it resumes): `simple` is false, and before `settledAt` (its ending status) its
// verdict is made from its history at query time (there are few such dossiers).
import { endsProcessing, SUPPLEMENT_STATUS } from './dossier-status';
import type { IndexDossier } from './national-index';

export interface OnTimeTimeline {
  /** First instant (ms) the dossier counts late (simple dossiers); null: never, as things stand. */
  lateFrom: number | null;
  /** The instant of its first ending status (from then on the verdict is `finalOnTime`); null: not ended. */
  settledAt: number | null;
  /** The verdict from `settledAt` on; null while not ended. */
  finalOnTime: boolean | null;
  /** Monotone: `lateFrom` alone decides at any instant. */
  simple: boolean;
}

export function onTimeTimeline(d: Pick<IndexDossier, 'dueAt' | 'events'>): OnTimeTimeline {
  const events = [...d.events].map((e) => ({ status: e.status, at: Date.parse(e.at) })).sort((a, b) => a.at - b.at);
  const due = d.dueAt === null ? null : Date.parse(d.dueAt);
  let lateFrom: number | null = null;
  let simple = true;
  let paused = 0;
  let waitingSince: number | null = null;
  let requests = 0;
  let prev = -Infinity;
  const lateAt = (t: number) => {
    if (lateFrom === null) lateFrom = t;
  };
  // An active stretch [from, to): late once T − paused > due.
  const active = (from: number, to: number) => {
    if (due === null) return;
    const first = Math.max(from, due + paused + 1);
    if (first < to) lateAt(first);
  };
  for (const e of events) {
    if (waitingSince !== null) {
      // A waiting stretch [waitingSince, e.at): the verdict is frozen at the request.
      if (requests >= 2 || (due !== null && waitingSince - paused > due)) lateAt(waitingSince);
      paused += e.at - waitingSince;
      waitingSince = null;
    } else active(prev, e.at);
    prev = e.at;
    if (endsProcessing(e.status)) {
      const onTime = due === null || e.at - paused <= due;
      if (!onTime) lateAt(e.at);
      return { lateFrom: simple ? lateFrom : null, settledAt: e.at, finalOnTime: onTime, simple };
    }
    if (e.status === SUPPLEMENT_STATUS) {
      requests++;
      waitingSince = e.at;
      if (requests >= 2) simple = false;
    }
  }
  if (waitingSince !== null) {
    if (requests >= 2 || (due !== null && waitingSince - paused > due)) lateAt(waitingSince);
  } else active(prev, Infinity);
  return { lateFrom: simple ? lateFrom : null, settledAt: null, finalOnTime: null, simple };
}

/** The verdict at T from the timeline alone; null when the history must decide (not simple, not ended by T). */
export function onTimeAt(t: OnTimeTimeline, at: number): boolean | null {
  if (t.simple) return t.lateFrom === null || at < t.lateFrom;
  if (t.settledAt !== null && at >= t.settledAt) return t.finalOnTime;
  return null;
}
