// An answer the receiver gives on purpose: HTTP status, stable code, Vietnamese message.
import { isDiskFull } from '../../shared/contract/errors';
import { SYNC_MESSAGES, type SyncErrorCode } from '../../shared/contract/sync';

export class SyncFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: SyncErrorCode | string,
    message?: string,
  ) {
    super(message ?? (SYNC_MESSAGES as Record<string, string>)[code] ?? SYNC_MESSAGES.INTERNAL);
  }
}

/** A full disk under the receiver: the file store (ENOSPC) or PostgreSQL (SQLSTATE 53100 disk_full). */
export function isStorageFull(e: unknown): boolean {
  return isDiskFull(e) || (e as { code?: unknown } | null)?.code === '53100';
}
