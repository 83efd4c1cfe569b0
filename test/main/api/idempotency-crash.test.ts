// Idempotent requests under SIGKILL (issue 15): the core runs in a child process
// (dist/main/core-process.cjs, as the Electron host runs it) and receives dossiers.create calls,
// each with its own request id, until it is killed at a random moment. After every round a fresh
// core gets every request id again (the client's retry): each acknowledged id gives back the same
// dossier, every id ends up as exactly one dossier, and no dossier is half there.
import crypto from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { coreProcessHarness } from '../../helpers/core-process';
import { SAMPLE_APPLICANT, SAMPLE_PROCEDURE, SAMPLE_UNIT } from '../../helpers/core';
import { tempDir } from '../../helpers/temp';

const ROUNDS = 5;
const { start, call, caller } = coreProcessHarness('kill-test-window');

describe('idempotent dossiers.create across SIGKILL', () => {
  it('gives exactly one dossier per request id, the acknowledged one, after random kills', async () => {
    const dataDir = tempDir();
    let procedure: { id: string; components: { name: string; required: boolean; copies: number }[] };
    {
      const { core } = await start(dataDir);
      await call(core, 'setup.initialize', SAMPLE_UNIT);
      procedure = (await call(core, 'procedures.upsert', SAMPLE_PROCEDURE)) as typeof procedure;
      await core.close();
    }
    const inputFor = (n: number, requestId: string) => ({
      procedureId: procedure.id,
      applicant: { ...SAMPLE_APPLICANT, name: `Công dân số ${n}` },
      components: procedure.components.map((c) => ({ name: c.name, required: c.required, copies: c.copies, received: true })),
      requestId,
    });
    const sent: { n: number; requestId: string }[] = [];
    const acknowledged = new Map<string, string>(); // request id → dossier id

    for (let round = 0; round < ROUNDS; round++) {
      const { core, child } = await start(dataDir);
      await call(core, 'auth.signIn', { username: SAMPLE_UNIT.username, pin: SAMPLE_UNIT.pin });
      // Four writers send creations (and some retries of earlier ids) until the kill.
      let killed = false;
      const writer = async () => {
        while (!killed) {
          const retry = sent.length > 0 && Math.random() < 0.2 ? sent[Math.floor(Math.random() * sent.length)]! : null;
          const item = retry ?? { n: sent.length, requestId: crypto.randomUUID() };
          if (!retry) sent.push(item);
          const r = await core.dispatch('dossiers.create', inputFor(item.n, item.requestId), caller);
          if (r.ok) {
            const id = (r.result as { id: string }).id;
            const before = acknowledged.get(item.requestId);
            if (before) expect(id).toBe(before);
            acknowledged.set(item.requestId, id);
          }
        }
      };
      const writers = [writer(), writer(), writer(), writer()];
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 400));
      child.kill('SIGKILL');
      killed = true;
      await Promise.all(writers);
      await core.close();
    }
    expect(acknowledged.size).toBeGreaterThan(0);

    // The retry of every id on a fresh core: the acknowledged ones answer with their dossier.
    const { core } = await start(dataDir);
    await call(core, 'auth.signIn', { username: SAMPLE_UNIT.username, pin: SAMPLE_UNIT.pin });
    for (const item of sent) {
      const d = await call(core, 'dossiers.create', inputFor(item.n, item.requestId));
      if (acknowledged.has(item.requestId)) expect(d.id).toBe(acknowledged.get(item.requestId));
    }
    await core.close();

    const db = new Database(path.join(dataDir, 'motcua.sqlite'), { readonly: true });
    try {
      const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      expect(n('SELECT count(*) AS n FROM dossiers')).toBe(sent.length);
      expect(n('SELECT count(DISTINCT applicant_name) AS n FROM dossiers')).toBe(sent.length);
      expect(n("SELECT count(*) AS n FROM request_log WHERE method = 'dossiers.create'")).toBe(sent.length);
      // Nothing half there: every dossier has its components, its first event and its audit entry.
      expect(n(`SELECT count(*) AS n FROM dossiers d WHERE (SELECT count(*) FROM components c WHERE c.dossier_id = d.id) <> ${SAMPLE_PROCEDURE.components.length}`)).toBe(0);
      expect(n('SELECT count(*) AS n FROM dossiers d WHERE NOT EXISTS (SELECT 1 FROM dossier_events e WHERE e.dossier_id = d.id)')).toBe(0);
      expect(n("SELECT count(*) AS n FROM dossiers d WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'dossier' AND a.entity_id = d.id AND a.action = 'create')")).toBe(0);
      expect(n('SELECT count(DISTINCT code) AS n FROM dossiers')).toBe(sent.length);
    } finally {
      db.close();
    }
  }, 180_000);
});
