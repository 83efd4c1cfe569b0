// Test support for the desk side of sync: a desk's data folder (SQLite store + file store) with rows
// written the way the services write them, and a fetch that injects network faults.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { databasePath, openDatabase } from '../../../main/data/database';
import { Store } from '../../../main/data/store';
import { BlobStore } from '../../../main/storage/blob-store';

export const UNIT = '000.00.01.H01';

export interface TestDeskData {
  dir: string;
  store: Store;
  filesDir: string;
  close(): void;
}

export function deskData(): TestDeskData {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-desk-'));
  const store = new Store(openDatabase(databasePath(dir)));
  store.db.prepare("INSERT INTO units VALUES ('u', ?, 'UBND xã Thử', 'xã', NULL)").run(UNIT);
  store.db.prepare("INSERT INTO units VALUES ('u2', 'KHAC.01', 'Đơn vị khác', 'xã', NULL)").run();
  store.db.prepare("INSERT INTO procedures (id, code, name, search_folded, field, processing_days, updated_at) VALUES ('p', '1.001', 'Đăng ký khai sinh', 'x', 'Hộ tịch', 3, '2031-01-01T00:00:00.000Z')").run();
  store.db.prepare("INSERT INTO officers (id, username, full_name, unit_id, role, pin_hash, created_at) VALUES ('o', 'an', 'Nguyễn Văn An', 'u', 'officer', 'h', '2031-01-01T00:00:00.000Z')").run();
  return {
    dir,
    store,
    filesDir: path.join(dir, 'files'),
    close() {
      store.db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A received dossier with its reception event and one component (with a PDF when given). */
export async function receiveDossier(d: TestDeskData, o: { id: string; code: string; at: string; unitId?: string; pdf?: Buffer }): Promise<{ sha256: string | null }> {
  const db = d.store.db;
  db.transaction(() => {
    db.prepare(
      `INSERT INTO dossiers (id, code, unit_id, procedure_id, procedure_code, procedure_name, channel, status, applicant_name, applicant_phone, search_folded, received_at, due_at, officer_id, created_at, updated_at)
       VALUES (?, ?, ?, 'p', '1.001', 'Đăng ký khai sinh', 1, 2, 'Trần Thị Bích', '0903123456', 'x', ?, NULL, 'o', ?, ?)`,
    ).run(o.id, o.code, o.unitId ?? 'u', o.at, o.at, o.at);
    db.prepare("INSERT INTO components (id, dossier_id, sequence, name) VALUES (?, ?, 1, 'Tờ khai đăng ký khai sinh')").run(`${o.id}-c1`, o.id);
    db.prepare("INSERT INTO dossier_events (id, dossier_id, status, at, officer_id, note) VALUES (?, ?, 2, ?, 'o', 'Tiếp nhận tại quầy')").run(`${o.id}-e1`, o.id, o.at);
  })();
  if (!o.pdf) return { sha256: null };
  const ref = await new BlobStore(d.filesDir).put(o.pdf, 'pdf');
  db.prepare("UPDATE components SET file_id = ?, file_ext = 'pdf', digitized_at = ?, page_count = 1 WHERE id = ?").run(ref.id, o.at, `${o.id}-c1`);
  return { sha256: ref.id };
}

export type Fault = 'refuse' | 'lost' | '503' | 'cut';

/**
 * A fetch that applies the planned fault to the n-th call of a method + path prefix:
 * 'refuse' (never reaches the receiver), 'lost' (the receiver acts, the answer is lost),
 * '503' (the receiver answers 503 without acting), 'cut' (half the body arrives, then the connection drops).
 */
export function faultyFetch(plan: Record<string, Fault[]>): { fetch: typeof fetch; calls: string[] } {
  const seen = new Map<string, number>();
  const calls: string[] = [];
  const f = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const name = `${init?.method ?? 'GET'} ${url.pathname.replace(/[0-9a-f]{64}$/, ':sha')}`;
    calls.push(name);
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    const fault = plan[name]?.[n];
    if (fault === 'refuse') throw new TypeError('fetch failed (connection refused)');
    if (fault === '503') return new Response(JSON.stringify({ code: 'INTERNAL', message: 'Máy chủ tỉnh đang bảo trì.' }), { status: 503 });
    if (fault === 'cut') {
      const body = init?.body as Uint8Array;
      const res = await fetch(input, { ...init, body: new Uint8Array(body.subarray(0, Math.floor(body.length / 2))) });
      await res.text();
      throw new TypeError('fetch failed (connection reset)');
    }
    const res = await fetch(input, init);
    if (fault === 'lost') {
      await res.text();
      throw new TypeError('fetch failed (socket hang up)');
    }
    return res;
  };
  return { fetch: f as typeof fetch, calls };
}
