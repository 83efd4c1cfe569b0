// A dossier as the national index judges it, for hand-built histories in tests: received Monday
// 2 November 2026 08:00, due Friday 6 November 17:00, nothing else; `over` sets the rest.
import type { IndexDossier } from '../../shared/domain/national-index';

export function indexDossier(over: Partial<IndexDossier> = {}): IndexDossier {
  return {
    receivedAt: '2026-11-02T08:00:00+07:00',
    dueAt: '2026-11-06T17:00:00+07:00',
    channel: 1,
    events: [],
    resultIsPaper: false,
    electronicResult: false,
    componentsDigitized: false,
    reused: false,
    feeBearing: false,
    fees: [],
    paidOnline: 0,
    complaint: false,
    ...over,
  };
}
