// The unit code and the dossier-code pattern: checked when given, and a refused reception leaves
// no code (nor a used number) behind.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { databasePath } from '../../../main/data/database';
import { readyCore, SAMPLE_APPLICANT, SAMPLE_UNIT, testCore } from '../../helpers/core';

const AT = new Date('2026-08-28T09:00:00+07:00');
const failure = (p: Promise<unknown>) => p.then(() => null, (e: Error & { code?: string }) => ({ code: e.code, message: e.message }));

describe('unit code and dossier-code pattern', () => {
  it('setup refuses a unit code without the national shape', async () => {
    const core = await testCore({ now: () => AT });
    try {
      expect(await failure(core.call('setup.initialize', { ...SAMPLE_UNIT, unitCode: 'abc xyz' }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('không có dấu cách') });
      const s = await core.call('setup.initialize', { ...SAMPLE_UNIT, unitCode: '000.00.53.h48' });
      expect(s.unit.code).toBe('000.00.53.H48');
    } finally {
      await core.close();
    }
  });

  it('the help text’s pattern gives real codes; unknown placeholders and a missing sequence are refused', async () => {
    const { core, procedure } = await readyCore({ now: () => AT });
    try {
      const receive = () => core.call('dossiers.create', { procedureId: procedure.id, applicant: SAMPLE_APPLICANT, components: [] });
      await core.call('settings.update', { dossierCodePattern: '{unit}-{yymmdd}-{seq4}' });
      expect((await receive()).code).toBe('000.00.53.H48-260828-0001');
      expect((await receive()).code).toBe('000.00.53.H48-260828-0002');
      expect(await failure(core.call('settings.update', { dossierCodePattern: '{unit}-{ngay}-{seq:4}' }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('{ngay}') });
      expect(await failure(core.call('settings.update', { dossierCodePattern: '{unit}-{yymmdd}' }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('số thứ tự') });
      expect((await core.call('settings.get')).dossierCodePattern).toBe('{unit}-{yymmdd}-{seq4}');
    } finally {
      await core.close();
    }
  });

  it('a pattern stored before the check is refused at reception without using a number', async () => {
    const { core, procedure } = await readyCore({ now: () => AT });
    try {
      const receive = () => core.call('dossiers.create', { procedureId: procedure.id, applicant: SAMPLE_APPLICANT, components: [] });
      expect((await receive()).code).toBe('000.00.53.H48-260828-0001');
      // As an older version stored it (straight into the settings table).
      const db = new Database(databasePath(core.dataDir));
      db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)').run('dossierCodePattern', JSON.stringify('{unit}-{ngay}-{seq:4}'));
      db.close();
      expect(await failure(receive())).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('Cài đặt') });
      expect((await core.call('dossiers.list', { query: '', limit: 10, offset: 0 })).items.map((d: { code: string }) => d.code)).toEqual(['000.00.53.H48-260828-0001']);
      await core.call('settings.update', { dossierCodePattern: '{unit}-{yymmdd}-{seq:4}' });
      expect((await receive()).code).toBe('000.00.53.H48-260828-0002');
    } finally {
      await core.close();
    }
  });

  it('an admin changes the unit code for future dossiers; earlier codes stay; audited', async () => {
    const { core, procedure } = await readyCore({ now: () => AT });
    try {
      const receive = () => core.call('dossiers.create', { procedureId: procedure.id, applicant: SAMPLE_APPLICANT, components: [] });
      const first = await receive();
      expect(await failure(core.call('unit.update', { code: 'abc xyz' }))).toMatchObject({ code: 'BAD_REQUEST' });
      const unit = await core.call('unit.update', { code: 'g09.20' });
      expect(unit.code).toBe('G09.20');
      expect((await core.call('app.info')).session?.unit.code).toBe('G09.20');
      expect((await receive()).code).toBe('G09.20-260828-0001');
      expect((await core.call('dossiers.get', { id: first.id })).code).toBe('000.00.53.H48-260828-0001');
      const log = await core.call('audit.list', { limit: 5 });
      expect(log.some((e) => e.action === 'update' && e.entity === 'unit')).toBe(true);
    } finally {
      await core.close();
    }
  });
});
