// The desk's sync client (issue 19; docs/sync-protocol.md): enrolls with the province receiver, then
// on each pass uploads component files resumably by SHA-256, pushes the outbox in batches
// (idempotently: an item keeps its seq and id, so a batch resent after a lost answer is answered
// "duplicate"), sets rejected items aside with the receiver's Vietnamese message without blocking the
// rest, and pulls upstream changes since the cursor, applying the fields the upstream owns inside a
// transaction the outbox triggers skip (so they are never sent back).
// Network errors and 5xx answers are retried with exponential backoff and jitter.
import fs from 'node:fs';
import path from 'node:path';
import type { Store } from '../data/store';
import type { OutboxRow } from '../data/repos/sync';
import {
  EnrollResponseSchema,
  FILE_PATHS,
  PAYLOAD_SCHEMAS,
  PullResponseSchema,
  PushResponseSchema,
  SYNC_HEADERS,
  SYNC_MESSAGES,
  SYNC_PROTOCOL_VERSION,
  receptionSummary,
  type DeskRole,
  type OutboxItem,
} from '../../shared/contract/sync';
import { isDiskFull } from '../../shared/contract/errors';
import { applyPulledChange, retryParkedChanges, type PullApplyContext } from './pull-apply';
import type { SecretVault } from './secret-vault';

export const SYNC_CLIENT_MESSAGES = {
  NO_UPSTREAM: 'Chưa có địa chỉ máy chủ tỉnh: bộ phận CNTT cần điền "upstreamUrl" trong tệp chính sách máy.',
  NOT_ENROLLED: 'Máy này chưa được đăng ký với máy chủ tỉnh: quản trị viên cần nhập mã đăng ký do bộ phận CNTT cấp.',
  SECRET_MISSING: 'Không đọc được khóa đồng bộ đã lưu của máy này: hãy đăng ký lại bằng mã mới do bộ phận CNTT cấp.',
  OFFLINE: 'Không kết nối được máy chủ tỉnh. Dữ liệu vẫn được giữ tại quầy và sẽ được gửi khi có mạng.',
  SERVER: 'Máy chủ tỉnh đang gặp sự cố. Dữ liệu vẫn được giữ tại quầy; việc đồng bộ sẽ tự thử lại.',
  BAD_ANSWER: 'Máy chủ tỉnh trả lời không đúng giao thức đồng bộ.',
  ROW_GONE: 'Bản ghi của mục này không còn trên máy (đã bị xóa): không có gì để gửi.',
  KEY_MISSING: 'Hồ sơ chưa có mã định danh gửi lên tỉnh (mã hồ sơ + mã đơn vị).',
  DISK_FULL: 'Ổ đĩa của máy này đã đầy nên chưa ghi được dữ liệu đồng bộ. Dữ liệu đang chờ gửi vẫn còn nguyên; hãy giải phóng dung lượng rồi bấm "Đồng bộ ngay".',
  FILE_GONE: 'Tệp của thành phần hồ sơ không còn trong kho lưu trữ của máy: hãy số hóa lại thành phần này rồi bấm "Gửi lại".',
} as const;

export class SyncError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** Worth trying again later by itself (network, 5xx). */
    readonly transient = false,
  ) {
    super(message);
    this.name = 'SyncError';
  }
}

export interface UploadProgress {
  sha256: string;
  sent: number;
  total: number;
}

export interface SyncPassResult {
  ok: boolean;
  uploaded: number;
  accepted: number;
  duplicate: number;
  rejected: number;
  pulled: number;
  applied: number;
  /** Items still waiting to be sent after the pass. */
  pending: number;
  error: { code: string; message: string } | null;
  clockWarning: string | null;
}

export interface SyncClientOptions {
  store: Store;
  /** The desk's content-addressed file store (<dataDir>/files). */
  filesDir: string;
  /** The receiver's base URL (policy upstreamUrl); null: sync is off. */
  baseUrl: () => string | null;
  vault: SecretVault;
  now: () => Date;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Tries per request before the pass gives up (network errors, 5xx). */
  maxAttempts?: number;
  /** First backoff delay; doubles each try, up to 30 s, times a jitter of 0.5–1.5. */
  backoffMs?: number;
  batchSize?: number;
  /** Files uploaded at once within a batch (default 3). */
  uploadConcurrency?: number;
  /** Bytes per PUT when uploading a file (each PUT is a resumable step). */
  chunkBytes?: number;
  onProgress?: (p: UploadProgress | null) => void;
  /** Dossiers a pull changed (after its transaction committed). */
  onDossiersChanged?: (dossierIds: string[]) => void;
}

const CONTENT_TYPES: Record<string, string> = { pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', tif: 'image/tiff', tiff: 'image/tiff' };
const NO_FILE = '0'.repeat(64);

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

export class SyncClient {
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private running: Promise<SyncPassResult> | null = null;
  progress: UploadProgress | null = null;

  constructor(private readonly o: SyncClientOptions) {
    this.fetchImpl = o.fetch ?? fetch;
    this.sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.random = o.random ?? Math.random;
  }

  private get repo() {
    return this.o.store.sync;
  }

  private base(): string {
    const url = this.o.baseUrl();
    if (!url) throw new SyncError('NO_UPSTREAM', SYNC_CLIENT_MESSAGES.NO_UPSTREAM);
    return url.replace(/\/+$/, '');
  }

  enrolled(): { deskId: string; unitCode: string; role: DeskRole } | null {
    const s = this.repo.getState();
    return s.deskId && s.unitCode ? { deskId: s.deskId, unitCode: s.unitCode, role: (s.role as DeskRole) ?? 'officer' } : null;
  }

  /** One HTTP exchange with retries on network errors and 5xx; 4xx answers are returned as they are. */
  /** Waits before try number `n` (1 = the first retry): doubling, capped at 30 s, with jitter. */
  private backoff(n: number): Promise<void> {
    const base = Math.min(30_000, (this.o.backoffMs ?? 500) * 2 ** (n - 1));
    return this.sleep(Math.round(base * (0.5 + this.random())));
  }

  private get maxAttempts(): number {
    return Math.max(1, this.o.maxAttempts ?? 5);
  }

  private async request(method: string, p: string, init: { body?: RequestInit['body']; headers?: Record<string, string>; auth?: string; attempts?: number } = {}): Promise<Answer> {
    const url = `${this.base()}${p}`;
    const attempts = init.attempts ?? this.maxAttempts;
    let last: SyncError | null = null;
    for (let i = 0; i < attempts; i++) {
      if (i > 0) await this.backoff(i);
      let res: Response;
      try {
        res = await this.fetchImpl(url, {
          method,
          body: init.body,
          headers: {
            [SYNC_HEADERS.version]: String(SYNC_PROTOCOL_VERSION),
            [SYNC_HEADERS.deskTime]: this.o.now().toISOString(),
            ...(init.auth ? { authorization: `Bearer ${init.auth}` } : {}),
            ...init.headers,
          },
        });
      } catch (err) {
        last = new SyncError('OFFLINE', `${SYNC_CLIENT_MESSAGES.OFFLINE} (${(err as Error).message})`, true);
        continue;
      }
      let text: string;
      try {
        text = method === 'HEAD' ? '' : await res.text();
      } catch (err) {
        last = new SyncError('OFFLINE', `${SYNC_CLIENT_MESSAGES.OFFLINE} (${(err as Error).message})`, true);
        continue;
      }
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = null;
      }
      if (res.status >= 500) {
        const m = (body as { message?: unknown } | null)?.message;
        last = new SyncError('SERVER', typeof m === 'string' ? m : SYNC_CLIENT_MESSAGES.SERVER, true);
        continue;
      }
      return { status: res.status, headers: res.headers, body };
    }
    throw last!;
  }

  /** A 4xx answer as a SyncError with the receiver's Vietnamese message. */
  private refusal(a: Answer): SyncError {
    const b = (a.body ?? {}) as { code?: unknown; message?: unknown };
    const code = typeof b.code === 'string' ? b.code : a.status === 401 ? 'UNAUTHORIZED' : 'BAD_REQUEST';
    const message = typeof b.message === 'string' && b.message ? b.message : (SYNC_MESSAGES[code as keyof typeof SYNC_MESSAGES] ?? SYNC_CLIENT_MESSAGES.BAD_ANSWER);
    return new SyncError(code, message);
  }

  private async credential(): Promise<{ auth: string; deskId: string; unitCode: string }> {
    const e = this.enrolled();
    if (!e) throw new SyncError('NOT_ENROLLED', SYNC_CLIENT_MESSAGES.NOT_ENROLLED);
    let secret: string | null;
    try {
      secret = await this.o.vault.load();
    } catch {
      secret = null;
    }
    if (!secret) throw new SyncError('SECRET_MISSING', SYNC_CLIENT_MESSAGES.SECRET_MISSING);
    return { auth: `${e.deskId}.${secret}`, deskId: e.deskId, unitCode: e.unitCode };
  }

  /** Enrolls this desk with a one-time token from IT; the secret goes to the vault, never to SQLite. */
  async enroll(token: string, deskName: string): Promise<{ deskId: string; unitCode: string; role: DeskRole }> {
    const a = await this.request('POST', '/v1/enroll', { body: JSON.stringify({ token: token.trim(), deskName }), headers: { 'content-type': 'application/json' } });
    if (a.status !== 201) {
      const err = this.refusal(a);
      if (a.status === 401 || a.status === 400) throw new SyncError('ENROLL_TOKEN_INVALID', a.status === 401 ? err.message : SYNC_MESSAGES.ENROLL_TOKEN_INVALID);
      throw err;
    }
    const r = EnrollResponseSchema.safeParse(a.body);
    if (!r.success) throw new SyncError('BAD_ANSWER', SYNC_CLIENT_MESSAGES.BAD_ANSWER);
    await this.o.vault.save(r.data.secret);
    // A new desk id starts a new seq space at the receiver and a fresh pull.
    this.repo.setState({ deskId: r.data.deskId, unitCode: r.data.unitCode, role: r.data.role, enrolledAt: this.o.now().toISOString(), cursor: '0', lastError: null });
    return { deskId: r.data.deskId, unitCode: r.data.unitCode, role: r.data.role };
  }

  /** One pass (files, push, pull). Concurrent callers share the pass in flight. */
  syncNow(): Promise<SyncPassResult> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  get busy(): boolean {
    return this.running !== null;
  }

  private async pass(): Promise<SyncPassResult> {
    const r: SyncPassResult = { ok: false, uploaded: 0, accepted: 0, duplicate: 0, rejected: 0, pulled: 0, applied: 0, pending: 0, error: null, clockWarning: null };
    const started = this.o.now().toISOString();
    try {
      this.repo.setState({ lastAttemptAt: started });
      this.base(); // no receiver in the policy: said first
      const cred = await this.credential();
      await this.pushAll(cred, r);
      await this.pullAll(cred, r);
      r.ok = true;
      this.repo.setState({ lastSuccessAt: this.o.now().toISOString(), lastError: null, lastErrorCode: null, clockWarning: r.clockWarning });
    } catch (err) {
      const e =
        err instanceof SyncError
          ? err
          : isDiskFull(err)
            ? new SyncError('DISK_FULL', SYNC_CLIENT_MESSAGES.DISK_FULL, true)
            : new SyncError('INTERNAL', `Lỗi không mong muốn khi đồng bộ: ${(err as Error).message}`);
      r.error = { code: e.code, message: e.message };
      try {
        this.repo.setState({ lastError: e.message, lastErrorCode: e.code });
      } catch {
        // A full disk may refuse this write too: the pass's answer still carries the reason.
      }
    } finally {
      this.setProgress(null);
    }
    r.pending = this.repo.counts().pending;
    return r;
  }

  private setProgress(p: UploadProgress | null): void {
    this.progress = p;
    this.o.onProgress?.(p);
  }

  // ---- Push ----------------------------------------------------------------------------------

  private async pushAll(cred: { auth: string; deskId: string; unitCode: string }, r: SyncPassResult): Promise<void> {
    const size = Math.min(500, this.o.batchSize ?? 200);
    let after = 0;
    for (;;) {
      const rows = this.repo.pending(size, after);
      if (rows.length === 0) return;
      after = rows[rows.length - 1]!.seq;
      const local = new Map<number, { code: string; message: string }>();
      const items: OutboxItem[] = [];
      // The batch's files go up before its items, several at once (a link's latency is hidden behind
      // the other uploads); a file named by several rows is sent once.
      const files = new Map<string, OutboxRow[]>();
      for (const row of rows) {
        const built = this.build(row, cred.unitCode);
        if ('problem' in built) local.set(row.seq, built.problem);
        else if (row.kind === 'componentFile') {
          const p = built.payload as { sha256: string; removed: boolean };
          if (!p.removed) files.set(p.sha256, [...(files.get(p.sha256) ?? []), row]);
        }
        // An item that cannot be built still goes (payload null): the receiver records its seq as
        // rejected, so the desk's sequence stays gapless; the desk keeps its own, clearer message.
        items.push({ deskId: cred.deskId, seq: row.seq, id: row.id, kind: row.kind, entityId: row.entityId, at: row.at, payload: 'payload' in built ? built.payload : null });
      }
      await this.uploadAll(cred.auth, files, (row, problem) => {
        if (problem) local.set(row.seq, problem);
        else r.uploaded++;
      });
      this.repo.noteAttempt(rows.map((x) => x.seq));
      const a = await this.request('POST', '/v1/push', { body: JSON.stringify({ items }), headers: { 'content-type': 'application/json' }, auth: cred.auth });
      if (a.status !== 200) throw this.refusal(a);
      const parsed = PushResponseSchema.safeParse(a.body);
      if (!parsed.success) throw new SyncError('BAD_ANSWER', SYNC_CLIENT_MESSAGES.BAD_ANSWER);
      if (parsed.data.warning) r.clockWarning = parsed.data.warning;
      const at = this.o.now().toISOString();
      const bySeq = new Map(parsed.data.results.map((x) => [x.seq, x]));
      this.o.store.tx(() => {
        for (const row of rows) {
          const res = bySeq.get(row.seq);
          if (!res || res.id !== row.id) continue; // unanswered: stays pending, resent next pass
          const mine = local.get(row.seq);
          if (res.outcome === 'rejected' || mine) {
            const why = mine ?? { code: res.outcome === 'rejected' ? res.code : 'LOCAL', message: res.outcome === 'rejected' ? res.message : '' };
            this.repo.markRejected(row.seq, why.code, why.message, at);
            r.rejected++;
          } else {
            this.repo.markDone(row.seq, at);
            if (res.outcome === 'accepted') r.accepted++;
            else r.duplicate++;
          }
        }
      });
    }
  }

  /** The item's payload, read from its row now; or why it cannot be sent (Vietnamese). */
  private build(row: OutboxRow, deskUnit: string): { payload: unknown } | { problem: { code: string; message: string } } {
    const gone = { problem: { code: 'ROW_GONE', message: SYNC_CLIENT_MESSAGES.ROW_GONE } };
    let payload: unknown;
    if (row.kind === 'guided' || row.kind === 'message') {
      const rec = this.repo.record(row.kind, row.entityId);
      if (!rec) return gone;
      const key = row.dossierId ? this.repo.key(row.dossierId) : null;
      payload = { unitCode: key?.unitCode ?? deskUnit, data: rec };
    } else {
      const key = row.dossierId ? this.repo.key(row.dossierId) : null;
      if (!key) return { problem: { code: 'KEY_MISSING', message: SYNC_CLIENT_MESSAGES.KEY_MISSING } };
      if (row.kind === 'dossier') {
        const d = this.repo.dossier(row.entityId);
        if (!d) return gone;
        let fees: unknown;
        try {
          fees = JSON.parse(d.fees_json);
        } catch {
          fees = [];
        }
        payload = {
          ...key,
          fields: {
            procedureCode: d.procedure_code,
            procedureName: d.procedure_name,
            ...(d.field ? { fieldCode: d.field } : {}),
            channel: d.channel,
            applicant: { name: d.applicant_name, idNumber: d.applicant_id_number, address: d.applicant_address, phone: d.applicant_phone, email: d.applicant_email },
            // The desk keeps no applicant type: citizens are what a counter receives (LoaiDoiTuong 1).
            applicantType: 1,
            summary: receptionSummary(d.procedure_name, d.applicant_name),
            // At the counter, submitted is received.
            submittedAt: d.received_at,
            receivedAt: d.received_at,
            dueAt: d.due_at,
            ...(d.officer_name ? { officerName: d.officer_name } : {}),
            fees,
          },
        };
      } else if (row.kind === 'dossierEvent') {
        const e = this.repo.event(row.entityId);
        if (!e) return gone;
        payload = { ...key, status: e.status, officerName: e.officer_name ?? '', note: e.note };
      } else {
        const c = this.repo.component(row.entityId);
        if (!c) return gone;
        payload = {
          ...key,
          componentCode: String(c.sequence),
          name: c.name,
          sha256: c.file_id ?? NO_FILE,
          digitized: true,
          reused: c.reused_from !== null,
          removed: c.file_id === null,
        };
      }
    }
    const checked = PAYLOAD_SCHEMAS[row.kind].safeParse(payload);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      return { problem: { code: 'BAD_REQUEST', message: `Dữ liệu của mục đồng bộ không hợp lệ${issue?.path.length ? ` (trường ${issue.path.join('.')})` : ''}: ${issue?.message ?? ''}`.trim() } };
    }
    return { payload: checked.data };
  }

  // ---- Files ---------------------------------------------------------------------------------

  /** Uploads a component's file (resuming where the receiver stopped); a problem when it cannot. */
  /**
   * Uploads each file (its rows in turn) with up to `uploadConcurrency` files at once. A transport
   * failure (network, 5xx after the retries) ends the pass once the uploads in flight have settled.
   */
  private async uploadAll(auth: string, files: Map<string, OutboxRow[]>, done: (row: OutboxRow, problem: { code: string; message: string } | null) => void): Promise<void> {
    const queue = [...files];
    let failure: unknown = null;
    const worker = async () => {
      for (let job = queue.shift(); job && failure === null; job = queue.shift()) {
        const [sha, rowsOfFile] = job;
        let held = false;
        for (const row of rowsOfFile) {
          // Once one row's upload succeeded the receiver holds the file: the others need nothing sent.
          if (held) {
            done(row, null);
            continue;
          }
          try {
            const problem = await this.upload(auth, row, sha);
            held = problem === null;
            done(row, problem);
          } catch (err) {
            failure ??= err;
            return;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(Math.max(1, this.o.uploadConcurrency ?? 3), queue.length) }, worker));
    if (failure !== null) throw failure;
  }

  private async upload(auth: string, row: OutboxRow, sha: string): Promise<{ code: string; message: string } | null> {
    const c = this.repo.component(row.entityId);
    const ext = c?.file_ext ?? 'pdf';
    const file = path.join(this.o.filesDir, sha.slice(0, 2), sha.slice(2, 4), `${sha}.${ext}`);
    let data: Buffer;
    try {
      data = fs.readFileSync(file);
    } catch {
      return { code: 'FILE_GONE', message: SYNC_CLIENT_MESSAGES.FILE_GONE };
    }
    const chunk = Math.max(1, this.o.chunkBytes ?? 4 * 1024 * 1024);
    // A new file on its first try goes straight out from byte 0 (one round trip less per file):
    // a receiver holding part of it answers 409 with its offset, one holding all of it 200 complete.
    // A retried item, or a file reused from an earlier dossier (likely there already), asks first.
    let offset = 0;
    if (row.attempts > 0 || (c?.reused_from ?? null) !== null) {
      const head = await this.request('HEAD', FILE_PATHS.upload(sha), { auth });
      if (head.status !== 200) throw this.refusal(head);
      if (head.headers.get(SYNC_HEADERS.uploadComplete) === '1') return null;
      offset = Number(head.headers.get(SYNC_HEADERS.uploadOffset) ?? '0') || 0;
    }
    let fails = 0;
    for (let guard = 0; guard < 10_000; guard++) {
      this.setProgress({ sha256: sha, sent: offset, total: data.length });
      const end = Math.min(data.length, offset + chunk);
      let a: Answer;
      try {
        a = await this.request('PUT', FILE_PATHS.upload(sha), {
          auth,
          attempts: 1,
          body: new Uint8Array(data.buffer as ArrayBuffer, data.byteOffset + offset, end - offset), // a view, not a copy
          headers: { [SYNC_HEADERS.uploadLength]: String(data.length), [SYNC_HEADERS.uploadOffset]: String(offset), 'content-type': CONTENT_TYPES[ext] ?? 'application/octet-stream' },
        });
      } catch (err) {
        if (!(err instanceof SyncError) || !err.transient || ++fails >= this.maxAttempts) throw err;
        // The connection dropped mid-body: ask where the receiver stopped, then go on from there.
        await this.backoff(fails);
        const again = await this.request('HEAD', FILE_PATHS.upload(sha), { auth });
        if (again.headers.get(SYNC_HEADERS.uploadComplete) === '1') return null;
        offset = Number(again.headers.get(SYNC_HEADERS.uploadOffset) ?? '0') || 0;
        continue;
      }
      const held = Number(a.headers.get(SYNC_HEADERS.uploadOffset) ?? 'NaN');
      if (a.status === 200 || a.status === 201) {
        if (a.headers.get(SYNC_HEADERS.uploadComplete) === '1' || (a.body as { complete?: boolean } | null)?.complete) {
          this.setProgress({ sha256: sha, sent: data.length, total: data.length });
          return null;
        }
        offset = Number.isFinite(held) ? held : end;
        fails = 0;
      } else if (a.status === 409 || (a.status === 400 && Number.isFinite(held))) {
        offset = Number.isFinite(held) ? held : 0;
      } else if (a.status === 422 || a.status === 413) {
        return { code: (a.body as { code?: string } | null)?.code ?? 'HASH_MISMATCH', message: this.refusal(a).message };
      } else {
        throw this.refusal(a);
      }
    }
    throw new SyncError('BAD_ANSWER', SYNC_CLIENT_MESSAGES.BAD_ANSWER);
  }

  // ---- Pull ----------------------------------------------------------------------------------

  private async pullAll(cred: { auth: string; deskId: string; unitCode: string }, r: SyncPassResult): Promise<void> {
    const role = this.enrolled()?.role ?? 'officer';
    const apply: PullApplyContext = { store: this.o.store, deskId: cred.deskId, role, unitCode: cred.unitCode, baseUrl: this.base(), now: this.o.now };
    // Changes parked for a dossier that has since arrived, or for a code this install no longer uses.
    const retried = this.repo.applying(() => retryParkedChanges(apply));
    if (retried.length > 0) this.o.onDossiersChanged?.(retried);
    for (let page = 0; page < 1000; page++) {
      const cursor = Number(this.repo.getState().cursor ?? '0') || 0;
      const a = await this.request('GET', `/v1/pull?cursor=${cursor}&unit=${encodeURIComponent(cred.unitCode)}`, { auth: cred.auth });
      if (a.status !== 200) throw this.refusal(a);
      const parsed = PullResponseSchema.safeParse(a.body);
      if (!parsed.success) throw new SyncError('BAD_ANSWER', SYNC_CLIENT_MESSAGES.BAD_ANSWER);
      const p = parsed.data;
      if (p.warning) r.clockWarning = p.warning;
      r.pulled += p.changes.length;
      // The page's changes and the new cursor land together: a crash repeats the page, never skips it
      // (and a repeated page changes nothing: each field keeps the stamp of the change that wrote it).
      const touched = new Set<string>();
      this.repo.applying(() => {
        for (const c of p.changes) {
          if (!applyPulledChange(apply, c)) continue;
          r.applied++;
          if (c.unitCode && c.kind !== 'catalog' && c.kind !== 'calendar') {
            const held = this.o.store.syncPull.dossierByKey(c.unitCode, c.entityKey);
            if (held) touched.add(held.id);
          }
        }
        this.repo.setState({ cursor: String(p.cursor), lastPulledAt: this.o.now().toISOString() });
      });
      // After the commit: open screens (Hồ sơ, Thống kê) reload what changed.
      if (touched.size > 0) this.o.onDossiersChanged?.([...touched]);
      if (!p.more || p.changes.length === 0) return;
    }
  }
}
