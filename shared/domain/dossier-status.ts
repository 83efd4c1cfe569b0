// The dossier status model, in one place: the national status codes (`TrangThai`) with their
// Vietnamese labels, which changes a desk may make between them, which statuses end a dossier and
// how reports group them. The service refuses a forbidden change, the renderer offers only the
// allowed ones and the national index counts ends the same way, all from this file.
// Source: ../shared/domain/one-stop-rules.md §2 (codes, report groups) and §6 (what ends a dossier).
// Pure: no zod, no I/O, so every process can import it.

/** National dossier status codes (`TrangThai`), 1–10, with the portal's labels. */
export const DOSSIER_STATUS = {
  1: 'Mới đăng ký',
  2: 'Được tiếp nhận',
  3: 'Không được tiếp nhận',
  4: 'Đang xử lý',
  5: 'Yêu cầu bổ sung giấy tờ',
  6: 'Yêu cầu thực hiện nghĩa vụ tài chính',
  7: 'Công dân yêu cầu rút hồ sơ',
  8: 'Dừng xử lý',
  9: 'Đã xử lý xong',
  10: 'Đã trả kết quả',
} as const;
export type DossierStatusCode = keyof typeof DOSSIER_STATUS;

/** Every code, in order. */
export const DOSSIER_STATUS_CODES: readonly DossierStatusCode[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

export function isDossierStatus(n: unknown): n is DossierStatusCode {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 10;
}

export function statusLabel(status: DossierStatusCode): string {
  return DOSSIER_STATUS[status];
}

/**
 * The changes a desk may record, from → allowed next statuses. The rules (§2) name the codes, not a
 * state machine; this reading follows the life of a dossier at a one-stop desk:
 * - 1 Mới đăng ký (registered online, not yet received): the desk receives it (2) or refuses it (3).
 * - 2 Được tiếp nhận: processing starts (4), or straight away a supplement is asked for (5), a
 *   financial obligation is due (6), the citizen withdraws (7) or processing is stopped (8).
 *   Refusal (3) is a decision at receipt, so it is possible only from 1 and 2.
 * - 4 Đang xử lý: finished (9), supplement asked for (5), financial obligation (6), stopped (8).
 * - 5 Yêu cầu bổ sung: when the supplement is received, back to processing (4), or back to
 *   "received" (2) where the supplement restarts the dossier from the desk. The index's pause
 *   (§6: request → the next status) ends at that next status.
 * - 6 Yêu cầu thực hiện nghĩa vụ tài chính: once paid, processing resumes (4).
 * - 9 Đã xử lý xong: the result is handed over (10).
 * - 3, 7, 8 and 10 are final: nothing follows them.
 */
export const DOSSIER_TRANSITIONS: Readonly<Record<DossierStatusCode, readonly DossierStatusCode[]>> = {
  1: [2, 3],
  2: [4, 5, 6, 3, 7, 8],
  3: [],
  4: [9, 5, 6, 8],
  5: [4, 2],
  6: [4],
  7: [],
  8: [],
  9: [10],
  10: [],
};

/** Whether a desk may change a dossier from `from` to `to` (never to the same status). */
export function canTransition(from: DossierStatusCode, to: DossierStatusCode): boolean {
  return DOSSIER_TRANSITIONS[from].includes(to);
}

/** The statuses a dossier in `from` may move to, in code order (for pickers). */
export function nextStatuses(from: DossierStatusCode): DossierStatusCode[] {
  return DOSSIER_STATUS_CODES.filter((to) => canTransition(from, to));
}

/** Nothing can follow: refused (3), withdrawn (7), stopped (8), returned (10). */
export function isFinal(status: DossierStatusCode): boolean {
  return DOSSIER_TRANSITIONS[status].length === 0;
}

/**
 * Statuses that end a dossier at their own time, as the national index counts (§6): processing
 * finished (9) before the result is returned (10), stopped (8), refused (3), withdrawn (7). A dossier
 * in any of them is not "in progress" and cannot be overdue; its end time is when it first reached one.
 */
export const ENDING_STATUSES: ReadonlySet<DossierStatusCode> = new Set<DossierStatusCode>([3, 7, 8, 9, 10]);

export function endsProcessing(status: DossierStatusCode): boolean {
  return ENDING_STATUSES.has(status);
}

/** The supplement request (5): the index subtracts the time until the next status. */
export const SUPPLEMENT_STATUS: DossierStatusCode = 5;

/** Report groups (§2): processed = 9 + 10 + withdrawn (7); paused = 5 + 6 + 8. */
export const REPORT_GROUPS = {
  processed: [9, 10, 7],
  paused: [5, 6, 8],
} as const satisfies Record<string, readonly DossierStatusCode[]>;
export type ReportGroup = keyof typeof REPORT_GROUPS;

export function reportGroup(status: DossierStatusCode): ReportGroup | null {
  for (const [group, codes] of Object.entries(REPORT_GROUPS) as [ReportGroup, readonly DossierStatusCode[]][]) {
    if (codes.includes(status)) return group;
  }
  return null;
}

/** "Không thể chuyển hồ sơ từ «Đã trả kết quả» sang «Đang xử lý»." — with what is allowed, if anything. */
export function transitionRefusal(from: DossierStatusCode, to: DossierStatusCode): string {
  const base = from === to ? `Hồ sơ đã ở trạng thái «${DOSSIER_STATUS[from]}».` : `Không thể chuyển hồ sơ từ «${DOSSIER_STATUS[from]}» sang «${DOSSIER_STATUS[to]}».`;
  const next = nextStatuses(from);
  if (next.length === 0) return `${base} «${DOSSIER_STATUS[from]}» là trạng thái cuối.`;
  return `${base} Chỉ có thể chuyển sang: ${next.map((s) => `«${DOSSIER_STATUS[s]}»`).join(', ')}.`;
}
