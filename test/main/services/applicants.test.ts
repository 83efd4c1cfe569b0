import { describe, expect, it } from 'vitest';
import { readyCore, SAMPLE_APPLICANT, waitJob } from '../../helpers/core';
import { fakeOcr } from '../../helpers/fake-ocr';
import { scannedPage } from '../../helpers/pages';

describe('declare once: what the desk already holds of a citizen', () => {
  it('offers the latest details by ID number, counts their dossiers and lists their digitized papers', async () => {
    let now = new Date('2026-11-02T08:00:00+07:00');
    const { core, procedure } = await readyCore({ now: () => now, ocrFactory: async () => fakeOcr(), idleLockMinutes: 0 });
    try {
      const components = [{ name: 'Giấy chứng sinh', required: true, copies: 1, received: true }];
      const first = await core.call('dossiers.create', { procedureId: procedure.id, applicant: SAMPLE_APPLICANT, components });
      const page = await scannedPage(['Giấy chứng sinh', 'Họ và tên: Trần Văn Đức']);
      await waitJob(core, (await core.call('digitize.importFiles', { componentId: first.components[0]!.id, files: [{ name: 'gcs.png', dataBase64: page.toString('base64') }] })).jobId);
      expect((await waitJob(core, (await core.call('digitize.buildPdf', { componentId: first.components[0]!.id })).jobId)).state).toBe('done');
      now = new Date('2026-11-20T09:00:00+07:00');
      // The citizen moved since: the latest dossier's details are the ones offered.
      await core.call('dossiers.create', { procedureId: procedure.id, applicant: { ...SAMPLE_APPLICANT, address: '45 Nguyễn Huệ, phường Sài Gòn' }, components });
      const known = await core.call('applicants.lookup', { idNumber: SAMPLE_APPLICANT.idNumber });
      expect(known).toMatchObject({ applicant: { name: SAMPLE_APPLICANT.name, address: '45 Nguyễn Huệ, phường Sài Gòn', phone: SAMPLE_APPLICANT.phone }, dossiers: 2 });
      expect(Date.parse(known!.lastSeen)).toBe(now.getTime());
      expect(known!.digitized).toEqual([{ componentId: first.components[0]!.id, dossierCode: first.code, componentName: 'Giấy chứng sinh', digitizedAt: expect.any(String) }]);

      // Reusing that copy for a new dossier: digitized at once, from the first dossier, and counted
      // by the index's reuse criterion.
      const again = await core.call('dossiers.create', { procedureId: procedure.id, applicant: SAMPLE_APPLICANT, components: [{ ...components[0]!, reuseFrom: first.components[0]!.id }] });
      const firstFile = (await core.call('dossiers.get', { id: first.id })).components[0]!.digitization;
      expect(again.components[0]!.digitization).toMatchObject({ fileId: firstFile.fileId, pageCount: firstFile.pageCount, reusedFrom: first.code, digitizedAt: now.toISOString() });
      const index = await core.call('metrics.index', { from: '2026-11-01', to: '2026-11-30' });
      expect(index.reuse).toMatchObject({ count: 1, of: 3 });
      expect(index.notRecorded).not.toContain('reuse');
      // Someone else's paper cannot be reused, and nothing of that dossier is kept.
      const before = (await core.call('dossiers.list', {})).total;
      const other = await core.dispatch('dossiers.create', { procedureId: procedure.id, applicant: { ...SAMPLE_APPLICANT, idNumber: '001099000001' }, components: [{ ...components[0]!, reuseFrom: first.components[0]!.id }] });
      expect(other).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('Không dùng lại được bản số hóa') } });
      expect((await core.call('dossiers.list', {})).total).toBe(before);
      expect(await core.call('applicants.lookup', { idNumber: '001099000001' })).toBeNull();
      expect(await core.dispatch('applicants.lookup', { idNumber: '12345' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    } finally {
      await core.close();
    }
  });
});
