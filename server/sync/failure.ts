// An answer the receiver gives on purpose: HTTP status, stable code, Vietnamese message.
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
