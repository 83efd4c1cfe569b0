import { describe, expect, it, vi } from 'vitest';
import type { CitizenGuide } from '../../../shared/contract/citizen';
import type { CitizenWindowControl } from '../../../shared/contract/transport';
import { placeCitizenView } from './placement';

const guide: CitizenGuide = { procedureName: 'Đăng ký khai sinh', link: null, steps: [{ title: 'Mở thủ tục', description: '' }] };

function control(second: boolean, opens: boolean | Error): CitizenWindowControl & { open: ReturnType<typeof vi.fn> } {
  return {
    hasSecondDisplay: vi.fn(async () => second),
    open: vi.fn(async () => {
      if (opens instanceof Error) throw opens;
      return opens;
    }),
    update: vi.fn(async () => true),
    close: vi.fn(async () => undefined),
    onClosed: vi.fn(() => () => {}),
  };
}

describe('placeCitizenView', () => {
  it('uses the dialog in the browser host (no control)', async () => {
    await expect(placeCitizenView(null, guide)).resolves.toBe('dialog');
  });
  it('uses the dialog with one display, without asking for a window', async () => {
    const c = control(false, true);
    await expect(placeCitizenView(c, guide)).resolves.toBe('dialog');
    expect(c.open).not.toHaveBeenCalled();
  });
  it('opens the window on the second display with the guide', async () => {
    const c = control(true, true);
    await expect(placeCitizenView(c, guide)).resolves.toBe('window');
    expect(c.open).toHaveBeenCalledWith(guide);
  });
  it('falls back to the dialog when the main process refuses or the display just went', async () => {
    await expect(placeCitizenView(control(true, false), guide)).resolves.toBe('dialog');
    await expect(placeCitizenView(control(true, new Error('citizen window: BAD_GUIDE')), guide)).resolves.toBe('dialog');
  });
});
