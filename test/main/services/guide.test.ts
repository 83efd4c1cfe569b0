import { describe, expect, it } from 'vitest';
import { portalLink, procedurePortalLink } from '../../../shared/domain/portal-link';
import { readyCore } from '../../helpers/core';

describe('guided online submissions', () => {
  it('records who was guided with what outcome, lists them by Vietnam day, and logs each one', async () => {
    let now = new Date('2026-11-24T08:30:00+07:00');
    const { core, procedure } = await readyCore({ now: () => now, idleLockMinutes: 0 });
    try {
      const done = await core.call('guide.record', { procedureId: procedure.id, applicantName: '  Lê Thị Hoa ', applicantPhone: '0987 654 321', portalCode: 'G09.20-20261124-0001', outcome: 'submitted' });
      expect(done).toMatchObject({ applicantName: 'Lê Thị Hoa', procedureCode: procedure.code, outcome: 'submitted', officerName: 'Nguyễn Thị Lan', portalCode: 'G09.20-20261124-0001' });
      now = new Date('2026-11-24T23:30:00+07:00'); // still the 24th in Vietnam, the 24th 16:30 UTC
      await core.call('guide.record', { procedureId: procedure.id, applicantName: 'Phan Văn Tài', outcome: 'unfinished', note: 'Chưa có tài khoản VNeID mức 2' });
      now = new Date('2026-11-25T07:30:00+07:00'); // the 25th in Vietnam, the 24th in UTC
      await core.call('guide.record', { procedureId: procedure.id, applicantName: 'Đặng Thu Trang', outcome: 'submitted' });
      const day = await core.call('guide.list', { from: '2026-11-24', to: '2026-11-24' });
      expect(day.map((s) => s.applicantName)).toEqual(['Phan Văn Tài', 'Lê Thị Hoa']);
      expect((await core.call('guide.list', { from: '2026-11-24', to: '2026-11-25' })).length).toBe(3);
      const log = await core.call('audit.list', { limit: 10 });
      expect(log.filter((e) => e.entity === 'assisted_submission')).toHaveLength(3);
    } finally {
      await core.close();
    }
  });

  it('refuses an empty name, a bad phone number and an unknown procedure, in Vietnamese', async () => {
    const { core, procedure } = await readyCore();
    try {
      const empty = await core.dispatch('guide.record', { procedureId: procedure.id, applicantName: '   ', outcome: 'submitted' });
      expect(empty).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      const phone = await core.dispatch('guide.record', { procedureId: procedure.id, applicantName: 'Lê Hoa', applicantPhone: 'gọi sau', outcome: 'submitted' });
      expect(phone).toMatchObject({ ok: false, error: { message: expect.stringContaining('Số điện thoại') } });
      const unknown = await core.dispatch('guide.record', { procedureId: 'khong-co', applicantName: 'Lê Hoa', outcome: 'submitted' });
      expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await core.call('guide.list', { from: '2026-01-01', to: '2026-12-31' })).toEqual([]);
    } finally {
      await core.close();
    }
  });
});

describe('portalLink', () => {
  it('puts the procedure code into the province template, and gives nothing for a template that is not a web page', () => {
    expect(portalLink('https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-dung-chung.html?ma_thu_tuc={code}', ' 1.001193 ')).toBe(
      'https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-dung-chung.html?ma_thu_tuc=1.001193',
    );
    expect(portalLink('https://dvc.example.gov.vn/tthc/{code}/nop', '2.000884.000.00.00.H55')).toBe('https://dvc.example.gov.vn/tthc/2.000884.000.00.00.H55/nop');
    expect(portalLink('https://dvc.example.gov.vn/tthc?q={code}', 'a&b')).toBe('https://dvc.example.gov.vn/tthc?q=a%26b');
    expect(portalLink('javascript:alert({code})', '1')).toBeNull();
    expect(portalLink('https://dichvucong.gov.vn/', '1.001193')).toBeNull();
    expect(portalLink('not a url {code}', '1')).toBeNull();
  });
});

describe('procedurePortalLink', () => {
  it('prefers the page the catalog gives for the procedure (http(s) only), else the province template', () => {
    const template = 'https://dvc.example.gov.vn/tthc/{code}';
    expect(procedurePortalLink(template, { code: '1.001193', portalUrl: 'https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-nganh-doc.html?ma_thu_tuc=1.001193' })).toBe(
      'https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-nganh-doc.html?ma_thu_tuc=1.001193',
    );
    expect(procedurePortalLink(template, { code: '1.001193', portalUrl: '' })).toBe('https://dvc.example.gov.vn/tthc/1.001193');
    expect(procedurePortalLink(template, { code: '1.001193', portalUrl: 'javascript:alert(1)' })).toBe('https://dvc.example.gov.vn/tthc/1.001193');
  });
});
