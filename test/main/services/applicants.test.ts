import { describe, expect, it } from 'vitest';
import { readyCore, SAMPLE_APPLICANT, waitJob } from '../../helpers/core';
import { fakeOcr } from '../../helpers/fake-ocr';
import { scannedPage } from '../../helpers/pages';

describe('declare once: what the desk already holds of a citizen', () => {
  it('offers the latest details by ID number, counts their dossiers and lists their digitized papers', async () => {
    let now = new Date('2026-11-02T08:00:00+07:00');
    const { core, procedure } = await readyCore({ now: () => now, ocrFactory: async () => fakeOcr() });
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
      expect(known!.digitized).toEqual([{ dossierCode: first.code, componentName: 'Giấy chứng sinh', digitizedAt: expect.any(String) }]);
      expect(await core.call('applicants.lookup', { idNumber: '001099000001' })).toBeNull();
      expect(await core.dispatch('applicants.lookup', { idNumber: '12345' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    } finally {
      await core.close();
    }
  });
});
