import { describe, expect, it } from 'vitest';
import { readyCore, SAMPLE_APPLICANT, type TestCore } from '../../helpers/core';

const ID = SAMPLE_APPLICANT.idNumber;
const components = [{ name: 'Giấy chứng sinh', required: true, copies: 1, received: true }];

async function auditOf(core: TestCore, action: string) {
  return (await core.call('audit.list', { action, limit: 500 })).filter((e) => e.entity === 'applicant').map((e) => ({ ...e, detail: JSON.parse(e.detail) as Record<string, unknown> }));
}

async function officer(core: TestCore, role: 'officer' | 'supervisor', username: string): Promise<TestCore> {
  await core.call('officers.create', { username, fullName: `Cán bộ ${username}`, pin: '135790', role, desk: null });
  const o = core.as(`${username}-window`);
  await o.call('auth.signIn', { username, pin: '135790' });
  return o;
}

/** Receives a dossier whose applicant's name, address, date of birth and sex were read from `source`. */
async function receiveRead(core: TestCore, procedureId: string, source: 'card' | 'ocr') {
  await core.call('dossiers.create', {
    procedureId,
    applicant: { ...SAMPLE_APPLICANT, address: '12 Lê Lợi, xã Tân Lập' },
    components,
    applicantSource: { name: source, address: source, dob: source, sex: source },
    applicantDetails: { dob: '2003-04-05', sex: 'male' },
  });
}

describe('applicant profiles: provenance, corrections, masked lists, audited views, deletion', () => {
  it('keeps where each value came from, audits corrections, lists masked, audits each view, and lets only an admin delete', async () => {
    let now = new Date('2026-12-06T08:00:00+07:00');
    const { core, procedure } = await readyCore({ now: () => now, idleLockMinutes: 0 });
    try {
      // Received from a card read: name and address from the card, with the card's date of birth and
      // sex; the phone typed by the officer.
      await receiveRead(core, procedure.id, 'card');
      const first = (await core.call('applicants.lookup', { idNumber: ID }))!;
      expect(first.profile).toMatchObject({ idNumber: ID, name: SAMPLE_APPLICANT.name, dob: '2003-04-05', sex: 'male', address: '12 Lê Lợi, xã Tân Lập', phone: SAMPLE_APPLICANT.phone, email: '', dossiers: 1 });
      const at = now.toISOString();
      expect(first.profile.provenance).toEqual({
        name: { source: 'card', at, officerName: 'Nguyễn Thị Lan', toCheck: false },
        dob: { source: 'card', at, officerName: 'Nguyễn Thị Lan', toCheck: false },
        sex: { source: 'card', at, officerName: 'Nguyễn Thị Lan', toCheck: false },
        address: { source: 'card', at, officerName: 'Nguyễn Thị Lan', toCheck: false },
        phone: { source: 'officer', at, officerName: 'Nguyễn Thị Lan', toCheck: false },
      });
      expect(first.applicant).toEqual({ ...SAMPLE_APPLICANT, address: '12 Lê Lợi, xã Tân Lập' });

      // A later dossier typed with the same values (an old caller: no sources) keeps the card as
      // their source; an empty phone does not erase the known one; a new email is the officer's.
      now = new Date('2026-12-20T09:00:00+07:00');
      await core.call('dossiers.create', { procedureId: procedure.id, applicant: { ...SAMPLE_APPLICANT, address: '12 Lê Lợi, xã Tân Lập', phone: '', email: 'duc@example.vn' }, components });
      const second = (await core.call('applicants.lookup', { idNumber: ID }))!;
      expect(second.profile).toMatchObject({ phone: SAMPLE_APPLICANT.phone, email: 'duc@example.vn', dossiers: 2 });
      expect(second.profile.provenance.name).toMatchObject({ source: 'card', at });
      expect(second.profile.provenance.email).toMatchObject({ source: 'officer', at: now.toISOString() });

      // A correction: stored as the officer's, audited with before and after (the ID number hashed).
      const corrected = await core.call('applicants.correct', { idNumber: ID, field: 'address', value: '45 Nguyễn Huệ, xã Tân Lập' });
      expect(corrected).toMatchObject({ address: '45 Nguyễn Huệ, xã Tân Lập', provenance: { address: { source: 'officer', at: now.toISOString(), corrected: true } } });
      expect(corrected.provenance.name?.corrected).toBeUndefined();
      const corrections = await auditOf(core, 'correct');
      expect(corrections).toHaveLength(1);
      expect(corrections[0]!.detail).toEqual({ field: 'address', before: '12 Lê Lợi, xã Tân Lập', after: '45 Nguyễn Huệ, xã Tân Lập', previousSource: 'card' });
      expect(JSON.stringify(await core.call('audit.list', { limit: 500 }))).not.toContain(ID);
      // Bad values are refused in Vietnamese and change nothing.
      for (const [field, value, message] of [['phone', '12ab', 'Số điện thoại'], ['dob', '2003-02-30', 'Ngày sinh'], ['name', '', 'Họ tên'], ['email', 'duc@', 'Thư điện tử']] as const) {
        expect(await core.dispatch('applicants.correct', { idNumber: ID, field, value })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining(message) } });
      }
      expect(await core.dispatch('applicants.correct', { idNumber: '001099000001', field: 'name', value: 'X' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect((await core.call('applicants.lookup', { idNumber: ID }))!.profile).toMatchObject({ address: '45 Nguyễn Huệ, xã Tân Lập', phone: SAMPLE_APPLICANT.phone, dob: '2003-04-05' });
      expect(await auditOf(core, 'correct')).toHaveLength(1);

      // The list masks the ID number and the address; officers may not list or open.
      const list = await core.call('applicants.list', {});
      expect(list).toEqual({ total: 1, items: [{ ref: expect.any(String), idNumberMasked: '0792******34', name: SAMPLE_APPLICANT.name, addressMasked: '…, xã Tân Lập', updatedAt: now.toISOString() }] });
      expect(JSON.stringify(list)).not.toContain(ID);
      expect((await core.call('applicants.list', { query: 'duc' })).total).toBe(1);
      expect((await core.call('applicants.list', { query: ID })).total).toBe(1);
      expect((await core.call('applicants.list', { query: 'hoa' })).total).toBe(0);
      const ref = list.items[0]!.ref;
      const clerk = await officer(core, 'officer', 'binh');
      expect(await clerk.dispatch('applicants.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await clerk.dispatch('applicants.get', { ref })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

      // Each full view is audited.
      const supervisor = await officer(core, 'supervisor', 'chi');
      expect(await supervisor.call('applicants.get', { ref })).toMatchObject({ idNumber: ID, address: '45 Nguyễn Huệ, xã Tân Lập', dossiers: 2 });
      await core.call('applicants.get', { ref });
      const views = await auditOf(core, 'view');
      expect(views.map((v) => v.officerName)).toEqual(['Nguyễn Thị Lan', 'Cán bộ chi']);
      expect(views[0]!.detail).toEqual({ method: 'applicants.get' });
      expect(views[0]!.entityId).toBe(corrections[0]!.entityId);

      // Deletion: admin only, reason required; the dossiers stay; the lookup finds nothing after.
      expect(await supervisor.dispatch('applicants.delete', { ref, reason: 'Theo đề nghị của công dân' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await core.dispatch('applicants.delete', { ref, reason: '  ' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('reason') } });
      expect((await core.call('applicants.list', {})).total).toBe(1);
      expect(await core.call('applicants.delete', { ref, reason: 'Theo đề nghị của công dân ngày 20/12/2026' })).toEqual({ dossiersKept: 2 });
      expect((await auditOf(core, 'delete')).map((e) => e.detail)).toEqual([{ reason: 'Theo đề nghị của công dân ngày 20/12/2026', dossiersKept: 2 }]);
      expect(await core.call('applicants.lookup', { idNumber: ID })).toBeNull();
      expect((await core.call('dossiers.list', {})).total).toBe(2);
      expect(await core.dispatch('applicants.get', { ref })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    } finally {
      await core.close();
    }
  });

  it('a value read by OCR stays "to check" until an officer confirms it (the same value, audited) or corrects it', async () => {
    const now = new Date('2026-12-06T08:00:00+07:00');
    const { core, procedure } = await readyCore({ now: () => now, idleLockMinutes: 0 });
    try {
      await receiveRead(core, procedure.id, 'ocr');
      const read = (await core.call('applicants.lookup', { idNumber: ID }))!.profile;
      for (const f of ['name', 'address', 'dob', 'sex'] as const) expect(read.provenance[f]).toMatchObject({ source: 'ocr', toCheck: true });
      const confirmed = await core.call('applicants.correct', { idNumber: ID, field: 'name', value: SAMPLE_APPLICANT.name });
      expect(confirmed.provenance.name).toEqual({ source: 'officer', at: now.toISOString(), officerName: 'Nguyễn Thị Lan', toCheck: false });
      expect(confirmed.provenance.address).toMatchObject({ source: 'ocr', toCheck: true });
      expect((await auditOf(core, 'confirm')).map((e) => e.detail)).toEqual([{ field: 'name', previousSource: 'ocr' }]);
      // Confirming again changes nothing and logs nothing.
      await core.call('applicants.correct', { idNumber: ID, field: 'name', value: SAMPLE_APPLICANT.name });
      expect(await auditOf(core, 'confirm')).toHaveLength(1);
      expect(await auditOf(core, 'correct')).toHaveLength(0);
    } finally {
      await core.close();
    }
  });
});
