// Remembers the window's size and position in the data folder. Pure parts (no `electron`) so the
// clamping rules are tested: a saved position on a monitor that is no longer attached (laptop
// undocked, projector gone) must not open the window off-screen.
import fs from 'node:fs';
import path from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const MIN_WIDTH = 1100;
export const MIN_HEIGHT = 700;
export const DEFAULT_WIDTH = 1366;
export const DEFAULT_HEIGHT = 800;
export const WINDOW_STATE_FILE = 'window-state.json';

function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/**
 * The bounds to open with. `workAreas` are the displays' work areas. Returns width/height always,
 * and x/y only when the saved window still shows at least 100×50 px on some display.
 */
export function restoreWindowState(saved: unknown, workAreas: readonly Rect[]): { bounds: Partial<Rect> & { width: number; height: number }; maximized: boolean } {
  const primary = workAreas[0];
  const fallbackW = primary ? Math.min(DEFAULT_WIDTH, Math.max(MIN_WIDTH, primary.width)) : DEFAULT_WIDTH;
  const fallbackH = primary ? Math.min(DEFAULT_HEIGHT, Math.max(MIN_HEIGHT, primary.height)) : DEFAULT_HEIGHT;
  const fallback = { bounds: { width: fallbackW, height: fallbackH }, maximized: false };
  if (typeof saved !== 'object' || saved === null) return fallback;
  const s = saved as { bounds?: Partial<Rect>; maximized?: unknown };
  const b = s.bounds;
  if (!b || !isNum(b.width) || !isNum(b.height)) return fallback;
  const width = Math.round(Math.min(Math.max(b.width, MIN_WIDTH), 10000));
  const height = Math.round(Math.min(Math.max(b.height, MIN_HEIGHT), 10000));
  const maximized = s.maximized === true;
  if (!isNum(b.x) || !isNum(b.y)) return { bounds: { width, height }, maximized };
  const x = Math.round(b.x);
  const y = Math.round(b.y);
  const visible = workAreas.some((a) => {
    const w = Math.min(x + width, a.x + a.width) - Math.max(x, a.x);
    const h = Math.min(y + height, a.y + a.height) - Math.max(y, a.y);
    return w >= 100 && h >= 50;
  });
  return visible ? { bounds: { x, y, width, height }, maximized } : { bounds: { width, height }, maximized };
}

export function readWindowState(dir: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, WINDOW_STATE_FILE), 'utf8'));
  } catch {
    return null; // first start or unreadable file: defaults
  }
}

/** Atomic write (temp file + rename) so a power cut never leaves half a JSON file. */
export function writeWindowState(dir: string, state: WindowState): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, WINDOW_STATE_FILE);
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(state));
    fs.renameSync(tmp, file);
  } catch {
    // Losing the window size is not worth an error dialog on quit.
  }
}
