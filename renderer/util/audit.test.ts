import { describe, expect, it } from 'vitest';
import { auditDetailText, auditEntityText } from './audit';

describe('audit entries as an officer reads them', () => {
  it('names the entity in Vietnamese with a short id', () => {
    expect(auditEntityText('dossier', '3f6c2a1e-9b7d-4c11-8e2f-0a1b2c3d4e5f')).toBe('Hồ sơ · 3f6c2a1e');
    expect(auditEntityText('settings', null)).toBe('Cài đặt');
    expect(auditEntityText('khac', 'x1')).toBe('khac · x1');
  });
  it('turns stored JSON into key: value text, changes as from → to', () => {
    expect(auditDetailText('{"code":"000.00.53.H48-260302-0001","pages":3}')).toBe('code: 000.00.53.H48-260302-0001; pages: 3');
    expect(auditDetailText('{"deskName":{"from":"Quầy 1","to":"Quầy 2"}}')).toBe('deskName: Quầy 1 → Quầy 2');
    expect(auditDetailText('{"pages":["a","b"],"to":null}')).toBe('pages: a, b; to: —');
    expect(auditDetailText('văn bản thường')).toBe('văn bản thường');
    expect(auditDetailText('{hỏng')).toBe('{hỏng');
  });
});
