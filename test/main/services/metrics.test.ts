import { describe, expect, it } from 'vitest';
import { readyCore, SAMPLE_APPLICANT, SAMPLE_PROCEDURE, testCore, waitJob } from '../../helpers/core';
import { fakeOcr } from '../../helpers/fake-ocr';
import { scannedPage } from '../../helpers/pages';

const NOV = { from: '2026-11-01', to: '2026-11-30' };

/** A desk's week: three dossiers on a 3-working-day procedure, at times the test sets. */
async function week() {
  let now = new Date('2026-11-02T08:00:00+07:00'); // Monday
  const { core, procedure: paper } = await readyCore({ now: () => now, ocrFactory: async () => fakeOcr(), idleLockMinutes: 0 });
  // A procedure whose result is not a paper: its digitized dossiers count without a result file.
  const plain = await core.call('procedures.upsert', { ...SAMPLE_PROCEDURE, code: '1.000001', name: 'Xác nhận thông tin hộ tịch', resultIsPaper: false });
  const create = async (procedureId: string, channel: 1 | 2 = 1) =>
    core.call('dossiers.create', {
      procedureId,
      channel,
      applicant: SAMPLE_APPLICANT,
      components: [{ name: 'Tờ khai', required: true, copies: 1, received: true }],
    });
  const a = await create(plain.id); // due Thursday 5 November, 17:00
  const b = await create(paper.id, 2);
  const page = await scannedPage(['Tờ khai', 'Họ và tên: Trần Văn Đức']);
  const imported = await waitJob(core, (await core.call('digitize.importFiles', { componentId: a.components[0]!.id, files: [{ name: 'a.png', dataBase64: page.toString('base64') }] })).jobId);
  expect(imported.state).toBe('done');
  expect((await waitJob(core, (await core.call('digitize.buildPdf', { componentId: a.components[0]!.id })).jobId)).state).toBe('done');
  now = new Date('2026-11-03T09:00:00+07:00');
  const c = await create(plain.id);
  now = new Date('2026-11-04T10:00:00+07:00');
  await core.call('dossiers.setStatus', { id: a.id, status: 4 });
  await core.call('dossiers.setStatus', { id: a.id, status: 9 });
  await core.call('dossiers.setStatus', { id: c.id, status: 5, note: 'Thiếu giấy chứng sinh' });
  // A citizen guided through submitting online counts for the officer, not as a received dossier.
  await core.call('guide.record', { procedureId: paper.id, applicantName: 'Lê Thị Hoa', outcome: 'submitted' });
  return { core, setNow: (d: Date) => (now = d), a, b, c };
}

describe('statistics: national index criteria from the desk store', () => {
  it('counts on time as of now in a running period, then as of its end', async () => {
    const { core, setNow } = await week();
    try {
      setNow(new Date('2026-11-04T12:00:00+07:00'));
      let r = await core.call('metrics.index', NOV);
      expect(r.received).toBe(3);
      // a finished before its due moment; b open and not yet due; c waits on its only supplement request.
      expect(r.onTime).toMatchObject({ count: 3, of: 3, rate: 1, points: 20 });
      setNow(new Date('2026-11-10T12:00:00+07:00'));
      r = await core.call('metrics.index', NOV);
      // b's due moment (Thursday 17:00) has passed; c still counts as ended at its request.
      expect(r.onTime).toMatchObject({ count: 2, of: 3 });
      expect(r.overdue.count).toBe(1);
      expect(r.satisfaction.rate).toBeCloseTo(2 / 3);
    } finally {
      await core.close();
    }
  });

  it('counts digitized and online dossiers as the index does, and totals per officer and per day', async () => {
    const { core, setNow } = await week();
    try {
      setNow(new Date('2026-11-04T12:00:00+07:00'));
      const r = await core.call('metrics.index', NOV);
      // a: digitized, result not a paper. b: online, but its paper result has no electronic copy yet.
      expect(r.digitization).toMatchObject({ count: 1, of: 3 });
      expect(r.digitization.points).toBeCloseTo(4 / 3);
      expect(r.online).toMatchObject({ count: 0, of: 3, rate: 0, fraction: 0 });
      // The desk records results, fees and payment now; complaints come only by sync or import.
      expect(r.notRecorded).toEqual(['complaints']);
      expect(r.reuse).toMatchObject({ count: 0, of: 3 });
      expect(r.byOfficer).toEqual([{ officerId: expect.any(String), name: 'Nguyễn Thị Lan', desk: expect.any(String), received: 3, digitized: 1, online: 1, onTime: 3, guided: 1 }]);
      expect(r.byDay).toEqual([
        { day: '2026-11-02', received: 2, digitized: 1, online: 1, guided: 0 },
        { day: '2026-11-03', received: 1, digitized: 0, online: 0, guided: 0 },
        { day: '2026-11-04', received: 0, digitized: 0, online: 0, guided: 1 },
      ]);
      // Another period sees none of them.
      expect((await core.call('metrics.index', { from: '2026-10-01', to: '2026-10-31' })).received).toBe(0);
    } finally {
      await core.close();
    }
  });

  it('refuses a reversed, impossible or over-long period in Vietnamese, and callers not signed in', async () => {
    const { core } = await readyCore();
    try {
      for (const bad of [
        { from: '2026-11-30', to: '2026-11-01' },
        { from: '2026-02-30', to: '2026-03-01' },
        { from: '2025-01-01', to: '2026-12-31' },
      ]) {
        const r = await core.dispatch('metrics.index', bad);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/Ngày|thời gian/) });
      }
    } finally {
      await core.close();
    }
    const anonymous = await testCore();
    try {
      const r = await anonymous.dispatch('metrics.index', NOV);
      expect(r.ok).toBe(false);
    } finally {
      await anonymous.close();
    }
  });

  it('keeps a campaign with dated targets in the settings, and refuses an impossible one in Vietnamese', async () => {
    const { core } = await readyCore();
    try {
      const campaign = { name: 'Chiến dịch 92 ngày', from: '2026-11-01', to: '2027-01-31', targets: { online: 0.8, digitization: 1, onTime: 1 } };
      expect((await core.call('settings.update', { campaign })).campaign).toEqual(campaign);
      expect((await core.call('settings.get')).campaign).toEqual(campaign);
      const reversed = await core.dispatch('settings.update', { campaign: { ...campaign, from: '2027-02-01' } });
      expect(reversed).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('Ngày bắt đầu chiến dịch') } });
      const over = await core.dispatch('settings.update', { campaign: { ...campaign, targets: { ...campaign.targets, online: 1.5 } } });
      expect(over).toMatchObject({ ok: false });
      expect((await core.call('settings.get')).campaign).toEqual(campaign);
      expect((await core.call('settings.update', { campaign: null })).campaign).toBeNull();
    } finally {
      await core.close();
    }
  });
});

describe('statistics: what the desk records counts', () => {
  it('a complaint, fees, payment and an electronic result recorded at the desk reach the index; complaints become known', async () => {
    const { core, setNow, a, b } = await week();
    try {
      setNow(new Date('2026-11-04T12:00:00+07:00'));
      expect((await core.call('metrics.index', NOV)).notRecorded).toEqual(['complaints']);
      await core.call('dossiers.setIndexFields', { id: a.id, fees: [{ name: 'Lệ phí', amount: 8000 }], paidOnline: 1, complaint: true });
      await core.call('dossiers.act', { id: b.id, action: { kind: 'process', note: '' } });
      await core.call('dossiers.act', { id: b.id, action: { kind: 'resultReceived', resultCode: 'KQ-7', note: '' } });
      const r = await core.call('metrics.index', NOV);
      expect(r.notRecorded).toEqual([]);
      expect(r.satisfaction.complaints).toBe(1);
      // b is online and its paper result now has a code but no file: still not an electronic result.
      expect(r.online.count).toBe(0);
    } finally {
      await core.close();
    }
  });
});
