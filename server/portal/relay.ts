// The relay to the national portal, driven by the relay_jobs queue in PostgreSQL. At least once:
// a job is done only after the portal said success, and every call is idempotent in effect — a
// dossier is looked up (TraCuuHoSo) before its first create, "already exists" is resent as an
// update, and its upstream key (code + unit) was fixed by the desk before anything was sent. A job
// is sent while its sender holds the dossier's advisory lock on its own connection, so two
// receivers never send the same dossier at once; a crashed sender's lock ends with its session.
import type { Db } from '../db/db';
import type { Clock } from '../sync/receiver';
import { enqueueDossierRelay } from '../sync/receiver';
import { PortalUnavailable, type PortalAdapter, type PortalAnswer } from './adapter';
import { nationalDossier, progressStep, readyToSend, type ComponentFileRow } from './record';
import type pg from 'pg';

export interface RelayOptions {
  db: Db;
  adapter: PortalAdapter;
  clock: Clock;
  /** Where the portal downloads files from: the receiver's public base URL. */
  publicBaseUrl: string;
  /** Longest wait between two tries of a failing job. */
  maxBackoffMs?: number;
}

interface Job {
  id: string;
  kind: 'dossier' | 'progress';
  unit_code: string;
  code: string;
  event_id: string | null;
  attempts: number;
}

/** The wait before the next try after `attempts` failures: 30 s doubling, capped. */
export function backoffMs(attempts: number, cap = 3600_000): number {
  return Math.min(cap, 30_000 * 2 ** Math.max(0, attempts - 1));
}

const iso = (ms: number) => new Date(ms).toISOString();

class NotReady extends Error {}

export class Relay {
  constructor(private readonly o: RelayOptions) {}

  private async log(jobId: string, service: string, request: unknown, answer: PortalAnswer | null, error: string | null, httpStatus: number | null = null): Promise<void> {
    await this.o.db.query('INSERT INTO relay_log (job_id, service, request, http_status, response, error, at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      jobId,
      service,
      JSON.stringify(request),
      httpStatus,
      answer ? JSON.stringify(answer.raw) : null,
      error,
      iso(this.o.clock.now()),
    ]);
  }

  /** Sends every job that is due (at most `limit`); returns how many were sent successfully. */
  async runOnce(limit = 50): Promise<{ done: number; failed: number; deferred: number }> {
    const now = this.o.clock.now();
    const due = await this.o.db.query<Job>(
      `SELECT id, kind, unit_code, code, event_id, attempts FROM relay_jobs
       WHERE (state = 'pending' AND next_attempt_at <= $1) OR state = 'running'
       ORDER BY kind = 'progress', id LIMIT $2`,
      [iso(now), limit],
    );
    const stats = { done: 0, failed: 0, deferred: 0 };
    for (const job of due.rows) {
      const client = await this.o.db.connect();
      try {
        const got = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtextextended($1, 7301)) AS ok", [`${job.unit_code}/${job.code}`]);
        if (!got.rows[0].ok) continue; // another receiver is sending this dossier
        try {
          const claimed = await client.query(
            `UPDATE relay_jobs SET state = 'running' WHERE id = $1 AND ((state = 'pending' AND next_attempt_at <= $2) OR state = 'running')`,
            [job.id, iso(now)],
          );
          if (claimed.rowCount === 0) continue;
          const outcome = await this.send(job, client);
          stats[outcome]++;
        } finally {
          await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 7301))", [`${job.unit_code}/${job.code}`]);
        }
      } finally {
        client.release();
      }
    }
    return stats;
  }

  private async send(job: Job, client: pg.PoolClient): Promise<'done' | 'failed' | 'deferred'> {
    const now = this.o.clock.now();
    try {
      if (job.kind === 'dossier') await this.sendDossier(job, client);
      else await this.sendProgress(job, client);
      await client.query("UPDATE relay_jobs SET state = 'done', done_at = $2, attempts = attempts + 1, last_error = NULL WHERE id = $1", [job.id, iso(now)]);
      return 'done';
    } catch (e) {
      const notReady = e instanceof NotReady;
      const attempts = job.attempts + 1;
      const wait = notReady ? 60_000 : backoffMs(attempts, this.o.maxBackoffMs);
      // A newer pending job for the same dossier sends the same current snapshot: keep one.
      if (job.kind === 'dossier') {
        await client.query("DELETE FROM relay_jobs WHERE kind = 'dossier' AND state = 'pending' AND unit_code = $1 AND code = $2 AND id <> $3", [job.unit_code, job.code, job.id]);
      }
      await client.query("UPDATE relay_jobs SET state = 'pending', attempts = $2, next_attempt_at = $3, last_error = $4 WHERE id = $1", [
        job.id,
        attempts,
        iso(now + wait),
        (e as Error).message,
      ]);
      return notReady ? 'deferred' : 'failed';
    }
  }

  private async call<T extends PortalAnswer | { found: boolean; answer: PortalAnswer }>(job: Job, service: string, request: unknown, fn: () => Promise<T>): Promise<T> {
    try {
      const r = await fn();
      await this.log(job.id, service, request, 'answer' in r ? r.answer : (r as PortalAnswer), null);
      return r;
    } catch (e) {
      await this.log(job.id, service, request, null, (e as Error).message, e instanceof PortalUnavailable ? e.httpStatus : null);
      throw e;
    }
  }

  private async sendDossier(job: Job, client: pg.PoolClient): Promise<void> {
    const key = { unitCode: job.unit_code, code: job.code };
    const d = (await client.query<{ fields: Record<string, unknown>; upstream_known: boolean }>('SELECT fields, upstream_known FROM dossiers WHERE unit_code = $1 AND code = $2', [key.unitCode, key.code])).rows[0];
    if (!d || !readyToSend(d.fields)) throw new NotReady('Chưa nhận đủ dữ liệu tiếp nhận của hồ sơ từ quầy.');
    const files = (await client.query<{ component_code: string; data: Omit<ComponentFileRow, 'componentCode'> }>('SELECT component_code, data FROM component_files WHERE unit_code = $1 AND code = $2 ORDER BY component_code', [key.unitCode, key.code])).rows.map(
      (r) => ({ componentCode: r.component_code, ...r.data }),
    );
    const record = nationalDossier(key, d.fields, files, this.o.publicBaseUrl);
    let isUpdating = d.upstream_known;
    if (!isUpdating) {
      const l = await this.call(job, 'TraCuuHoSo', { mahoso: key.code }, () => this.o.adapter.lookup(key.code));
      if (!l.answer.ok && !l.found && l.answer.errorCode !== null && !/không tìm thấy|not found/i.test(l.answer.message)) {
        // A lookup that failed says nothing: do not risk a second upstream dossier.
        throw new Error(`TraCuuHoSo: ${l.answer.message || l.answer.errorCode}`);
      }
      isUpdating = l.found;
    }
    let answer = await this.call(job, 'DongBoHoSoMC', { isUpdating, data: [record] }, () => this.o.adapter.pushDossiers([record], isUpdating));
    if (!answer.ok && answer.alreadyExists && !isUpdating) {
      answer = await this.call(job, 'DongBoHoSoMC', { isUpdating: true, data: [record] }, () => this.o.adapter.pushDossiers([record], true));
    }
    if (!answer.ok) throw new Error(`DongBoHoSoMC: ${answer.message || answer.errorCode}`);
    await client.query('UPDATE dossiers SET upstream_known = true WHERE unit_code = $1 AND code = $2', [key.unitCode, key.code]);
  }

  private async sendProgress(job: Job, client: pg.PoolClient): Promise<void> {
    const known = (await client.query<{ upstream_known: boolean }>('SELECT upstream_known FROM dossiers WHERE unit_code = $1 AND code = $2', [job.unit_code, job.code])).rows[0];
    if (!known?.upstream_known) {
      await enqueueDossierRelay(client, { unitCode: job.unit_code, code: job.code }, this.o.clock.now());
      throw new NotReady('Hồ sơ chưa được đồng bộ lên Cổng Dịch vụ công quốc gia: cập nhật tiến độ gửi sau.');
    }
    const e = (await client.query<{ data: { status: number; at: string; officerName: string; officerTitle: string; department: string; note: string; dueAt: string | null } }>('SELECT data FROM dossier_events WHERE id = $1', [job.event_id])).rows[0];
    const step = progressStep(job.code, e.data);
    const answer = await this.call(job, 'CapNhatTienDoHoSoMC', { data: [step] }, () => this.o.adapter.pushProgress([step]));
    if (!answer.ok) throw new Error(`CapNhatTienDoHoSoMC: ${answer.message || answer.errorCode}`);
  }
}

/** Runs the relay every `intervalMs` until stopped. */
export function startRelayLoop(relay: Relay, intervalMs: number, log: (line: string) => void = () => {}): () => Promise<void> {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    if (stopped) return;
    running = relay
      .runOnce()
      .then((s) => {
        if (s.done || s.failed) log(`relay: ${s.done} sent, ${s.failed} failed, ${s.deferred} waiting`);
      })
      .catch((e) => log(`relay error: ${(e as Error).message}`))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  let timer = setTimeout(tick, 0);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
