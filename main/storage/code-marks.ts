// Dossier-code high-water marks kept *outside* the database (`<dataDir>/counters.json`): the last
// sequence handed out per counter scope, written atomically and fsynced before the dossier's
// transaction commits. A database restored from an older backup, or one that lost its last commits,
// then still never re-issues a code: allocation takes max(database, mark) + 1. The file also keeps
// the last audit id seen, so a database that went backwards is detected at start.
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../fs/atomic';
import type { Db } from '../data/database';
import { databaseCounters, lastAuditId } from '../data/integrity-queries';

export const CODE_MARKS_FILE = 'counters.json';

export interface CodeMarksData {
  version: 1;
  /** Counter scope (see shared/domain/dossier-code.ts) → last sequence handed out. */
  scopes: Record<string, number>;
  /** The highest audit_log id committed when the last code was handed out (a lower bound). */
  lastAuditId: number;
  updatedAt: string;
}

export function readCodeMarks(dataDir: string): CodeMarksData {
  const empty: CodeMarksData = { version: 1, scopes: {}, lastAuditId: 0, updatedAt: '' };
  try {
    const raw = JSON.parse(fs.readFileSync(path.join(dataDir, CODE_MARKS_FILE), 'utf8')) as Partial<CodeMarksData>;
    const scopes: Record<string, number> = {};
    for (const [k, v] of Object.entries(raw.scopes ?? {})) if (Number.isInteger(v) && v > 0) scopes[k] = v;
    return { version: 1, scopes, lastAuditId: Number.isInteger(raw.lastAuditId) ? raw.lastAuditId! : 0, updatedAt: String(raw.updatedAt ?? '') };
  } catch {
    return empty;
  }
}

/** Keeps the larger of each mark (restore merges a backup's marks into the target's). */
export function mergeCodeMarks(a: CodeMarksData, b: Pick<CodeMarksData, 'scopes' | 'lastAuditId'>): CodeMarksData {
  const scopes = { ...a.scopes };
  for (const [k, v] of Object.entries(b.scopes)) scopes[k] = Math.max(scopes[k] ?? 0, v);
  return { version: 1, scopes, lastAuditId: Math.max(a.lastAuditId, b.lastAuditId), updatedAt: new Date().toISOString() };
}

export function writeCodeMarks(dataDir: string, data: CodeMarksData): void {
  writeFileAtomicSync(path.join(dataDir, CODE_MARKS_FILE), JSON.stringify(data, null, 1));
}

export class CodeMarks {
  private data: CodeMarksData;
  constructor(readonly dataDir: string) {
    this.data = readCodeMarks(dataDir);
  }

  get(scope: string): number {
    return this.data.scopes[scope] ?? 0;
  }

  snapshot(): CodeMarksData {
    return { ...this.data, scopes: { ...this.data.scopes } };
  }

  /** Records a handed-out sequence (durably) before the transaction that uses it commits. */
  record(scope: string, sequence: number, lastAuditId: number, at: Date): void {
    const next: CodeMarksData = {
      version: 1,
      scopes: { ...this.data.scopes, [scope]: Math.max(this.get(scope), sequence) },
      lastAuditId: Math.max(this.data.lastAuditId, lastAuditId),
      updatedAt: at.toISOString(),
    };
    writeCodeMarks(this.dataDir, next);
    this.data = next;
  }
}

/**
 * Vietnamese warnings when the database is behind the marks kept beside it: it was restored from an
 * older backup, rolled back, or lost commits. Codes stay unique either way (allocation uses the marks).
 */
export function databaseBehindWarnings(db: Db, marks: CodeMarksData): string[] {
  const counters = databaseCounters(db);
  const behind = Object.entries(marks.scopes).filter(([scope, last]) => (counters[scope] ?? 0) < last);
  const warnings: string[] = [];
  if (behind.length) {
    const sample = behind
      .slice(0, 3)
      .map(([scope, last]) => `${scope}: đã cấp đến số ${last}, cơ sở dữ liệu chỉ có ${counters[scope] ?? 0}`)
      .join('; ');
    warnings.push(
      `Cơ sở dữ liệu cũ hơn mốc mã hồ sơ đã cấp (${sample}${behind.length > 3 ? `; và ${behind.length - 3} phạm vi khác` : ''}). ` +
        'Có thể dữ liệu đã được khôi phục từ bản sao lưu cũ hoặc bị mất các thay đổi cuối. Mã hồ sơ mới vẫn tiếp nối sau mốc (không cấp trùng); ' +
        'hãy kiểm tra các hồ sơ tiếp nhận sau thời điểm sao lưu và nhập lại nếu thiếu.',
    );
  }
  const audit = lastAuditId(db);
  if (marks.lastAuditId > audit) {
    warnings.push(`Nhật ký thao tác trong cơ sở dữ liệu dừng ở mục ${audit}, trong khi đã ghi nhận đến mục ${marks.lastAuditId}: cơ sở dữ liệu đã lùi về trước.`);
  }
  return warnings;
}
