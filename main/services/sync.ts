// Sync with the province receiver, as the core offers it (issue 19): the status the Đồng bộ screen
// and `motcua sync status` show, "Đồng bộ ngay", enrollment (admin) and "Gửi lại", plus the
// background loop that runs a pass every few minutes once the desk is enrolled. The protocol work is
// in main/sync/client.ts; the outbox is filled by triggers (migration 018).
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/contract/errors';
import type { SyncPass, SyncStatus } from '../../shared/contract/sync-desk';
import type { DeskRole } from '../../shared/contract/sync';
import { SyncClient, SyncError, type SyncClientOptions } from '../sync/client';
import { audit, type ServiceContext } from './context';
import type { Store } from '../data/store';

/** The client's options (main/sync/client.ts), named as the core has them: its data folder and the policy's receiver. */
export type SyncServiceOptions = Omit<SyncClientOptions, 'filesDir' | 'baseUrl'> & {
  dataDir: string;
  upstreamUrl: () => string | null;
  /** The machine policy's one-time enrollment token, used by a desk not yet enrolled. */
  enrollmentToken?: () => string | null;
  /** The name a self-enrolling desk gives itself (the computer's name). */
  deskName?: () => string;
  /** Told when the desk enrolled itself from the policy (to audit it). */
  onEnrolledByPolicy?: (status: SyncStatus) => void;
};

export const POLICY_ENROLL_REFUSED = 'Mã đăng ký trong tệp chính sách máy không dùng được';

/** The options that let a desk enroll itself with the machine policy's token (named after the computer, audited). */
export function policyEnrollment(store: Store, token: () => string | null, now: () => Date): Pick<SyncServiceOptions, 'enrollmentToken' | 'deskName' | 'onEnrolledByPolicy'> {
  return {
    enrollmentToken: token,
    deskName: () => os.hostname(),
    onEnrolledByPolicy: (status) => {
      store.tx(() =>
        store.audit.append({
          at: now().toISOString(),
          officerId: null,
          action: 'sync-enroll',
          entity: 'system',
          entityId: status.deskId,
          detail: JSON.stringify({ unitCode: status.unitCode, role: status.role, upstreamUrl: status.upstreamUrl, via: 'policy' }),
        }),
      );
    },
  };
}

export class DeskSync {
  readonly client: SyncClient;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly o: SyncServiceOptions) {
    this.client = new SyncClient({ ...o, filesDir: path.join(o.dataDir, 'files'), baseUrl: o.upstreamUrl });
  }

  status(): SyncStatus {
    const s = this.o.store.sync.getState();
    const counts = this.o.store.sync.counts();
    const url = this.o.upstreamUrl();
    const enrolled = this.client.enrolled();
    const offline = s.lastErrorCode === 'OFFLINE' || s.lastErrorCode === 'SERVER';
    return {
      configured: url !== null,
      upstreamUrl: url,
      enrolled: enrolled !== null,
      deskId: enrolled?.deskId ?? null,
      unitCode: enrolled?.unitCode ?? null,
      role: (enrolled?.role as DeskRole | undefined) ?? null,
      secretProtection: this.o.vault.protection,
      online: s.lastAttemptAt ? !offline : null,
      running: this.client.busy,
      lastAttemptAt: s.lastAttemptAt ?? null,
      lastSuccessAt: s.lastSuccessAt ?? null,
      lastError: s.lastError ?? null,
      clockWarning: s.clockWarning ?? null,
      counts: { pending: counts.pending, failed: counts.rejected, done: counts.done },
      failed: this.o.store.sync.rejected(200).map((r) => ({
        seq: r.seq,
        kind: r.kind,
        entityId: r.entityId,
        dossierCode: r.dossierCode,
        code: r.code,
        message: r.message,
        at: r.at,
        attempts: r.attempts,
      })),
      upload: this.client.progress,
      lastPulledAt: s.lastPulledAt ?? null,
      remote: this.o.store.syncPull.remoteCounts(),
      parked: this.o.store.syncPull.parkedCounts(),
    };
  }

  /** One pass now (shared with a pass already running). */
  /** One pass ("Đồng bộ ngay", `motcua sync now`); a desk not yet enrolled first uses the policy's token. */
  async syncNow(): Promise<SyncPass> {
    await this.enrollFromPolicy();
    // The policy's token was refused and the desk has no other enrollment: that is the reason to show.
    if (this.policyProblem && !this.client.enrolled()) {
      return { ok: false, uploaded: 0, accepted: 0, duplicate: 0, rejected: 0, pulled: 0, applied: 0, pending: this.o.store.sync.counts().pending, error: this.policyProblem, clockWarning: null };
    }
    return this.client.syncNow();
  }

  async enroll(token: string, deskName: string): Promise<SyncStatus> {
    try {
      await this.client.enroll(token, deskName);
    } catch (err) {
      if (err instanceof SyncError) throw new AppError(err.code === 'ENROLL_TOKEN_INVALID' ? 'BAD_CREDENTIALS' : 'BAD_REQUEST', err.message, { code: err.code });
      throw err;
    }
    this.kick();
    return this.status();
  }

  resend(seq: number | null): number {
    const n = this.o.store.sync.resend(seq);
    if (n > 0) this.kick();
    return n;
  }

  /** Starts the background loop: a pass every `intervalMs` while enrolled (timers unref'd). */
  start(intervalMs: number): void {
    this.stopped = false;
    const tick = async () => {
      this.timer = null;
      if (this.stopped) return;
      await this.enrollFromPolicy();
      if (this.o.upstreamUrl() && this.client.enrolled()) {
        try {
          await this.client.syncNow();
        } catch (err) {
          console.error('[motcua] đồng bộ nền:', err);
        }
      }
      if (!this.stopped) {
        this.timer = setTimeout(tick, intervalMs);
        this.timer.unref?.();
      }
    };
    this.timer = setTimeout(tick, Math.min(intervalMs, 5_000));
    this.timer.unref?.();
  }

  private refusedToken: string | null = null;
  private policyProblem: { code: string; message: string } | null = null;

  /**
   * IT's one-time token from the machine policy: enrolls a desk not yet enrolled. A refused token is
   * not tried again until the policy holds another one; an unreachable receiver is tried next tick.
   */
  async enrollFromPolicy(): Promise<boolean> {
    const token = this.o.enrollmentToken?.() ?? null;
    if (!token || token === this.refusedToken || !this.o.upstreamUrl() || this.client.enrolled()) return false;
    try {
      await this.client.enroll(token, this.o.deskName?.() ?? 'Quầy một cửa');
    } catch (err) {
      const e = err instanceof SyncError ? err : new SyncError('INTERNAL', (err as Error).message);
      if (!e.transient) this.refusedToken = token;
      const message = e.transient ? e.message : `${POLICY_ENROLL_REFUSED}: ${e.message}`;
      this.policyProblem = { code: e.code, message };
      this.o.store.sync.setState({ lastError: message, lastErrorCode: e.code });
      return false;
    }
    this.policyProblem = null;
    this.o.onEnrolledByPolicy?.(this.status());
    return true;
  }

  /** A pass soon, off the caller's call (after an enrollment or a resend). */
  private kick(): void {
    if (this.stopped || !this.o.upstreamUrl() || !this.client.enrolled()) return;
    const t = setTimeout(() => void this.client.syncNow().catch(() => {}), 0);
    t.unref?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // A pass in flight finishes its transaction before the store closes.
    if (this.client.busy) await this.client.syncNow().catch(() => {});
  }
}

// ---- The API's face (roles are checked by the contract) --------------------------------------

export function syncStatus(sync: DeskSync): SyncStatus {
  return sync.status();
}

export async function syncNow(sync: DeskSync): Promise<SyncStatus> {
  await sync.syncNow();
  return sync.status();
}

export async function syncEnroll(ctx: ServiceContext, sync: DeskSync, input: { token: string; deskName: string }): Promise<SyncStatus> {
  const status = await sync.enroll(input.token, input.deskName);
  ctx.store.tx(() => audit(ctx, 'sync-enroll', 'system', status.deskId, { unitCode: status.unitCode, role: status.role, upstreamUrl: status.upstreamUrl }));
  return status;
}

export function syncResend(ctx: ServiceContext, sync: DeskSync, seq: number | null): SyncStatus {
  const n = sync.resend(seq);
  ctx.store.tx(() => audit(ctx, 'sync-resend', 'system', seq === null ? null : String(seq), { items: n }));
  return sync.status();
}
