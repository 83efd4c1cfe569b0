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

/**
 * S3 answers meaning the bucket takes no more bytes: Ceph RGW's quota, MinIO's full drives and bucket
 * quota (HTTP 507 there), and the generic quota code some other services use.
 */
const S3_FULL = new Set(['QuotaExceeded', 'XMinioStorageFull', 'XMinioAdminBucketQuotaExceeded', 'InsufficientStorage', 'StorageFull']);

/** A full disk under the receiver: the file store (ENOSPC, an S3 quota) or PostgreSQL (SQLSTATE 53100 disk_full). */
export function isStorageFull(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return isDiskFull(e) || code === '53100' || (typeof code === 'string' && S3_FULL.has(code));
}
