import type { Db } from '../database';
import type { Officer, Role, Unit } from '../../../shared/domain/schemas';
import { bool } from './rows';

interface OfficerRow {
  id: string;
  username: string;
  full_name: string;
  unit_id: string;
  desk: string | null;
  role: Role;
  pin_hash: string;
  active: number;
  failed_attempts: number;
  locked_until: string | null;
  locked: number;
}

/** The sign-in guard's state for one officer. */
export interface SignInGuard {
  failedAttempts: number;
  lockedUntil: string | null;
  locked: boolean;
}

const toGuard = (r: OfficerRow): SignInGuard => ({ failedAttempts: r.failed_attempts ?? 0, lockedUntil: r.locked_until ?? null, locked: bool(r.locked ?? 0) });

const toOfficer = (r: OfficerRow): Officer => ({
  id: r.id,
  username: r.username,
  fullName: r.full_name,
  unitId: r.unit_id,
  desk: r.desk,
  role: r.role,
  active: bool(r.active),
});

export class UnitsOfficersRepo {
  constructor(private readonly db: Db) {}

  insertUnit(u: Unit): void {
    this.db
      .prepare('INSERT INTO units (id, code, name, level, parent_id) VALUES (@id, @code, @name, @level, @parentId)')
      .run(u);
  }

  unit(id: string): Unit | null {
    const r = this.db.prepare('SELECT id, code, name, level, parent_id AS parentId FROM units WHERE id = ?').get(id);
    return (r as Unit | undefined) ?? null;
  }

  firstUnit(): Unit | null {
    const r = this.db.prepare('SELECT id, code, name, level, parent_id AS parentId FROM units ORDER BY rowid LIMIT 1').get();
    return (r as Unit | undefined) ?? null;
  }

  updateUnitCode(id: string, code: string): void {
    this.db.prepare('UPDATE units SET code = ? WHERE id = ?').run(code, id);
  }

  updateUnitName(id: string, name: string): void {
    this.db.prepare('UPDATE units SET name = ? WHERE id = ?').run(name, id);
  }

  officerCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM officers').get() as { n: number }).n;
  }

  insertOfficer(o: Officer, pinHash: string, createdAt: string): void {
    this.db
      .prepare(
        `INSERT INTO officers (id, username, full_name, unit_id, desk, role, pin_hash, active, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(o.id, o.username, o.fullName, o.unitId, o.desk, o.role, pinHash, o.active ? 1 : 0, createdAt);
  }

  officerWithHash(username: string): { officer: Officer; pinHash: string; guard: SignInGuard } | null {
    const r = this.db.prepare('SELECT * FROM officers WHERE username = ?').get(username) as OfficerRow | undefined;
    return r ? { officer: toOfficer(r), pinHash: r.pin_hash, guard: toGuard(r) } : null;
  }

  setPinHash(id: string, pinHash: string): void {
    this.db.prepare('UPDATE officers SET pin_hash = ? WHERE id = ?').run(pinHash, id);
  }

  setGuard(id: string, g: SignInGuard): void {
    this.db.prepare('UPDATE officers SET failed_attempts = ?, locked_until = ?, locked = ? WHERE id = ?').run(g.failedAttempts, g.lockedUntil, g.locked ? 1 : 0, id);
  }

  updateOfficer(o: Officer): void {
    this.db.prepare('UPDATE officers SET full_name = ?, desk = ?, role = ?, active = ? WHERE id = ?').run(o.fullName, o.desk, o.role, o.active ? 1 : 0, o.id);
  }

  activeAdmins(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM officers WHERE role = 'admin' AND active = 1").get() as { n: number }).n;
  }

  /** Officers with their sign-in guard (what administrators see). */
  accounts(): (Officer & SignInGuard)[] {
    return (this.db.prepare('SELECT * FROM officers ORDER BY full_name').all() as OfficerRow[]).map((r) => ({ ...toOfficer(r), ...toGuard(r) }));
  }

  account(id: string): (Officer & SignInGuard) | null {
    const r = this.db.prepare('SELECT * FROM officers WHERE id = ?').get(id) as OfficerRow | undefined;
    return r ? { ...toOfficer(r), ...toGuard(r) } : null;
  }

  officer(id: string): Officer | null {
    const r = this.db.prepare('SELECT * FROM officers WHERE id = ?').get(id) as OfficerRow | undefined;
    return r ? toOfficer(r) : null;
  }

  officers(): Officer[] {
    return (this.db.prepare('SELECT * FROM officers ORDER BY full_name').all() as OfficerRow[]).map(toOfficer);
  }
}
