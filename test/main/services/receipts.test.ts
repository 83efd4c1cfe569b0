import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readyCore, SAMPLE_APPLICANT, sampleDossier } from '../../helpers/core';

describe('receipts', () => {
  it('makes Form 01 from the stored dossier, serves it as a receipt file, and logs who printed it', async () => {
    const { core, procedure } = await readyCore({ now: () => new Date('2026-11-02T08:05:00+07:00') });
    try {
      const d = await core.call('dossiers.create', {
        procedureId: procedure.id,
        applicant: SAMPLE_APPLICANT,
        components: [
          { name: 'Tờ khai đăng ký khai sinh', required: true, copies: 1, received: true },
          { name: 'Giấy chứng sinh', required: true, copies: 1, received: false },
          { name: 'Bản sao giấy tờ tùy thân', required: false, copies: 1, received: false },
        ],
        acceptMissing: true,
      });
      const r = await core.call('dossiers.receipt', { id: d.id });
      expect(r.fileName).toBe(`${d.code}-giay-tiep-nhan.pdf`);
      const file = await core.resolveFile('receipt', r.fileId);
      expect(file).toMatchObject({ mime: 'application/pdf', name: r.fileName });
      const text = execFileSync('pdftotext', ['-layout', file!.path, '-'], { encoding: 'utf8' });
      expect(text).toContain(`Mã hồ sơ: ${d.code}`);
      expect(text).toContain('Tờ khai đăng ký khai sinh');
      // What was handed in is listed as received; the required paper not handed in is named as missing.
      expect(text).toMatch(/1\. Tờ khai đăng ký khai sinh/);
      expect(text).not.toMatch(/\d\. Giấy chứng sinh/);
      expect(text).toContain('Giấy tờ còn thiếu: Giấy chứng sinh');
      expect(text).not.toContain('Bản sao giấy tờ tùy thân');
      expect(text).toContain('17 giờ 00 phút, ngày 05/11/2026');
      // Only receipts this core issued are served; component PDFs keep their own kind.
      expect(await core.resolveFile('receipt', 'f'.repeat(64))).toBeNull();
      expect(await core.resolveFile('pdf', r.fileId)).toBeNull();
      const log = await core.call('audit.list', { limit: 5 });
      expect(log.some((e) => e.action === 'receipt' && e.entityId === d.id)).toBe(true);
      const missing = await core.dispatch('dossiers.receipt', { id: 'khong-co' });
      expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    } finally {
      await core.close();
    }
  });

  it('names the desk of the officer who received the dossier, not the PC’s default', async () => {
    const { core, procedure } = await readyCore({ now: () => new Date('2026-11-02T08:05:00+07:00') });
    try {
      await core.call('officers.create', { username: 'hotich', fullName: 'Lê Thị Hoa', pin: '135790', role: 'officer', desk: 'Quầy 2 – Hộ tịch' });
      const desk2 = core.as('desk-2-window');
      await desk2.call('auth.signIn', { username: 'hotich', pin: '135790' });
      const d = await sampleDossier(desk2, procedure);
      // Printed at desk 2, and reprinted by the administrator (no desk) from Hồ sơ: desk 2 both times.
      for (const who of [desk2, core]) {
        const r = await who.call('dossiers.receipt', { id: d.id });
        const text = execFileSync('pdftotext', ['-layout', (await who.resolveFile('receipt', r.fileId))!.path, '-'], { encoding: 'utf8' });
        expect(text).toContain('Quầy 2 – Hộ tịch');
        expect(text).not.toContain('Quầy 1');
        expect(text).toContain('Lê Thị Hoa');
      }
    } finally {
      await core.close();
    }
  });

  it('refuses a dossier with a required paper missing unless the officer confirms; the choice is recorded', async () => {
    const { core, procedure } = await readyCore({ now: () => new Date('2026-11-02T08:05:00+07:00') });
    try {
      const input = {
        procedureId: procedure.id,
        applicant: SAMPLE_APPLICANT,
        components: [
          { name: 'Tờ khai đăng ký khai sinh', required: true, copies: 1, received: true },
          { name: 'Giấy chứng sinh', required: true, copies: 1, received: false },
        ],
        note: 'Hẹn bổ sung',
      };
      const refused = await core.dispatch('dossiers.create', input);
      expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('Còn thiếu giấy tờ bắt buộc: Giấy chứng sinh') } });
      expect((await core.call('dossiers.list', { query: '', limit: 5, offset: 0 })).total).toBe(0);
      const d = await core.call('dossiers.create', { ...input, acceptMissing: true });
      expect(d.events[0]!.note).toBe('Hẹn bổ sung\nTiếp nhận khi còn thiếu giấy tờ bắt buộc (cán bộ đã xác nhận): Giấy chứng sinh');
      const log = await core.call('audit.list', { limit: 5 });
      const created = log.find((e) => e.action === 'create' && e.entityId === d.id)!;
      expect(JSON.parse(created.detail)).toMatchObject({ missingRequired: ['Giấy chứng sinh'], acceptedMissing: true });
    } finally {
      await core.close();
    }
  });
});
