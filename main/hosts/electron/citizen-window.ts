// The citizen window: on a desk with a second display (a screen turned towards the citizen), the
// online guide opens there as a window of its own instead of a dialog over the officer's screen.
// main.ts supplies the Electron pieces (displays, the officer's window, how to make a window); the
// rules live here, without a run-time `electron` import, so they are tested in plain Node.
// The citizen window only ever receives: the guide the officer's window pushed (checked with the
// contract's schema), or nothing. It has no session, no API and its own storage partition.
import type { BrowserWindow, Rectangle } from 'electron';
import { parseCitizenGuide, type CitizenGuide } from '../../../shared/contract/citizen';
import { IPC_CITIZEN_CLOSED, IPC_CITIZEN_SHOW } from '../../../shared/contract/transport';

export interface DisplayInfo {
  id: number;
  bounds: Rectangle;
}

function overlap(a: Rectangle, b: Rectangle): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * The display for the citizen: one other than the officer's (the display the officer's window
 * overlaps most; the primary one when it overlaps none). Null with a single display.
 */
export function pickCitizenDisplay(displays: readonly DisplayInfo[], officerBounds: Rectangle, primaryId: number | null): DisplayInfo | null {
  const usable = displays.filter((d) => d.bounds.width > 0 && d.bounds.height > 0);
  if (usable.length < 2) return null;
  let officer = usable.find((d) => d.id === primaryId) ?? usable[0]!;
  let best = 0;
  for (const d of usable) {
    const area = overlap(d.bounds, officerBounds);
    if (area > best) [officer, best] = [d, area];
  }
  // Prefer the largest other display (a TV or a monitor turned towards the citizen).
  const others = usable.filter((d) => d.id !== officer.id).sort((a, b) => b.bounds.width * b.bounds.height - a.bounds.width * a.bounds.height);
  return others[0] ?? null;
}

/** What the officer's window may ask for on IPC_CITIZEN. */
export type CitizenAction = 'displays' | 'open' | 'update' | 'close';
const ACTIONS: readonly string[] = ['displays', 'open', 'update', 'close'] satisfies CitizenAction[];

/** The answer on IPC_CITIZEN: `result` is the capability flag or whether a window shows the guide. */
export type CitizenReply = { ok: true; result: boolean } | { ok: false; error: 'FORBIDDEN' | 'BAD_ACTION' | 'BAD_GUIDE' };

export interface CitizenWindowDeps {
  displays(): DisplayInfo[];
  primaryDisplayId(): number | null;
  /** The officer's window (null when closed). */
  officerWindow(): BrowserWindow | null;
  /** Makes the (hidden) citizen window on these bounds, with the app's secure settings, loading the citizen route. */
  createWindow(bounds: Rectangle): BrowserWindow;
  log(message: string): void;
}

export interface CitizenWindows {
  /** A display other than the officer's exists. */
  hasSecondDisplay(): boolean;
  /** IPC_CITIZEN, after main.ts checked the sender is the officer's window (`trusted`). */
  handle(trusted: boolean, action: unknown, guide: unknown): CitizenReply;
  /** Closes the citizen window (desk locked, signed out, officer's window closed or reloaded). */
  close(reason: string): void;
  /** The citizen window's WebContents id, or null. */
  contentsId(): number | null;
  /** The guide on show (for tests and logs). */
  current(): CitizenGuide | null;
}

export function createCitizenWindows(deps: CitizenWindowDeps): CitizenWindows {
  let win: BrowserWindow | null = null;
  let guide: CitizenGuide | null = null;

  const live = (w: BrowserWindow | null): w is BrowserWindow => w !== null && !w.isDestroyed();

  function target(): DisplayInfo | null {
    const officer = deps.officerWindow();
    if (!live(officer)) return null;
    return pickCitizenDisplay(deps.displays(), officer.getBounds(), deps.primaryDisplayId());
  }

  function push(): void {
    if (live(win)) win.webContents.send(IPC_CITIZEN_SHOW, guide);
  }

  function open(next: CitizenGuide): boolean {
    guide = next;
    if (live(win)) {
      push();
      return true;
    }
    const display = target();
    if (!display) return false;
    const w = deps.createWindow(display.bounds);
    win = w;
    // Pushed once the page (and its preload's listener) is there, and again after any reload.
    w.webContents.on('did-finish-load', () => {
      if (win === w) push();
    });
    w.once('ready-to-show', () => {
      // Shown without taking the keyboard from the officer (Ctrl+L, typing the record form).
      if (!w.isDestroyed()) w.showInactive();
    });
    w.on('closed', () => {
      if (win !== w) return;
      win = null;
      guide = null;
      const officer = deps.officerWindow();
      if (live(officer)) officer.webContents.send(IPC_CITIZEN_CLOSED);
    });
    // A crashed citizen page is not worth a reload loop: close it; the officer can open it again.
    w.webContents.on('render-process-gone', () => close('citizen page gone'));
    deps.log(`citizen window opened on display ${display.id}`);
    return true;
  }

  function close(reason: string): void {
    const w = win;
    guide = null;
    if (!live(w)) return;
    // Blank first: whatever happens to the close, the guide is off the citizen's screen.
    w.webContents.send(IPC_CITIZEN_SHOW, null);
    deps.log(`citizen window closed: ${reason}`);
    w.close();
  }

  return {
    hasSecondDisplay: () => target() !== null,
    handle(trusted, action, raw) {
      if (!trusted) {
        deps.log('refused citizen-window request from untrusted sender');
        return { ok: false, error: 'FORBIDDEN' };
      }
      if (typeof action !== 'string' || !ACTIONS.includes(action)) return { ok: false, error: 'BAD_ACTION' };
      switch (action as CitizenAction) {
        case 'displays':
          return { ok: true, result: target() !== null };
        case 'close':
          close('closed by the officer');
          return { ok: true, result: false };
        case 'open':
        case 'update': {
          const next = parseCitizenGuide(raw);
          if (!next) {
            deps.log('refused a citizen guide that does not match the contract');
            return { ok: false, error: 'BAD_GUIDE' };
          }
          if (action === 'update' && !live(win)) return { ok: true, result: false };
          return { ok: true, result: open(next) };
        }
      }
    },
    close,
    contentsId: () => (live(win) ? win.webContents.id : null),
    current: () => guide,
  };
}
