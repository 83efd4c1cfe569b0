// Damaged rows (issue 15): a stored record that fails its schema is named in the error, and the rest
// of a list still loads (before, one flipped byte made the whole dossier list fail with "Dữ liệu gửi
// lên không hợp lệ", as if the request were wrong).
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { readyCore, SAMPLE_APPLICANT, SAMPLE_PROCEDURE } from '../../helpers/core';

function raw(dataDir: string, sql: string, ...args: unknown[]) {
  const db = new Database(path.join(dataDir, 'motcua.sqlite'));
  try {
    // A flipped byte on disk does not go through CHECK constraints: neither does this write.
    db.pragma('ignore_check_constraints = ON');
    db.prepare(sql).run(...args);
  } finally {
    db.close();
  }
}

async function threeDossiers() {
  const { core, procedure } = await readyCore();
  const make = (name: string) =>
    core.call('dossiers.create', {
      procedureId: procedure.id,
      applicant: { ...SAMPLE_APPLICANT, name },
      components: procedure.components.map((c) => ({ name: c.name, required: c.required, copies: c.copies, received: true })),
    });
  const dossiers = [await make('Trần Văn Đức'), await make('Lê Thị Hoa'), await make('Phạm Văn Nam')];
  return { core, procedure, dossiers };
}

describe('damaged stored rows', () => {
  it('lists the good dossiers and names the damaged one; getting it names it', async () => {
    const { core, dossiers } = await threeDossiers();
    const bad = dossiers[1]!;
    raw(core.dataDir, 'UPDATE dossiers SET status = 99 WHERE id = ?', bad.id);

    const list = await core.call('dossiers.list', {});
    expect(list.items.map((d) => d.id).sort()).toEqual([dossiers[0]!.id, dossiers[2]!.id].sort());
    expect(list.damaged).toHaveLength(1);
    expect(list.damaged[0]).toMatchObject({ id: bad.id, code: bad.code });
    expect(list.damaged[0]!.message).toContain(`Hồ sơ ${bad.code}`);

    const r = await core.dispatch('dossiers.get', { id: bad.id });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('STORE_CORRUPT');
      expect(r.error.message).toMatch(new RegExp(`^Hồ sơ ${bad.code} trong cơ sở dữ liệu bị hỏng \\(trường status\\); các hồ sơ khác không bị ảnh hưởng\\. Chạy \`motcua doctor\``));
    }
    // The others still open.
    expect((await core.call('dossiers.get', { id: dossiers[0]!.id })).code).toBe(dossiers[0]!.code);
    await core.close();
  });

  it('leaves garbage in a text column (a date) out of the list, naming its field', async () => {
    const { core, dossiers } = await threeDossiers();
    raw(core.dataDir, "UPDATE dossiers SET received_at = 'x\u0001garbage' WHERE id = ?", dossiers[2]!.id);
    const list = await core.call('dossiers.list', {});
    expect(list.items).toHaveLength(2);
    expect(list.damaged[0]!.message).toMatch(/trường receivedAt/);
    await core.close();
  });

  it('keeps the good procedures when one stored procedure is damaged', async () => {
    const { core, procedure } = await readyCore();
    await core.call('procedures.upsert', { ...SAMPLE_PROCEDURE, code: '1.000894', name: 'Đăng ký kết hôn' });
    raw(core.dataDir, 'UPDATE procedures SET processing_days = -5 WHERE id = ?', procedure.id);
    const found = await core.call('procedures.search', { query: '' });
    expect(found.map((p) => p.code)).toEqual(['1.000894']);
    await core.close();
  });
});
