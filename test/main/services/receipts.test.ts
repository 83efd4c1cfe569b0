import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readyCore, SAMPLE_APPLICANT } from '../../helpers/core';

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
        ],
      });
      const r = await core.call('dossiers.receipt', { id: d.id });
      expect(r.fileName).toBe(`${d.code}-giay-tiep-nhan.pdf`);
      const file = await core.resolveFile('receipt', r.fileId);
      expect(file).toMatchObject({ mime: 'application/pdf', name: r.fileName });
      const text = execFileSync('pdftotext', ['-layout', file!.path, '-'], { encoding: 'utf8' });
      expect(text).toContain(`Mã hồ sơ: ${d.code}`);
      expect(text).toContain('Tờ khai đăng ký khai sinh');
      // Only what was handed in is listed.
      expect(text).not.toContain('Giấy chứng sinh');
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
});
