import { describe, expect, it } from 'vitest';
import {
  canTransition,
  DOSSIER_STATUS,
  DOSSIER_STATUS_CODES,
  endsProcessing,
  isFinal,
  nextStatuses,
  REPORT_GROUPS,
  reportGroup,
  transitionRefusal,
} from '../../shared/domain/dossier-status';
import { DOSSIER_STATUS as FROM_SCHEMAS } from '../../shared/domain/schemas';

describe('dossier status model', () => {
  it('has the ten national codes with their labels, one definition', () => {
    expect(DOSSIER_STATUS_CODES).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(DOSSIER_STATUS[10]).toBe('Đã trả kết quả');
    expect(FROM_SCHEMAS).toBe(DOSSIER_STATUS);
  });

  it('allows the desk transitions', () => {
    expect(nextStatuses(1)).toEqual([2, 3]);
    expect(nextStatuses(2)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(nextStatuses(4)).toEqual([5, 6, 8, 9]);
    expect(nextStatuses(5)).toEqual([2, 4]);
    expect(nextStatuses(6)).toEqual([4]);
    expect(nextStatuses(9)).toEqual([10]);
  });

  it('forbids the rest', () => {
    expect(canTransition(10, 4)).toBe(false);
    expect(canTransition(2, 9)).toBe(false); // processing comes first
    expect(canTransition(4, 3)).toBe(false); // refusal only at receipt
    expect(canTransition(2, 2)).toBe(false);
    expect(canTransition(9, 4)).toBe(false);
  });

  it('final statuses have no way out; processing ends where the index says', () => {
    expect(DOSSIER_STATUS_CODES.filter(isFinal)).toEqual([3, 7, 8, 10]);
    expect(DOSSIER_STATUS_CODES.filter(endsProcessing)).toEqual([3, 7, 8, 9, 10]);
    for (const s of DOSSIER_STATUS_CODES) if (isFinal(s)) expect(endsProcessing(s)).toBe(true);
  });

  it('groups for reports: processed = 9 + 10 + 7, paused = 5 + 6 + 8', () => {
    expect([...REPORT_GROUPS.processed].sort((a, b) => a - b)).toEqual([7, 9, 10]);
    expect([...REPORT_GROUPS.paused]).toEqual([5, 6, 8]);
    expect(reportGroup(7)).toBe('processed');
    expect(reportGroup(6)).toBe('paused');
    expect(reportGroup(4)).toBeNull();
  });

  it('explains a refusal in Vietnamese', () => {
    expect(transitionRefusal(10, 4)).toBe('Không thể chuyển hồ sơ từ «Đã trả kết quả» sang «Đang xử lý». «Đã trả kết quả» là trạng thái cuối.');
    expect(transitionRefusal(2, 9)).toContain('Chỉ có thể chuyển sang: «Không được tiếp nhận», «Đang xử lý»');
  });
});
