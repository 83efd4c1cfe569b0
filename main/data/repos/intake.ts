// Durable intake and jobs (migration 010): files kept before they are acknowledged, the record of a
// file imported into a component (unique per component and SHA-256), jobs that outlive the
// process, replaced PDFs waiting to be deleted, and the scan-to-folder target.
import type { Db } from '../database';
import type { Job } from '../../../shared/contract/api';
import { json } from './rows';

export interface IntakeItem {
  id: string;
  jobId: string;
  seq: number;
  componentId: string;
  sha256: string;
  ext: string;
  name: string;
  source: string;
  state: 'pending' | 'done' | 'failed' | 'duplicate';
  pages: number | null;
  error: string | null;
}

export interface StoredJob extends Job {
  componentId: string | null;
  officerId: string | null;
  params: Record<string, unknown>;
  createdAt: string;
}

interface JobRow {
  id: string;
  kind: Job['kind'];
  state: Job['state'];
  component_id: string | null;
  officer_id: string | null;
  done: number;
  total: number;
  message: string;
  errors_json: string;
  params_json: string;
  created_at: string;
}

const toJob = (r: JobRow): StoredJob => ({
  id: r.id,
  kind: r.kind,
  state: r.state,
  done: r.done,
  total: r.total,
  message: r.message,
  errors: json<Job['errors']>(r.errors_json, []),
  componentId: r.component_id,
  officerId: r.officer_id,
  params: json<Record<string, unknown>>(r.params_json, {}),
  createdAt: r.created_at,
});

const INTAKE_COLS = 'id, job_id AS jobId, seq, component_id AS componentId, sha256, ext, name, source, state, pages, error';

export class IntakeRepo {
  constructor(private readonly db: Db) {}

  // --- jobs --------------------------------------------------------------------------------------
  insertJob(j: Job & { componentId: string | null; officerId: string | null; params?: Record<string, unknown> }, at: string): void {
    this.db
      .prepare(
        `INSERT INTO jobs (id, kind, state, component_id, officer_id, done, total, message, errors_json, params_json, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(j.id, j.kind, j.state, j.componentId, j.officerId, j.done, j.total, j.message, JSON.stringify(j.errors), JSON.stringify(j.params ?? {}), at, at);
  }

  saveJob(j: Job, at: string): void {
    this.db
      .prepare('UPDATE jobs SET state = ?, done = ?, total = ?, message = ?, errors_json = ?, updated_at = ? WHERE id = ?')
      .run(j.state, j.done, j.total, j.message, JSON.stringify(j.errors), at, j.id);
  }

  job(id: string): StoredJob | null {
    const r = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    return r ? toJob(r) : null;
  }

  /** Jobs a killed process left unfinished (oldest first). */
  unfinishedJobs(): StoredJob[] {
    return (this.db.prepare("SELECT * FROM jobs WHERE state IN ('queued','running') ORDER BY created_at").all() as JobRow[]).map(toJob);
  }

  /** The last finished PDF build of a component (who built it, signed or not). */
  lastBuild(componentId: string): StoredJob | null {
    const r = this.db.prepare("SELECT * FROM jobs WHERE kind = 'build-pdf' AND component_id = ? AND state = 'done' ORDER BY updated_at DESC LIMIT 1").get(componentId) as JobRow | undefined;
    return r ? toJob(r) : null;
  }

  pruneJobs(before: string): number {
    return this.db.prepare("DELETE FROM jobs WHERE state IN ('done','failed') AND updated_at < ?").run(before).changes;
  }

  // --- intake ------------------------------------------------------------------------------------
  insertItem(i: Omit<IntakeItem, 'state' | 'pages' | 'error'>, at: string): void {
    this.db
      .prepare(`INSERT INTO intake (id, job_id, seq, component_id, sha256, ext, name, source, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`)
      .run(i.id, i.jobId, i.seq, i.componentId, i.sha256, i.ext, i.name, i.source, at, at);
  }

  items(jobId: string): IntakeItem[] {
    return this.db.prepare(`SELECT ${INTAKE_COLS} FROM intake WHERE job_id = ? ORDER BY seq`).all(jobId) as IntakeItem[];
  }

  item(id: string): IntakeItem | null {
    return (this.db.prepare(`SELECT ${INTAKE_COLS} FROM intake WHERE id = ?`).get(id) as IntakeItem | undefined) ?? null;
  }

  finishItem(id: string, state: IntakeItem['state'], pages: number | null, error: string | null, at: string): void {
    this.db.prepare('UPDATE intake SET state = ?, pages = ?, error = ?, updated_at = ? WHERE id = ?').run(state, pages, error, at, id);
  }

  /** Whether a pending item still needs the kept bytes of this file. */
  pendingWithSha(sha256: string, ext: string): boolean {
    return this.db.prepare("SELECT 1 FROM intake WHERE sha256 = ? AND ext = ? AND state = 'pending' LIMIT 1").get(sha256, ext) !== undefined;
  }

  pruneItems(before: string): number {
    return this.db.prepare("DELETE FROM intake WHERE state <> 'pending' AND updated_at < ?").run(before).changes;
  }

  // --- files imported into a component -----------------------------------------------------------
  componentImport(componentId: string, sha256: string): { name: string; pages: number } | null {
    return (this.db.prepare('SELECT name, pages FROM component_imports WHERE component_id = ? AND sha256 = ?').get(componentId, sha256) as { name: string; pages: number } | undefined) ?? null;
  }

  /** False when the file was already imported into the component (the unique constraint holds). */
  recordComponentImport(componentId: string, sha256: string, name: string, source: string, pages: number, at: string): boolean {
    return (
      this.db
        .prepare('INSERT OR IGNORE INTO component_imports (component_id, sha256, name, source, pages, imported_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(componentId, sha256, name, source, pages, at).changes === 1
    );
  }

  // --- replaced PDFs -----------------------------------------------------------------------------
  markStale(fileId: string, ext: string, at: string): void {
    this.db.prepare('INSERT OR IGNORE INTO stale_files (file_id, ext, at) VALUES (?, ?, ?)').run(fileId, ext, at);
  }

  staleFiles(): { fileId: string; ext: string }[] {
    return this.db.prepare('SELECT file_id AS fileId, ext FROM stale_files').all() as { fileId: string; ext: string }[];
  }

  /** Forgets a stale file; true when no component references it any more (it may be deleted). */
  releaseStale(fileId: string, ext: string): boolean {
    this.db.prepare('DELETE FROM stale_files WHERE file_id = ? AND ext = ?').run(fileId, ext);
    return this.db.prepare('SELECT 1 FROM components WHERE file_id = ? LIMIT 1').get(fileId) === undefined;
  }

  // --- scan-to-folder target ---------------------------------------------------------------------
  captureTarget(): { componentId: string; officerId: string } | null {
    return (this.db.prepare('SELECT component_id AS componentId, officer_id AS officerId FROM capture_target WHERE id = 1').get() as { componentId: string; officerId: string } | undefined) ?? null;
  }

  setCaptureTarget(t: { componentId: string; officerId: string } | null, at: string): void {
    if (!t) this.db.prepare('DELETE FROM capture_target').run();
    else this.db.prepare('INSERT INTO capture_target (id, component_id, officer_id, at) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET component_id = excluded.component_id, officer_id = excluded.officer_id, at = excluded.at').run(t.componentId, t.officerId, at);
  }
}
