import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TEMPLATES,
  formatDong,
  KIND_PLACEHOLDERS,
  MESSAGE_KINDS,
  PLACEHOLDERS,
  placeholdersIn,
  renderTemplate,
  SAMPLE_MESSAGE_VARS,
  smsSegments,
  templateProblem,
  type MessageVars,
} from '../../shared/domain/message-templates';

const vars: MessageVars = { hoTen: 'Trần Văn Đức', maHoSo: 'H48-260105-0001', tenThuTuc: 'Đăng ký khai sinh', hanTra: '2026-01-08T10:00:00.000Z', donVi: 'UBND xã Tân Phú' };

describe('message templates', () => {
  it('ships a valid default for every kind, using only placeholders the kind has values for', () => {
    for (const kind of MESSAGE_KINDS) {
      expect(templateProblem(kind, DEFAULT_TEMPLATES[kind])).toBeNull();
      for (const p of KIND_PLACEHOLDERS[kind]) expect(PLACEHOLDERS).toHaveProperty(p);
      // Every default fits in three Vietnamese (UCS-2) SMS segments once filled in with the sample.
      expect(smsSegments(renderTemplate(kind, DEFAULT_TEMPLATES[kind], SAMPLE_MESSAGE_VARS)).segments).toBeLessThanOrEqual(3);
    }
  });

  it('renders the dossier in Vietnamese, the due moment in Vietnam time dd/MM/yyyy HH:mm, text kept as written', () => {
    const text = renderTemplate('received', DEFAULT_TEMPLATES.received, vars);
    expect(text).toBe('UBND xã Tân Phú đã tiếp nhận hồ sơ H48-260105-0001 (Đăng ký khai sinh) của ông/bà Trần Văn Đức. Hẹn trả kết quả: 08/01/2026 17:00.');
    // 23:30 UTC is the next morning in Vietnam.
    expect(renderTemplate('dueSoon', 'Hạn: {hanTra}', { ...vars, hanTra: '2026-03-01T23:30:00Z' })).toBe('Hạn: 02/03/2026 06:30');
    expect(renderTemplate('received', 'Hạn: {hanTra}', { ...vars, hanTra: null })).toBe('Hạn: chưa xác định');
    expect(renderTemplate('apology', '{ngayHenMoi} / {lyDo}', { ...vars, ngayHenMoi: '2026-01-12', lyDo: 'cần xác minh thêm' })).toBe('12/01/2026 / cần xác minh thêm');
    expect(renderTemplate('apology', '{ngayHenMoi}', { ...vars, ngayHenMoi: '2026-01-12T09:00:00Z' })).toBe('12/01/2026 16:00');
    expect(renderTemplate('feePaid', 'Đã nộp {soTien}.', { ...vars, soTien: 1250000 })).toBe('Đã nộp 1.250.000 đồng.');
    expect(formatDong(500)).toBe('500 đồng');
  });

  it('refuses an unknown placeholder, one the kind has no value for and stray braces, naming them in Vietnamese', () => {
    expect(templateProblem('received', 'Xin chào {hoten}')).toMatch(/Trường thay thế \{hoten\} không tồn tại.*\{hoTen\}/);
    expect(templateProblem('received', 'Đã nộp {soTien}')).toMatch(/\{soTien\} không dùng được trong mẫu “Đã tiếp nhận hồ sơ”/);
    expect(templateProblem('received', 'Hồ sơ {maHoSo')).toMatch(/ngoặc \{ \} không khớp/);
    expect(templateProblem('received', 'Hồ sơ {}')).toMatch(/\{\} không tồn tại/);
    expect(templateProblem('received', '   ')).toMatch(/không được để trống/);
    expect(templateProblem('received', 'x'.repeat(481))).toMatch(/tối đa 480/);
    expect(() => renderTemplate('received', 'Xin chào {ten}', vars)).toThrow(/\{ten\} không tồn tại/);
  });

  it('never drops a placeholder silently: a value the template needs and did not get is an error', () => {
    expect(() => renderTemplate('supplement', DEFAULT_TEMPLATES.supplement, vars)).toThrow(/cần giá trị cho \{lyDo\}/);
    expect(() => renderTemplate('received', '{hoTen}', { ...vars, hoTen: ' ' })).toThrow(/\{hoTen\}/);
    expect(placeholdersIn('{a} {b} {a}')).toEqual(['a', 'b']);
  });

  it('counts SMS segments: Vietnamese with diacritics is Unicode (70, then 67 a segment)', () => {
    expect(smsSegments('Hello')).toEqual({ chars: 5, segments: 1, unicode: false });
    expect(smsSegments('Đã nhận')).toMatchObject({ segments: 1, unicode: true });
    expect(smsSegments('ồ'.repeat(71)).segments).toBe(2);
    expect(smsSegments('a'.repeat(161)).segments).toBe(2);
  });
});
