// The Electron host's security rules, tested in plain Node (no Electron binary needed): URL policy,
// path-traversal guard, sender checks, permissions, the app:// handler, the preload bridge.
import { fork, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { events } from '../../shared/contract/api';
import { parseCitizenGuide, type CitizenGuide } from '../../shared/contract/citizen';
import { IPC_CALL, IPC_CITIZEN, IPC_CITIZEN_CLOSED, IPC_CITIZEN_SHOW, IPC_EVENT } from '../../shared/contract/transport';
import { BRIDGE_EVENT_NAMES, createBridge, createCitizenBridge, type BridgeIpc } from '../../main/hosts/electron/bridge';
import { pickCitizenDisplay } from '../../main/hosts/electron/citizen-window';
import { createCallHandler, type SenderInfo } from '../../main/hosts/electron/ipc';
import { electronPaths } from '../../main/hosts/electron/paths';
import {
  cspHeader,
  externalUrlToOpen,
  isAllowedNavigation,
  isAllowedPermission,
  isTrustedSender,
  parseFileRequest,
  resolveAppPath,
} from '../../main/hosts/electron/policy';
import { createAppProtocolHandler, mimeFor } from '../../main/hosts/electron/protocol';
import { updateFeedUrl } from '../../main/hosts/electron/updater';
import { MIN_HEIGHT, MIN_WIDTH, readWindowState, restoreWindowState, writeWindowState } from '../../main/hosts/electron/window-state';

function cspMap(): Map<string, string[]> {
  return new Map(
    cspHeader()
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );
}

describe('cspHeader', () => {
  const csp = cspMap();
  it('allows scripts only from the app itself: no inline, no eval', () => {
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(cspHeader()).not.toMatch(/unsafe-eval|\*|https?:/);
    expect(csp.get('default-src')).toEqual(["'self'"]);
  });
  it('allows inline styles (antd CSS-in-JS) and the PDF preview frame/embed from our origin', () => {
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get('frame-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'self'"]);
  });
  it('allows camera preview and blob/data images, and nothing leaves the app', () => {
    expect(csp.get('media-src')).toEqual(["'self'", 'blob:', 'mediastream:']);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(csp.get('font-src')).toEqual(["'self'", 'data:']);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
  });
});

describe('isAllowedNavigation', () => {
  it.each(['app://motcua/', 'app://motcua/index.html', 'app://motcua/#/dossiers/1', 'app://motcua/a?b=c'])('allows %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(true);
  });
  it.each([
    'https://motcua/',
    'http://127.0.0.1:8080/',
    'file:///C:/Windows/System32/calc.exe',
    'file:///etc/passwd',
    'app://evil/',
    'app://motcua.evil.com/',
    'app://motcua:1234/',
    'app://user:pw@motcua/',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    'chrome://settings',
    'devtools://devtools/bundled/inspector.html',
    '',
    'not a url',
    null,
    undefined,
    42,
  ])('blocks %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  it('trusts only the top frame showing app://motcua', () => {
    expect(isTrustedSender('app://motcua/index.html', true)).toBe(true);
    expect(isTrustedSender('app://motcua/', true)).toBe(true);
  });
  it('refuses subframes, other origins and missing frames', () => {
    expect(isTrustedSender('app://motcua/files/pdf/1', false)).toBe(false);
    expect(isTrustedSender('https://example.com/', true)).toBe(false);
    expect(isTrustedSender('file:///tmp/x.html', true)).toBe(false);
    expect(isTrustedSender('app://other/', true)).toBe(false);
    expect(isTrustedSender('about:blank', true)).toBe(false);
    expect(isTrustedSender(null, true)).toBe(false);
    expect(isTrustedSender('', true)).toBe(false);
  });
});

describe('isAllowedPermission', () => {
  it('allows the camera (video) for our origin only', () => {
    expect(isAllowedPermission('media', 'app://motcua/', ['video'])).toBe(true);
    expect(isAllowedPermission('media', 'app://motcua/', undefined)).toBe(true);
    expect(isAllowedPermission('media', 'https://evil.example/', ['video'])).toBe(false);
    expect(isAllowedPermission('media', 'app://other/', ['video'])).toBe(false);
  });
  it('refuses the microphone and every other permission', () => {
    expect(isAllowedPermission('media', 'app://motcua/', ['audio'])).toBe(false);
    expect(isAllowedPermission('media', 'app://motcua/', ['video', 'audio'])).toBe(false);
    for (const p of ['display-capture', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'hid', 'usb', 'serial', 'fileSystem', 'unknown']) {
      expect(isAllowedPermission(p, 'app://motcua/', ['video'])).toBe(false);
    }
  });
});

describe('externalUrlToOpen', () => {
  it('hands only https links to the system browser', () => {
    expect(externalUrlToOpen('https://dichvucong.gov.vn/p/home/dvc-trang-chu.html')).toBe('https://dichvucong.gov.vn/p/home/dvc-trang-chu.html');
    for (const u of ['http://example.com/', 'file:///C:/x.exe', 'app://motcua/', 'javascript:alert(1)', 'smb://server/share', 'ms-settings:', 'https://u:p@example.com/', 'x']) {
      expect(externalUrlToOpen(u)).toBeNull();
    }
  });
});

describe('resolveAppPath', () => {
  const root = path.resolve('/srv/app/dist/renderer');
  const inRoot = (p: string | null) => p !== null && (p === root || p.startsWith(root + path.sep));

  it('maps the root to index.html and assets below the root', () => {
    expect(resolveAppPath(root, 'app://motcua/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://motcua')).toBe(path.join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://motcua/assets/index-AbC123.js')).toBe(path.join(root, 'assets', 'index-AbC123.js'));
    expect(resolveAppPath(root, 'app://motcua/assets/index.js?v=1#x')).toBe(path.join(root, 'assets', 'index.js'));
    expect(resolveAppPath(root, 'app://motcua/fonts/Be%20Vietnam%20Pro.woff2')).toBe(path.join(root, 'fonts', 'Be Vietnam Pro.woff2'));
    expect(resolveAppPath(root, 'app://motcua/tài-liệu.html')).toBe(path.join(root, 'tài-liệu.html'));
  });

  it.each([
    'app://motcua/../../etc/passwd',
    'app://motcua/assets/../../../etc/passwd',
    'app://motcua/%2e%2e/%2e%2e/etc/passwd',
    'app://motcua/%2E%2E/%2E%2E/etc/passwd',
    'app://motcua/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'app://motcua/assets%2f..%2f..%2f..%2fetc%2fpasswd',
    'app://motcua/..%5c..%5cwindows%5cwin.ini',
    'app://motcua/..\\..\\windows\\win.ini',
    'app://motcua/assets\\index.js',
    'app://motcua/index.html%00.js',
    'app://motcua/index.html\u0000',
    'app://motcua/C:/Windows/win.ini',
    'app://motcua/C%3A%5CWindows%5Cwin.ini',
    'app://motcua/%5C%5Cserver%5Cshare%5Cx',
    'app://motcua/index.html::$DATA',
    'app://motcua/NUL',
    'app://motcua/assets/com1.js',
    'app://motcua/index.html.',
    'app://motcua/index.html%20',
    'app://motcua/%E0%A4%A',
    'app://motcua/./index.html',
    'app://motcua/files/page/1',
    'file:///etc/passwd',
    'file:///C:/Windows/win.ini',
    'app://evil/index.html',
    'app://motcua:99/index.html',
    'app://u:p@motcua/index.html',
    'https://motcua/index.html',
    '/etc/passwd',
    '',
  ])('refuses %s', (url) => {
    expect(resolveAppPath(root, url)).toBeNull();
  });

  it('never returns a path outside the root, whatever Chromium normalised the URL to', () => {
    // After Chromium removes dot segments these arrive as plain paths; they must stay inside.
    for (const url of ['app://motcua/etc/passwd', 'app://motcua//etc/passwd', 'app://motcua/%2Fetc%2Fpasswd']) {
      const r = resolveAppPath(root, url);
      expect(r === null || inRoot(r)).toBe(true);
    }
  });

  it('uses Windows path rules correctly (drive roots, UNC, separators)', () => {
    const winRoot = 'C:\\Program Files\\Một Cửa Số\\resources\\app.asar\\dist\\renderer';
    expect(resolveAppPath(winRoot, 'app://motcua/assets/app.js', path.win32)).toBe(`${winRoot}\\assets\\app.js`);
    expect(resolveAppPath(winRoot, 'app://motcua/', path.win32)).toBe(`${winRoot}\\index.html`);
    for (const url of [
      'app://motcua/..%5C..%5C..%5CWindows%5Cwin.ini',
      'app://motcua/D:%5Csecret.txt',
      'app://motcua/%5C%5C?%5CC:%5Cx',
      'app://motcua/aux.txt',
      'app://motcua/index.html::$DATA',
    ]) {
      expect(resolveAppPath(winRoot, url, path.win32)).toBeNull();
    }
  });
});

describe('parseFileRequest', () => {
  it('parses kind and decoded id', () => {
    expect(parseFileRequest('app://motcua/files/page/abc-123')).toEqual({ kind: 'page', id: 'abc-123' });
    expect(parseFileRequest('app://motcua/files/thumb/a%2Fb%20c')).toEqual({ kind: 'thumb', id: 'a/b c' });
    expect(parseFileRequest('app://motcua/files/pdf/h%E1%BB%93-s%C6%A1')).toEqual({ kind: 'pdf', id: 'hồ-sơ' });
  });
  it.each([
    'app://motcua/files/secret/1',
    'app://motcua/files/page',
    'app://motcua/files/page/',
    'app://motcua/files/page/1/2',
    'app://motcua/files/page/%00',
    'app://motcua/files/page/%E0%A4%A',
    `app://motcua/files/page/${'x'.repeat(300)}`,
    'app://evil/files/page/1',
    'https://motcua/files/page/1',
    'app://motcua/index.html',
  ])('refuses %s', (url) => {
    expect(parseFileRequest(url)).toBeNull();
  });
});

describe('createCallHandler (IPC_CALL)', () => {
  const trusted: SenderInfo = { frameUrl: 'app://motcua/index.html', isMainFrame: true, isOurWindow: true, webContentsId: 7 };
  function setup(impl?: () => Promise<unknown>) {
    const dispatch = vi.fn(impl ?? (async () => ({ ok: true, result: { name: 'x' } })));
    return { dispatch, handle: createCallHandler({ dispatch } as never) };
  }

  it('forwards a known method from our top frame to core.dispatch', async () => {
    const { dispatch, handle } = setup();
    await expect(handle(trusted, 'app.info', {})).resolves.toEqual({ ok: true, result: { name: 'x' } });
    expect(dispatch).toHaveBeenCalledWith('app.info', {}, { sessionId: 'window:7' });
  });

  it.each<[string, SenderInfo]>([
    ['a subframe (PDF preview)', { ...trusted, isMainFrame: false }],
    ['another window', { ...trusted, isOurWindow: false }],
    ['a foreign origin', { ...trusted, frameUrl: 'https://evil.example/' }],
    ['a file:// page', { ...trusted, frameUrl: 'file:///C:/x.html' }],
    ['a destroyed frame', { ...trusted, frameUrl: null }],
  ])('refuses %s without calling the core', async (_name, sender) => {
    const { dispatch, handle } = setup();
    const r = await handle(sender, 'app.info', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('refuses unknown or non-string method names without calling the core', async () => {
    const { dispatch, handle } = setup();
    for (const m of ['nope', '__proto__', 'constructor', 'toString', 42, { toString: () => 'app.info' }, null]) {
      expect(await handle(trusted, m, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    }
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('turns a throwing dispatch into INTERNAL (no stack trace to the renderer)', async () => {
    const { handle } = setup(async () => {
      throw new Error('secret stack');
    });
    const r = await handle(trusted, 'app.info', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(r)).not.toContain('secret stack');
  });
});

const GUIDE: CitizenGuide = {
  procedureName: 'Đăng ký khai sinh',
  link: 'https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-dung-chung.html?ma_thu_tuc=1.001193',
  steps: [
    { title: 'Đăng nhập Cổng Dịch vụ công quốc gia', description: 'Dùng tài khoản VNeID mức 2.' },
    { title: 'Đính kèm giấy tờ', description: '1. Tờ khai\n2. Giấy chứng sinh' },
  ],
};

describe('citizen guide contract', () => {
  it('accepts a guide and a guide without a portal link', () => {
    expect(parseCitizenGuide(GUIDE)).toEqual(GUIDE);
    expect(parseCitizenGuide({ ...GUIDE, link: null })).toEqual({ ...GUIDE, link: null });
  });
  it.each([
    ['null', null],
    ['a string', 'Đăng ký khai sinh'],
    ['an array', [GUIDE]],
    ['an empty object', {}],
    ['an extra field', { ...GUIDE, dossierId: 'd-1' }],
    ['an extra field in a step', { ...GUIDE, steps: [{ ...GUIDE.steps[0], html: '<b>x</b>' }] }],
    ['no procedure name', { ...GUIDE, procedureName: '   ' }],
    ['a javascript: link', { ...GUIDE, link: 'javascript:alert(1)' }],
    ['a file: link', { ...GUIDE, link: 'file:///C:/Windows/win.ini' }],
    ['an app: link', { ...GUIDE, link: 'app://motcua/files/page/1' }],
    ['a link with credentials', { ...GUIDE, link: 'https://u:p@dichvucong.gov.vn/' }],
    ['no steps', { ...GUIDE, steps: [] }],
    ['too many steps', { ...GUIDE, steps: Array.from({ length: 13 }, () => GUIDE.steps[0]) }],
    ['a huge description', { ...GUIDE, steps: [{ title: 'x', description: 'a'.repeat(9000) }] }],
    ['control characters', { ...GUIDE, procedureName: 'Khai sinh\u0000' }],
    ['a number as name', { ...GUIDE, procedureName: 42 }],
  ])('refuses %s', (_what, value) => {
    expect(parseCitizenGuide(value)).toBeNull();
  });
});

describe('pickCitizenDisplay', () => {
  const left = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } };
  const right = { id: 2, bounds: { x: 1920, y: 0, width: 1366, height: 768 } };
  it('none with a single display', () => {
    expect(pickCitizenDisplay([left], { x: 0, y: 0, width: 1200, height: 800 }, 1)).toBeNull();
    expect(pickCitizenDisplay([], { x: 0, y: 0, width: 1200, height: 800 }, null)).toBeNull();
  });
  it('the display the officer’s window is not on', () => {
    expect(pickCitizenDisplay([left, right], { x: 100, y: 100, width: 1200, height: 800 }, 1)).toEqual(right);
    expect(pickCitizenDisplay([left, right], { x: 2000, y: 0, width: 1200, height: 700 }, 1)).toEqual(left);
    // Mostly on the right one, a little on the left: the officer is on the right.
    expect(pickCitizenDisplay([left, right], { x: 1800, y: 0, width: 1300, height: 700 }, 1)).toEqual(left);
    // Off every display (saved bounds of a removed monitor): the officer counts as on the primary.
    expect(pickCitizenDisplay([left, right], { x: 9000, y: 9000, width: 800, height: 600 }, 1)).toEqual(right);
  });
});

describe('preload bridge', () => {
  function fakeIpc(channels: string[] = [IPC_EVENT, IPC_CITIZEN_CLOSED]) {
    const handlers = new Map<string, (e: unknown, ...args: unknown[]) => void>();
    const ipc: BridgeIpc & { emit(msg: unknown): void; emitOn(channel: string, ...args: unknown[]): void; invoke: ReturnType<typeof vi.fn> } = {
      invoke: vi.fn(async () => ({ ok: true, result: 1 })),
      on: vi.fn((channel: string, l: (e: unknown, ...args: unknown[]) => void) => {
        expect(channels).toContain(channel);
        handlers.set(channel, l);
      }),
      emit(msg: unknown) {
        handlers.get(IPC_EVENT)?.({ sender: 'ipcRenderer-must-not-leak' }, msg);
      },
      emitOn(channel: string, ...args: unknown[]) {
        handlers.get(channel)?.({ sender: 'ipcRenderer-must-not-leak' }, ...args);
      },
    };
    return ipc;
  }

  it('exposes exactly call, on, fileUrl and the citizen-window control', () => {
    const bridge = createBridge(fakeIpc());
    expect(Object.keys(bridge).sort()).toEqual(['call', 'citizen', 'fileUrl', 'on']);
    for (const k of ['call', 'fileUrl', 'on']) expect(typeof (bridge as unknown as Record<string, unknown>)[k]).toBe('function');
    expect(Object.keys(bridge.citizen!).sort()).toEqual(['close', 'hasSecondDisplay', 'onClosed', 'open', 'update']);
  });

  it('citizen control: asks the main process on IPC_CITIZEN, a refusal rejects, and hears when the window closes', async () => {
    const ipc = fakeIpc();
    const citizen = createBridge(ipc).citizen!;
    ipc.invoke.mockResolvedValueOnce({ ok: true, result: true });
    await expect(citizen.hasSecondDisplay()).resolves.toBe(true);
    expect(ipc.invoke).toHaveBeenLastCalledWith(IPC_CITIZEN, 'displays', undefined);
    ipc.invoke.mockResolvedValueOnce({ ok: true, result: false });
    await expect(citizen.open(GUIDE)).resolves.toBe(false);
    expect(ipc.invoke).toHaveBeenLastCalledWith(IPC_CITIZEN, 'open', GUIDE);
    ipc.invoke.mockResolvedValueOnce({ ok: false, error: 'BAD_GUIDE' });
    await expect(citizen.update({ junk: 1 })).rejects.toThrow(/BAD_GUIDE/);
    ipc.invoke.mockResolvedValueOnce({ ok: true, result: false });
    await expect(citizen.close()).resolves.toBeUndefined();
    expect(ipc.invoke).toHaveBeenLastCalledWith(IPC_CITIZEN, 'close', undefined);
    const closed = vi.fn();
    const off = citizen.onClosed(closed);
    ipc.emitOn(IPC_CITIZEN_CLOSED);
    expect(closed).toHaveBeenCalledTimes(1);
    off();
    ipc.emitOn(IPC_CITIZEN_CLOSED);
    expect(closed).toHaveBeenCalledTimes(1);
  });

  it('the citizen window’s bridge only receives: onGuide, with the last guide for a late subscriber', () => {
    const ipc = fakeIpc([IPC_CITIZEN_SHOW]);
    const bridge = createCitizenBridge(ipc);
    expect(Object.keys(bridge)).toEqual(['onGuide']);
    expect(ipc.invoke).not.toHaveBeenCalled();
    ipc.emitOn(IPC_CITIZEN_SHOW, GUIDE);
    const seen: unknown[] = [];
    const off = bridge.onGuide((g) => seen.push(g));
    expect(seen).toEqual([GUIDE]);
    ipc.emitOn(IPC_CITIZEN_SHOW, null);
    expect(seen).toEqual([GUIDE, null]);
    off();
    ipc.emitOn(IPC_CITIZEN_SHOW, GUIDE);
    expect(seen).toHaveLength(2);
  });

  it('lists exactly the contract events', () => {
    expect([...BRIDGE_EVENT_NAMES].sort()).toEqual(Object.keys(events).sort());
  });

  it('call() invokes IPC_CALL with method and input and returns the CallResult', async () => {
    const ipc = fakeIpc();
    const bridge = createBridge(ipc);
    await expect(bridge.call('app.info', { a: 1 })).resolves.toEqual({ ok: true, result: 1 });
    expect(ipc.invoke).toHaveBeenCalledWith(IPC_CALL, 'app.info', { a: 1 });
    await expect(bridge.call(42 as unknown as string, {})).rejects.toThrow(TypeError);
    expect(ipc.invoke).toHaveBeenCalledTimes(1);
  });

  it('on() delivers only the payload of known events and unsubscribes', () => {
    const ipc = fakeIpc();
    const bridge = createBridge(ipc);
    const seen: unknown[] = [];
    const off = bridge.on('pages.changed', (p) => seen.push(p));
    const other = vi.fn();
    bridge.on('dossier.changed', other);
    ipc.emit({ event: 'pages.changed', payload: { componentId: 'c1' } });
    expect(seen).toEqual([{ componentId: 'c1' }]);
    expect(other).not.toHaveBeenCalled();
    off();
    ipc.emit({ event: 'pages.changed', payload: { componentId: 'c2' } });
    expect(seen).toHaveLength(1);
  });

  it('on() ignores unknown event names and malformed messages', () => {
    const ipc = fakeIpc();
    const bridge = createBridge(ipc);
    const l = vi.fn();
    const off = bridge.on('evil.event', l);
    expect(typeof off).toBe('function');
    off();
    const good = vi.fn();
    bridge.on('job.progress', good);
    for (const msg of [null, 'job.progress', 42, { event: 'evil.event', payload: 1 }, { payload: 1 }, { event: '__proto__' }]) ipc.emit(msg);
    expect(l).not.toHaveBeenCalled();
    expect(good).not.toHaveBeenCalled();
  });

  it('a throwing listener does not stop the others', () => {
    const ipc = fakeIpc();
    const bridge = createBridge(ipc);
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    const b = vi.fn();
    bridge.on('dossier.changed', () => {
      throw new Error('boom');
    });
    bridge.on('dossier.changed', b);
    ipc.emit({ event: 'dossier.changed', payload: { dossierId: 'd' } });
    expect(b).toHaveBeenCalledWith({ dossierId: 'd' });
    err.mockRestore();
  });

  it('fileUrl() builds app://motcua/files/<kind>/<encoded id> that the main process parses back', () => {
    const bridge = createBridge(fakeIpc());
    expect(bridge.fileUrl('page', 'abc')).toBe('app://motcua/files/page/abc');
    const tricky = '../../etc/passwd?x#y hồ sơ';
    const url = bridge.fileUrl('pdf', tricky);
    expect(url).toBe(`app://motcua/files/pdf/${encodeURIComponent(tricky)}`);
    expect(parseFileRequest(url)).toEqual({ kind: 'pdf', id: tricky });
    expect(() => bridge.fileUrl('secret' as never, 'x')).toThrow(TypeError);
    expect(() => bridge.fileUrl('page', '')).toThrow(TypeError);
  });
});

describe('app:// protocol handler', () => {
  let tmp: string;
  let root: string;
  let stored: string;
  const resolveFile = vi.fn((kind: string, id: string) => (kind === 'pdf' && id === 'hồ/sơ 1' ? { path: stored, mime: 'application/pdf' } : null));
  let handler: (r: Request) => Promise<Response>;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-proto-'));
    root = path.join(tmp, 'renderer');
    fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Một Cửa Số</title>');
    fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(tmp, 'secret.txt'), 'TOP-SECRET');
    stored = path.join(tmp, 'stored.pdf');
    fs.writeFileSync(stored, '%PDF-1.7 fake');
    handler = createAppProtocolHandler({ rendererRoot: root, resolveFile: resolveFile as never });
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

  it('serves index.html with the CSP and nosniff', async () => {
    const r = await get('app://motcua/');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(r.headers.get('content-security-policy')).toBe(cspHeader());
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await r.text()).toContain('Một Cửa Số');
  });

  it('serves assets with their MIME type, and client routes fall back to index.html', async () => {
    const js = await get('app://motcua/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const route = await get('app://motcua/dossiers/123');
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<title>');
    expect((await get('app://motcua/assets/missing.js')).status).toBe(404);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const url of [
      'app://motcua/../secret.txt',
      'app://motcua/%2e%2e/secret.txt',
      'app://motcua/%2e%2e%2fsecret.txt',
      'app://motcua/..%5csecret.txt',
      'app://motcua/assets/..%2f..%2fsecret.txt',
      'app://motcua/secret.txt%00.js',
      `app://motcua/${encodeURIComponent(path.join(tmp, 'secret.txt'))}`,
    ]) {
      const r = await get(url);
      expect(r.status, url).toBe(404);
      expect(await r.text()).not.toContain('TOP-SECRET');
      expect(r.headers.get('content-security-policy')).toBe(cspHeader());
    }
  });

  it('serves stored files through core.resolveFile, with the CSP', async () => {
    const r = await get(`app://motcua/files/pdf/${encodeURIComponent('hồ/sơ 1')}`);
    expect(r.status).toBe(200);
    expect(resolveFile).toHaveBeenCalledWith('pdf', 'hồ/sơ 1');
    expect(r.headers.get('content-type')).toBe('application/pdf');
    expect(r.headers.get('content-security-policy')).toBe(cspHeader());
    expect(await r.text()).toBe('%PDF-1.7 fake');
    expect((await get('app://motcua/files/pdf/unknown')).status).toBe(404);
    expect((await get('app://motcua/files/bogus/1')).status).toBe(404);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const h = await get('app://motcua/index.html', 'HEAD');
    expect(h.status).toBe(200);
    expect(h.headers.get('content-length')).toBe(String(fs.statSync(path.join(root, 'index.html')).size));
    expect((await h.arrayBuffer()).byteLength).toBe(0);
    expect((await get('app://motcua/index.html', 'POST')).status).toBe(405);
  });

  it('knows the MIME types the renderer and pdf.js need', () => {
    expect(mimeFor('a.mjs')).toMatch(/^text\/javascript/);
    expect(mimeFor('a.WASM')).toBe('application/wasm');
    expect(mimeFor('a.woff2')).toBe('font/woff2');
    expect(mimeFor('a.unknown')).toBe('application/octet-stream');
  });
});

describe('window state', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1040 }];
  it('restores saved bounds that are on a display', () => {
    expect(restoreWindowState({ bounds: { x: 10, y: 20, width: 1200, height: 800 }, maximized: true }, screen)).toEqual({
      bounds: { x: 10, y: 20, width: 1200, height: 800 },
      maximized: true,
    });
  });
  it('drops the position when the monitor is gone, and enforces the minimum size', () => {
    const r = restoreWindowState({ bounds: { x: 3000, y: 0, width: 500, height: 300 } }, screen);
    expect(r.bounds).toEqual({ width: MIN_WIDTH, height: MIN_HEIGHT });
  });
  it('falls back to defaults for garbage', () => {
    for (const s of [null, 'x', { bounds: { width: 'a' } }, { bounds: { width: NaN, height: 1 } }]) {
      const r = restoreWindowState(s, screen);
      expect(r.maximized).toBe(false);
      expect(r.bounds.width).toBeGreaterThanOrEqual(MIN_WIDTH);
      expect(r.bounds.x).toBeUndefined();
    }
  });
  it('writes atomically and reads back', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-ws-'));
    try {
      expect(readWindowState(dir)).toBeNull();
      writeWindowState(dir, { bounds: { x: 1, y: 2, width: 1300, height: 900 }, maximized: false });
      expect(readWindowState(dir)).toEqual({ bounds: { x: 1, y: 2, width: 1300, height: 900 }, maximized: false });
      expect(fs.readdirSync(dir)).toEqual(['window-state.json']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('electronPaths', () => {
  it('keeps Chromium files in a sub-folder of the data folder', () => {
    expect(electronPaths('/data/motcua', {}, 'linux', '/home/u')).toEqual({ userData: '/data/motcua/electron', sessionData: '/data/motcua/electron' });
  });
  it('keeps caches out of the roaming profile when the Windows default is used', () => {
    const env = { APPDATA: 'C:\\Users\\u\\AppData\\Roaming', LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' };
    expect(electronPaths('C:\\Users\\u\\AppData\\Roaming\\MotCuaSo', env, 'win32', 'C:\\Users\\u')).toEqual({
      userData: 'C:\\Users\\u\\AppData\\Roaming\\MotCuaSo\\electron',
      sessionData: 'C:\\Users\\u\\AppData\\Local\\MotCuaSo\\Session',
    });
    expect(electronPaths('D:\\MotCua', env, 'win32', 'C:\\Users\\u').sessionData).toBe('D:\\MotCua\\electron');
  });
});

describe('updateFeedUrl', () => {
  it('accepts https/file URLs from IT and ignores the rest', () => {
    expect(updateFeedUrl({})).toBeNull();
    expect(updateFeedUrl({ MOTCUA_UPDATE_URL: 'off' })).toBeNull();
    expect(updateFeedUrl({ MOTCUA_UPDATE_URL: 'http://updates.local/' })).toBeNull();
    expect(updateFeedUrl({ MOTCUA_UPDATE_URL: 'https://updates.so.gov.vn/motcua/' })).toBe('https://updates.so.gov.vn/motcua/');
  });
});

// --- main.ts wiring, with a recording fake of the `electron` module ----------------------------------
// The Electron binary is not available on every build machine; this runs the real entry point
// against a fake `electron` and checks the order of the start-up steps and the options it uses.
const fakeElectron = vi.hoisted(() => {
  type Listener = (...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any
  const calls: string[] = [];
  const appListeners = new Map<string, Listener[]>();
  const on = (map: Map<string, Listener[]>) => (event: string, l: Listener) => {
    map.set(event, [...(map.get(event) ?? []), l]);
  };
  const windows: any[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  const state = {
    calls,
    appListeners,
    windows,
    paths: new Map<string, string>(),
    schemes: [] as unknown[],
    protocolHandlers: new Map<string, Listener>(),
    ipcHandlers: new Map<string, Listener>(),
    permissionRequest: null as Listener | null,
    permissionCheck: null as Listener | null,
    beforeRequest: null as { filter: { urls: string[] }; fn: Listener } | null,
    openedExternal: [] as string[],
    // The displays screen.getAllDisplays() reports (tests plug a second one in and out).
    displays: [{ id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }] as {
      id: number;
      bounds: { x: number; y: number; width: number; height: number };
      workArea: { x: number; y: number; width: number; height: number };
    }[],
    screenListeners: new Map<string, Listener[]>(),
    // Sessions other than the default one (session.fromPartition), with what was installed on them.
    partitions: new Map<string, { permissionRequest: Listener | null; permissionCheck: Listener | null; beforeRequest: { filter: { urls: string[] }; fn: Listener } | null; protocolHandlers: Map<string, Listener> }>(),
    quit: vi.fn(),
    exit: vi.fn(),
    errorBox: vi.fn(),
    coreProcessFile: '',
  };
  let nextContentsId = 1;
  class FakeWebContents {
    id = nextContentsId++;
    listeners = new Map<string, Listener[]>();
    sent: unknown[][] = [];
    windowOpenHandler: Listener | null = null;
    url = '';
    on = on(this.listeners);
    send(...args: unknown[]) {
      this.sent.push(args);
    }
    setWindowOpenHandler(h: Listener) {
      this.windowOpenHandler = h;
    }
    getURL() {
      return this.url;
    }
    getType() {
      return 'window';
    }
    isDestroyed() {
      return false;
    }
  }
  class FakeBrowserWindow {
    options: any; // eslint-disable-line @typescript-eslint/no-explicit-any
    webContents = new FakeWebContents();
    listeners = new Map<string, Listener[]>();
    title = '';
    destroyed = false;
    shownInactive = false;
    menuRemoved = false;
    on = on(this.listeners);
    once = on(this.listeners);
    emit(event: string, ...args: unknown[]) {
      for (const l of this.listeners.get(event) ?? []) l(...args);
    }
    constructor(options: unknown) {
      calls.push('BrowserWindow');
      this.options = options;
      this.title = (options as { title: string }).title;
      windows.push(this);
      for (const l of appListeners.get('web-contents-created') ?? []) l({}, this.webContents);
    }
    static getAllWindows() {
      return windows;
    }
    async loadURL(url: string) {
      calls.push(`loadURL ${url}`);
      this.webContents.url = url;
    }
    isDestroyed() {
      return this.destroyed;
    }
    close() {
      if (this.destroyed) return;
      this.emit('close', { preventDefault() {} });
      this.destroyed = true;
      this.emit('closed');
    }
    getBounds() {
      const o = this.options as { x?: number; y?: number; width?: number; height?: number };
      return { x: o.x ?? 0, y: o.y ?? 0, width: o.width ?? 1200, height: o.height ?? 800 };
    }
    showInactive() {
      this.shownInactive = true;
    }
    removeMenu() {
      this.menuRemoved = true;
    }
    isMinimized() {
      return false;
    }
    isMaximized() {
      return false;
    }
    getNormalBounds() {
      return { x: 0, y: 0, width: 1200, height: 800 };
    }
    maximize() {}
    show() {}
    focus() {}
    restore() {}
    setTitle(t: string) {
      this.title = t;
    }
  }
  const module = {
    app: {
      isPackaged: false,
      enableSandbox: () => calls.push('enableSandbox'),
      setAppUserModelId: () => {},
      setPath: (name: string, p: string) => {
        calls.push(`setPath ${name}`);
        state.paths.set(name, p);
      },
      requestSingleInstanceLock: () => (calls.push('requestSingleInstanceLock'), true),
      on: on(appListeners),
      whenReady: () => (calls.push('whenReady'), Promise.resolve()),
      quit: state.quit,
      exit: state.exit,
    },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => (calls.push('registerSchemesAsPrivileged'), state.schemes.push(...s)),
      handle: (scheme: string, fn: Listener) => (calls.push(`protocol.handle ${scheme}`), state.protocolHandlers.set(scheme, fn)),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Listener) => (state.permissionRequest = h),
        setPermissionCheckHandler: (h: Listener) => (state.permissionCheck = h),
        setDevicePermissionHandler: () => {},
        webRequest: { onBeforeRequest: (filter: { urls: string[] }, fn: Listener) => (state.beforeRequest = { filter, fn }) },
      },
      fromPartition: (name: string) => {
        calls.push(`session.fromPartition ${name}`);
        let rec = state.partitions.get(name);
        if (!rec) state.partitions.set(name, (rec = { permissionRequest: null, permissionCheck: null, beforeRequest: null, protocolHandlers: new Map() }));
        const r = rec;
        return {
          setPermissionRequestHandler: (h: Listener) => (r.permissionRequest = h),
          setPermissionCheckHandler: (h: Listener) => (r.permissionCheck = h),
          setDevicePermissionHandler: () => {},
          webRequest: { onBeforeRequest: (filter: { urls: string[] }, fn: Listener) => (r.beforeRequest = { filter, fn }) },
          protocol: { handle: (scheme: string, fn: Listener) => r.protocolHandlers.set(scheme, fn) },
        };
      },
    },
    ipcMain: { handle: (ch: string, fn: Listener) => (calls.push(`ipcMain.handle ${ch}`), state.ipcHandlers.set(ch, fn)) },
    BrowserWindow: FakeBrowserWindow,
    Menu: { setApplicationMenu: () => {}, buildFromTemplate: (t: unknown) => t },
    screen: {
      getAllDisplays: () => state.displays,
      getPrimaryDisplay: () => state.displays[0],
      on: on(state.screenListeners),
    },
    dialog: { showErrorBox: state.errorBox },
    shell: { openExternal: async (u: string) => void state.openedExternal.push(u) },
    // The OS-held key that encrypts the sync secret (main/sync/secret-vault.ts).
    safeStorage: {
      isEncryptionAvailable: () => true,
      encryptString: (s: string) => Buffer.from(`enc:${s}`),
      decryptString: (b: Buffer) => b.toString().slice(4),
    },
    // Electron's utilityProcess, played by a Node child on the built core process (the same file
    // the app ships; its adapter speaks both parentPort and process.send).
    utilityProcess: {
      fork: (modulePath: string, args: string[], options: { serviceName?: string }) => {
        calls.push(`utilityProcess.fork ${path.basename(modulePath)} ${options.serviceName ?? ''}`);
        const child = fork(state.coreProcessFile, args, { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        const wrap = (ev: string, l: Listener) => (ev === 'exit' ? (code: number | null) => l(code ?? 0) : l);
        const proc = {
          get pid() {
            return child.pid;
          },
          on: (ev: string, l: Listener) => (child.on(ev, wrap(ev, l)), proc),
          once: (ev: string, l: Listener) => (child.once(ev, wrap(ev, l)), proc),
          postMessage: (m: unknown) => void child.send(m as never),
          kill: () => child.kill(),
        };
        return proc;
      },
    },
  };
  return { state, module };
});
vi.mock('electron', () => ({ ...fakeElectron.module, default: fakeElectron.module }));

describe('main.ts wiring (fake electron)', () => {
  const s = fakeElectron.state;
  let dataDir: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let win: any;

  beforeAll(async () => {
    // main.ts logs every refusal; the refusals are what these tests provoke.
    vi.spyOn(console, 'log').mockImplementation(() => {});
    // The core runs in its own process: the built file (npm test builds before Vitest).
    const repo = path.resolve(__dirname, '..', '..');
    s.coreProcessFile = path.join(repo, 'dist', 'main', 'core-process.cjs');
    if (!fs.existsSync(s.coreProcessFile)) spawnSync(process.execPath, [path.join(repo, 'scripts', 'build.mjs'), 'main'], { cwd: repo, stdio: 'inherit' });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-main-'));
    process.env.MOTCUA_DATA_DIR = dataDir;
    await import('../../main/hosts/electron/main');
    await vi.waitFor(() => expect(s.windows.length).toBe(1), { timeout: 20_000 });
    win = s.windows[0];
  }, 30_000);

  afterAll(async () => {
    delete process.env.MOTCUA_DATA_DIR;
    // Quit like Electron does: before-quit closes the core, then app.quit() is called again.
    const e = { preventDefault: vi.fn() };
    for (const l of s.appListeners.get('before-quit') ?? []) l(e);
    await vi.waitFor(() => expect(s.quit).toHaveBeenCalled(), { timeout: 10_000 });
    expect(e.preventDefault).toHaveBeenCalled();
    fs.rmSync(dataDir, { recursive: true, force: true });
    vi.restoreAllMocks();
  });

  it('runs the core in a utility process of its own, started before the window', () => {
    const forkAt = s.calls.findIndex((c) => c.startsWith('utilityProcess.fork core-process.cjs'));
    expect(forkAt).toBeGreaterThanOrEqual(0);
    expect(s.calls[forkAt]).toContain('Một Cửa Số');
    expect(forkAt).toBeLessThan(s.calls.indexOf('BrowserWindow'));
  });

  it('does the pre-ready steps in the right order', () => {
    const at = (c: string) => s.calls.indexOf(c);
    expect(at('registerSchemesAsPrivileged')).toBeGreaterThanOrEqual(0);
    expect(at('registerSchemesAsPrivileged')).toBeLessThan(at('whenReady'));
    expect(at('enableSandbox')).toBeLessThan(at('whenReady'));
    // The single-instance lock lives in userData: set it first, so the lock is per data folder.
    expect(at('setPath userData')).toBeLessThan(at('requestSingleInstanceLock'));
    expect(s.paths.get('userData')).toBe(path.join(dataDir, 'electron'));
    expect(s.schemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }) }]);
    expect(s.schemes[0]).not.toHaveProperty('privileges.bypassCSP', true);
    expect(at('protocol.handle app')).toBeLessThan(at('BrowserWindow'));
    expect(at(`ipcMain.handle ${IPC_CALL}`)).toBeLessThan(at('BrowserWindow'));
    expect(s.calls).toContain('loadURL app://motcua/');
  });

  it('creates a locked-down window', () => {
    expect(win.options).toMatchObject({ title: 'Một Cửa Số', minWidth: 1100, minHeight: 700 });
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    });
    expect(win.options.webPreferences.preload).toMatch(/preload\.cjs$/);
  });

  it('denies new windows (https goes to the system browser) and off-origin navigation', () => {
    const wc = win.webContents;
    expect(wc.windowOpenHandler({ url: 'https://dichvucong.gov.vn/' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler({ url: 'file:///C:/Windows/System32/cmd.exe' })).toEqual({ action: 'deny' });
    expect(s.openedExternal).toEqual(['https://dichvucong.gov.vn/']);
    for (const ev of ['will-navigate', 'will-redirect']) {
      const [handler] = wc.listeners.get(ev) ?? [];
      expect(handler, ev).toBeTypeOf('function');
      const bad = { url: 'https://evil.example/', preventDefault: vi.fn() };
      handler(bad);
      expect(bad.preventDefault).toHaveBeenCalled();
      const good = { url: 'app://motcua/#/dossiers', preventDefault: vi.fn() };
      handler(good);
      expect(good.preventDefault).not.toHaveBeenCalled();
    }
    const attach = { preventDefault: vi.fn() };
    wc.listeners.get('will-attach-webview')[0](attach);
    expect(attach.preventDefault).toHaveBeenCalled();
  });

  it('answers IPC calls only from the main frame of its window', async () => {
    const handler = s.ipcHandlers.get(IPC_CALL)!;
    const frame = { url: 'app://motcua/', parent: null };
    const ok = await handler({ sender: win.webContents, senderFrame: frame }, 'app.info', {});
    expect(ok).toMatchObject({ ok: true, result: { host: 'electron', name: 'Một Cửa Số' } });
    expect(path.resolve(ok.result.dataDir)).toBe(path.resolve(dataDir));
    const sub = await handler({ sender: win.webContents, senderFrame: { url: 'app://motcua/files/pdf/1', parent: frame } }, 'app.info', {});
    expect(sub).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const other = await handler({ sender: {}, senderFrame: frame }, 'app.info', {});
    expect(other).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const gone = await handler({ sender: win.webContents, senderFrame: null }, 'app.info', {});
    expect(gone).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('grants only the camera to our page and blocks network requests', () => {
    const decide = (permission: string, details: object) => {
      let granted: boolean | undefined;
      s.permissionRequest!(win.webContents, permission, (g: boolean) => (granted = g), details);
      return granted;
    };
    expect(decide('media', { requestingUrl: 'app://motcua/', isMainFrame: true, mediaTypes: ['video'] })).toBe(true);
    expect(decide('media', { requestingUrl: 'app://motcua/', isMainFrame: true, mediaTypes: ['audio'] })).toBe(false);
    expect(decide('media', { requestingUrl: 'app://motcua/files/pdf/1', isMainFrame: false, mediaTypes: ['video'] })).toBe(false);
    expect(decide('notifications', { requestingUrl: 'app://motcua/', isMainFrame: true })).toBe(false);
    expect(s.permissionCheck!(win.webContents, 'geolocation', 'app://motcua', { isMainFrame: true, requestingUrl: 'app://motcua/' })).toBe(false);
    expect(s.beforeRequest!.filter.urls).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*']));
    let answer: unknown;
    s.beforeRequest!.fn({ url: 'https://cdn.example/x.js' }, (r: unknown) => (answer = r));
    expect(answer).toEqual({ cancel: true });
  });

  it('serves app:// through the protocol handler with the CSP', async () => {
    const handler = s.protocolHandlers.get('app')!;
    const r: Response = await handler(new Request('app://motcua/files/page/does-not-exist'));
    expect(r.status).toBe(404);
    expect(r.headers.get('content-security-policy')).toBe(cspHeader());
  });

  it('keeps the product name in the window title', () => {
    const [onTitle] = win.listeners.get('page-title-updated');
    onTitle({ preventDefault() {} }, 'Hồ sơ 001');
    expect(win.title).toBe('Hồ sơ 001 — Một Cửa Số');
    onTitle({ preventDefault() {} }, '');
    expect(win.title).toBe('Một Cửa Số');
  });

  // --- the citizen window (second display) ----------------------------------------------------------
  const ONE = [{ id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }];
  const TWO = [...ONE, { id: 7, bounds: { x: 1920, y: 0, width: 1366, height: 768 }, workArea: { x: 1920, y: 0, width: 1366, height: 728 } }];
  const topFrame = { url: 'app://motcua/', parent: null };
  const citizenCall = (action: unknown, guide?: unknown, sender: unknown = win.webContents, senderFrame: unknown = topFrame) =>
    s.ipcHandlers.get(IPC_CITIZEN)!({ sender, senderFrame }, action, guide);
  const lastWindow = () => s.windows[s.windows.length - 1];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const openCitizen = (): any => {
    s.displays = TWO;
    const before = s.windows.length;
    expect(citizenCall('open', GUIDE)).toEqual({ ok: true, result: true });
    expect(s.windows.length).toBe(before + 1);
    return lastWindow();
  };

  it('one display: no citizen window, the renderer keeps its dialog', () => {
    s.displays = ONE;
    const before = s.windows.length;
    expect(citizenCall('displays')).toEqual({ ok: true, result: false });
    expect(citizenCall('open', GUIDE)).toEqual({ ok: true, result: false });
    expect(citizenCall('update', GUIDE)).toEqual({ ok: true, result: false });
    expect(s.windows.length).toBe(before);
  });

  it('two displays: the citizen window opens on the other display, as locked down as the officer’s', async () => {
    s.displays = TWO;
    expect(citizenCall('displays')).toEqual({ ok: true, result: true });
    const cw = openCitizen();
    expect(cw).not.toBe(win);
    expect(cw.options).toMatchObject({ x: 1920, y: 0, width: 1366, height: 768, frame: false, fullscreen: true, skipTaskbar: true, focusable: false, show: false });
    expect(cw.menuRemoved).toBe(true);
    // The same webPreferences as the officer's window, but its own preload and session.
    const { preload, partition, ...prefs } = cw.options.webPreferences;
    const { preload: officerPreload, ...officerPrefs } = win.options.webPreferences;
    expect(prefs).toEqual(officerPrefs);
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(preload).toMatch(/citizen-preload\.cjs$/);
    expect(officerPreload).toMatch(/[/\\]preload\.cjs$/);
    expect(partition).toBeTypeOf('string');
    expect(partition).not.toMatch(/^persist:/);
    expect(s.calls).toContain('loadURL app://motcua/#/citizen');
    // Hardened like every WebContents: no new windows, no navigation off app://.
    expect(cw.webContents.windowOpenHandler({ url: 'https://dichvucong.gov.vn/' })).toEqual({ action: 'deny' });
    const nav = { url: 'https://evil.example/', preventDefault: vi.fn() };
    cw.webContents.listeners.get('will-navigate')[0](nav);
    expect(nav.preventDefault).toHaveBeenCalled();
    // Shown without taking the officer's keyboard; the guide is pushed once the page has loaded.
    cw.emit('ready-to-show');
    expect(cw.shownInactive).toBe(true);
    expect(cw.webContents.sent).toEqual([]);
    for (const l of cw.webContents.listeners.get('did-finish-load')) l();
    expect(cw.webContents.sent).toEqual([[IPC_CITIZEN_SHOW, GUIDE]]);
    // Opening again reuses the window and pushes the new guide.
    const other = { ...GUIDE, procedureName: 'Đăng ký kết hôn' };
    expect(citizenCall('open', other)).toEqual({ ok: true, result: true });
    expect(citizenCall('update', GUIDE)).toEqual({ ok: true, result: true });
    expect(lastWindow()).toBe(cw);
    expect(cw.webContents.sent.slice(-2)).toEqual([
      [IPC_CITIZEN_SHOW, other],
      [IPC_CITIZEN_SHOW, GUIDE],
    ]);
    // Its session: app:// serves the page but no stored file, no permission, no network.
    const ses = s.partitions.get(partition)!;
    const handler = ses.protocolHandlers.get('app')!;
    expect((await handler(new Request('app://motcua/files/page/any'))).status).toBe(404);
    let granted: boolean | undefined;
    ses.permissionRequest!(cw.webContents, 'media', (g: boolean) => (granted = g), { requestingUrl: 'app://motcua/', isMainFrame: true, mediaTypes: ['video'] });
    expect(granted).toBe(false);
    let answer: unknown;
    ses.beforeRequest!.fn({ url: 'https://cdn.example/x.js' }, (r: unknown) => (answer = r));
    expect(answer).toEqual({ cancel: true });
    citizenCall('close');
    expect(cw.destroyed).toBe(true);
  });

  it('refuses junk guides and unknown actions, and keeps showing the last good guide', () => {
    const cw = openCitizen();
    for (const l of cw.webContents.listeners.get('did-finish-load')) l();
    const sent = cw.webContents.sent.length;
    for (const junk of [null, 'x', 42, {}, { ...GUIDE, link: 'javascript:alert(1)' }, { ...GUIDE, steps: [] }, { ...GUIDE, token: 'abc' }, { ...GUIDE, procedureName: 'a'.repeat(600) }]) {
      expect(citizenCall('update', junk)).toEqual({ ok: false, error: 'BAD_GUIDE' });
      expect(citizenCall('open', junk)).toEqual({ ok: false, error: 'BAD_GUIDE' });
    }
    for (const action of ['show', '__proto__', 42, null, { action: 'open' }]) expect(citizenCall(action, GUIDE)).toEqual({ ok: false, error: 'BAD_ACTION' });
    expect(cw.webContents.sent.length).toBe(sent);
    expect(cw.destroyed).toBe(false);
    citizenCall('close');
  });

  it('the citizen window cannot call the API nor drive itself', async () => {
    const cw = openCitizen();
    const frame = { url: 'app://motcua/#/citizen', parent: null };
    const call = await s.ipcHandlers.get(IPC_CALL)!({ sender: cw.webContents, senderFrame: frame }, 'app.info', {});
    expect(call).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(citizenCall('open', { ...GUIDE, procedureName: 'Giả mạo' }, cw.webContents, frame)).toEqual({ ok: false, error: 'FORBIDDEN' });
    expect(citizenCall('close', undefined, cw.webContents, frame)).toEqual({ ok: false, error: 'FORBIDDEN' });
    // Nor can a subframe of the officer's window (the PDF preview).
    expect(citizenCall('open', GUIDE, win.webContents, { url: 'app://motcua/files/pdf/1', parent: topFrame })).toEqual({ ok: false, error: 'FORBIDDEN' });
    expect(cw.destroyed).toBe(false);
    citizenCall('close');
  });

  it('closes the citizen window when the desk locks or the officer signs out, and tells the officer’s window', async () => {
    for (const method of ['auth.lock', 'auth.signOut']) {
      const cw = openCitizen();
      win.webContents.sent.length = 0;
      await s.ipcHandlers.get(IPC_CALL)!({ sender: win.webContents, senderFrame: topFrame }, method, {});
      expect(cw.destroyed, method).toBe(true);
      // Blanked first, then closed.
      expect(cw.webContents.sent.at(-1)).toEqual([IPC_CITIZEN_SHOW, null]);
      expect(win.webContents.sent).toContainEqual([IPC_CITIZEN_CLOSED]);
      expect(citizenCall('update', GUIDE)).toEqual({ ok: true, result: false });
    }
  });

  it('closes the citizen window when its display is unplugged', () => {
    const cw = openCitizen();
    s.displays = ONE;
    for (const l of s.screenListeners.get('display-removed') ?? []) l({}, TWO[1]);
    expect(cw.destroyed).toBe(true);
  });

  // Last: the officer's window is gone afterwards.
  it('closes the citizen window when the officer’s window closes', () => {
    const cw = openCitizen();
    win.close();
    expect(cw.destroyed).toBe(true);
    expect(citizenCall('displays', undefined, win.webContents)).toEqual({ ok: false, error: 'FORBIDDEN' });
  });
});
