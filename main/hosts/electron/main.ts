// Electron entry (bundled by esbuild to dist/main/electron-main.cjs; `electron` is external).
// This host is thin: it serves the renderer over app://motcua, checks who is calling over IPC and
// hands every call to the core. Security rules live in policy.ts (pure, unit-tested).
// The core itself (SQLite, image clean-up, OCR, PDF building, signing) runs in a utility process
// (dist/main/core-process.cjs, see main/core/core-process.ts): a long batch never stalls the
// window, menus or IPC here. This process only checks senders and relays calls, files and events.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  BrowserWindow,
  Menu,
  app,
  dialog,
  ipcMain,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  utilityProcess,
  type BrowserWindowConstructorOptions,
  type MenuItemConstructorOptions,
  type Rectangle,
  type Session,
  type UtilityProcess,
  type WebContents,
} from 'electron';
import { isEventName, type CallResult } from '../../../shared/contract/api';
import { ERROR_MESSAGES } from '../../../shared/contract/errors';
import { APP_ORIGIN, APP_SCHEME, CITIZEN_ROUTE, IPC_CALL, IPC_CITIZEN, IPC_EVENT } from '../../../shared/contract/transport';
import { resolveDataDir } from '../../config/data-dir';
import type { CorePort } from '../../core/core-channel';
import { RemoteCore } from '../../core/remote-core';
import type { EventListener } from '../../core/types';
import { createCitizenWindows } from './citizen-window';
import { createCallHandler, windowSessionId } from './ipc';
import { electronPaths } from './paths';
import { externalUrlToOpen, isAllowedNavigation, isAllowedPermission, isAppUrl } from './policy';
import { createAppProtocolHandler } from './protocol';
import { createUpdater } from './updater';
import { secureWebPreferences } from './web-preferences';
import { MIN_HEIGHT, MIN_WIDTH, readWindowState, restoreWindowState, writeWindowState } from './window-state';

const PRODUCT_NAME = 'Một Cửa Số';
const APP_USER_MODEL_ID = 'vn.motcua.app'; // = electron-builder appId (taskbar grouping, notifications)
const RENDERER_ROOT = path.join(__dirname, '../renderer');
const PRELOAD = path.join(__dirname, 'preload.cjs');
const CITIZEN_PRELOAD = path.join(__dirname, 'citizen-preload.cjs');
/** The citizen window's session: in memory, apart from the officer's (no storage, no stored files). */
const CITIZEN_PARTITION = 'motcua-citizen';
const CORE_PROCESS = path.join(__dirname, 'core-process.cjs');
/** The utility process's name in app.getAppMetrics() / Task Manager. */
const CORE_SERVICE_NAME = 'Một Cửa Số core';

function log(message: string): void {
  console.log(`[motcua:electron] ${message}`);
}

// --- before 'ready' ------------------------------------------------------------------------------
// The scheme must be privileged before the app is ready: standard (real origin, relative URLs,
// localStorage), secure (secure context: getUserMedia for the document camera), fetch for stored
// files, streaming for large PDFs. No service workers, no CSP bypass.
protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true },
  },
]);
// Sandbox every renderer, whatever a future BrowserWindow forgets to set.
app.enableSandbox();
if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);

const dataDir = resolveDataDir(process.argv, process.env, process.platform, os.homedir());
const ePaths = electronPaths(dataDir, process.env, process.platform, os.homedir());
let setupError: unknown = null;
try {
  // setPath requires existing folders. userData must be set before the single-instance lock:
  // Chromium keeps the lock there, so the lock is per data folder (tests can run side by side).
  fs.mkdirSync(ePaths.userData, { recursive: true });
  fs.mkdirSync(ePaths.sessionData, { recursive: true });
  app.setPath('userData', ePaths.userData);
  app.setPath('sessionData', ePaths.sessionData);
} catch (err) {
  setupError = err;
}

let mainWindow: BrowserWindow | null = null;
// The window on the second display turned towards the citizen (citizen-window.ts).
const citizenWindows = createCitizenWindows({
  displays: () => screen.getAllDisplays().map((d) => ({ id: d.id, bounds: d.bounds })),
  primaryDisplayId: () => screen.getPrimaryDisplay()?.id ?? null,
  officerWindow: () => mainWindow,
  createWindow: createCitizenWindow,
  log,
});
let citizenSessionReady = false;
let core: RemoteCore | null = null;
let quitting = false;

if (!setupError && !app.requestSingleInstanceLock()) {
  // Another instance already owns this data folder; it will focus its window (second-instance).
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_e, contents) => hardenContents(contents));
  app.on('window-all-closed', () => app.quit());
  installQuitHandler();
  app.whenReady().then(start, fatal);
}

// --- hardening of every WebContents ---------------------------------------------------------------
function hardenContents(contents: WebContents): void {
  // No new windows, ever. https links (e.g. the national public-service portal) open in the
  // system browser; everything else is dropped.
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalUrlToOpen(url);
    if (external) void shell.openExternal(external).catch(() => {});
    return { action: 'deny' };
  });
  // <webview> is disabled in webPreferences; refuse attachment anyway.
  contents.on('will-attach-webview', (e) => e.preventDefault());
  // Only app windows navigate under our rules: Chromium's PDF viewer runs in its own guest
  // contents (chrome-extension://) and must be left alone.
  const type = contents.getType();
  if (type === 'window' || type === 'browserView') {
    contents.on('will-navigate', (e) => {
      if (!isAllowedNavigation(e.url)) {
        e.preventDefault();
        log(`blocked navigation to ${e.url}`);
      }
    });
    contents.on('will-redirect', (e) => {
      if (!isAllowedNavigation(e.url)) {
        e.preventDefault();
        log(`blocked redirect to ${e.url}`);
      }
    });
  }
}

/** `camera`: the officer's session may use the document camera; the citizen window's nothing. */
function hardenSession(ses: Session, camera: boolean): void {
  ses.setPermissionRequestHandler((wc, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    const ok = camera && isAllowedPermission(permission, details.requestingUrl ?? wc.getURL(), mediaTypes) && details.isMainFrame;
    if (!ok) log(`denied permission ${permission} for ${details.requestingUrl}`);
    callback(ok);
  });
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) => {
    const url = details.requestingUrl ?? requestingOrigin;
    // 'unknown' comes with device enumeration checks; a check never grants access by itself
    // (getUserMedia still goes through the request handler above).
    const types = details.mediaType && details.mediaType !== 'unknown' ? [details.mediaType] : undefined;
    return camera && isAllowedPermission(permission, url, types);
  });
  // USB/HID/serial/Bluetooth: none. Scanners are reached from the main process (SANE/WIA).
  ses.setDevicePermissionHandler(() => false);
  // The app is offline-first and everything it shows comes from app://. Refuse network loads from
  // web pages as a second line behind the CSP. (Main-process updates use their own session.)
  ses.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (details, cb) => {
    log(`blocked network request ${details.url}`);
    cb({ cancel: true });
  });
}

// --- start ---------------------------------------------------------------------------------------
async function start(): Promise<void> {
  if (setupError) throw setupError;
  hardenSession(session.defaultSession, true);
  core = await startCore();

  protocol.handle(
    APP_SCHEME,
    // Stored files are for the main window's session (signed in, unlocked); none without a window.
    createAppProtocolHandler({
      rendererRoot: RENDERER_ROOT,
      resolveFile: async (kind, id) =>
        core && mainWindow && !mainWindow.isDestroyed() ? core.resolveFile(kind, id, { sessionId: windowSessionId(mainWindow.webContents.id) }) : null,
    }),
  );

  // The sender checks run here, in this process, before anything reaches the core process.
  const handleCall = createCallHandler(
    { dispatch: (method, input, caller) => (core ? core.dispatch(method, input, caller) : Promise.resolve(coreUnavailable())) },
    log,
  );
  ipcMain.handle(IPC_CALL, (event, method: unknown, input: unknown) => {
    const frame = event.senderFrame;
    // Locking the desk (Ctrl+L, idle) or signing out takes the guide off the citizen's screen,
    // whatever the officer's page does next.
    if ((method === 'auth.lock' || method === 'auth.signOut') && isOfficerWindow(event.sender)) citizenWindows.close(method);
    return handleCall(
      {
        frameUrl: frame ? frame.url : null,
        isMainFrame: frame !== null && frame.parent === null,
        isOurWindow: isOfficerWindow(event.sender),
        webContentsId: event.sender.id,
      },
      method,
      input,
    );
  });
  // The citizen window: only the officer's window may open, update or close it.
  ipcMain.handle(IPC_CITIZEN, (event, action: unknown, guide: unknown) => {
    const frame = event.senderFrame;
    const trusted = isOfficerWindow(event.sender) && frame !== null && frame.parent === null && isAppUrl(frame.url);
    return citizenWindows.handle(trusted, action, guide);
  });
  screen.on('display-removed', () => {
    if (!citizenWindows.hasSecondDisplay()) citizenWindows.close('display removed');
  });

  Menu.setApplicationMenu(buildMenu());
  createWindow();
  void createUpdater({ isPackaged: app.isPackaged, env: process.env, log }).check();
}

// --- the core process ------------------------------------------------------------------------------
const forwardEvent: EventListener = (event, payload) => {
  if (!isEventName(event)) return;
  const wc = mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null;
  // Only our own page hears core events (never a page that somehow navigated elsewhere).
  if (wc && !wc.isDestroyed() && isAppUrl(wc.getURL())) wc.send(IPC_EVENT, { event, payload });
};

function coreUnavailable(): CallResult<unknown> {
  return { ok: false, error: { code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL } };
}

/** RemoteCore's port over a utility process; messages wait for 'spawn' (the child's channel). */
function utilityPort(child: UtilityProcess): CorePort {
  let spawned = false;
  let gone = false;
  const queue: unknown[] = [];
  child.once('spawn', () => {
    spawned = true;
    for (const m of queue.splice(0)) child.postMessage(m);
  });
  child.once('exit', () => (gone = true));
  return {
    postMessage(message) {
      if (gone) return;
      if (spawned) child.postMessage(message);
      else queue.push(message);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.once('exit', (code) => listener(code)),
  };
}

const coreCrashes: number[] = [];

async function startCore(): Promise<RemoteCore> {
  // utilityProcess, not child_process.fork: it needs no Node binary and works with the runAsNode
  // fuse off; it loads core-process.cjs from app.asar and the native modules from app.asar.unpacked.
  const child = utilityProcess.fork(CORE_PROCESS, [], { serviceName: CORE_SERVICE_NAME, stdio: 'inherit' });
  // The sync secret is encrypted with the OS's key for this user (DPAPI, Keychain, libsecret) when
  // Electron can; otherwise the core keeps it with the plain-file fallback (main/sync/secret-vault.ts).
  const codec = safeStorage.isEncryptionAvailable()
    ? { encrypt: async (plain: string) => safeStorage.encryptString(plain), decrypt: async (data: Buffer) => safeStorage.decryptString(data) }
    : undefined;
  const remote = await RemoteCore.start(utilityPort(child), { dataDir, host: 'electron' }, codec);
  log(`core process ${remote.pid} started`);
  remote.onEvent(forwardEvent);
  remote.onExit((code, expected) => {
    if (expected || quitting) return;
    log(`core process exited unexpectedly (code ${String(code)})`);
    if (core === remote) core = null;
    restartCore();
  });
  return remote;
}

/**
 * A crashed core is restarted (pending calls were already answered INTERNAL by RemoteCore), and
 * the window reloaded: the new process has no sessions, so the officer signs in again. Not in a
 * loop: after 3 crashes within a minute the app says so and quits.
 */
function restartCore(): void {
  const now = Date.now();
  coreCrashes.push(now);
  while (coreCrashes.length && now - coreCrashes[0]! > 60_000) coreCrashes.shift();
  if (coreCrashes.length > 3) {
    fatal(new Error('Lõi ứng dụng dừng đột ngột nhiều lần liên tiếp.'));
    return;
  }
  startCore().then(
    (remote) => {
      if (quitting) {
        void remote.close();
        return;
      }
      core = remote;
      if (mainWindow && !mainWindow.isDestroyed()) loadApp(mainWindow);
    },
    (err: unknown) => fatal(err),
  );
}

function isOfficerWindow(sender: unknown): boolean {
  return mainWindow !== null && !mainWindow.isDestroyed() && sender === mainWindow.webContents;
}

/** Every window of the app is made here: the same locked-down webPreferences for all. */
function createSecureWindow(options: BrowserWindowConstructorOptions, preload: string, partition?: string): BrowserWindow {
  return new BrowserWindow({
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    ...options,
    webPreferences: secureWebPreferences({
      preload,
      partition,
      // DevTools only for developers (unpackaged) or IT troubleshooting with --devtools.
      devTools: !app.isPackaged || process.argv.includes('--devtools'),
    }),
  });
}

/**
 * The citizen window, on the second display's bounds: frameless, fullscreen, no menu, not in the
 * taskbar, never focused (the keyboard stays the officer's). Its session is a partition of its
 * own whose app:// serves the renderer only (no stored files) and grants no permission.
 */
function createCitizenWindow(bounds: Rectangle): BrowserWindow {
  if (!citizenSessionReady) {
    const ses = session.fromPartition(CITIZEN_PARTITION);
    hardenSession(ses, false);
    ses.protocol.handle(APP_SCHEME, createAppProtocolHandler({ rendererRoot: RENDERER_ROOT, resolveFile: async () => null }));
    citizenSessionReady = true;
  }
  const win = createSecureWindow(
    {
      ...bounds,
      title: `${PRODUCT_NAME} — Màn hình cho người dân`,
      frame: false,
      fullscreen: true,
      resizable: false,
      movable: false,
      minimizable: false,
      maximizable: false,
      skipTaskbar: true,
      focusable: false,
    },
    CITIZEN_PRELOAD,
    CITIZEN_PARTITION,
  );
  win.removeMenu();
  win.on('page-title-updated', (e) => e.preventDefault());
  win.loadURL(`${APP_ORIGIN}/${CITIZEN_ROUTE}`).catch((err: unknown) => log(`citizen loadURL failed: ${String(err)}`));
  return win;
}

function createWindow(): void {
  const workAreas = screen.getAllDisplays().map((d) => d.workArea);
  const state = restoreWindowState(readWindowState(ePaths.userData), workAreas);
  const win = createSecureWindow({ ...state.bounds, title: PRODUCT_NAME, minWidth: MIN_WIDTH, minHeight: MIN_HEIGHT }, PRELOAD);
  mainWindow = win;
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  // Keep the product name in the title bar (taskbar search, IT remote support).
  win.on('page-title-updated', (e, title) => {
    e.preventDefault();
    win.setTitle(title && !title.includes(PRODUCT_NAME) ? `${title} — ${PRODUCT_NAME}` : PRODUCT_NAME);
  });
  win.on('close', () => {
    writeWindowState(ePaths.userData, { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
    // Nothing stays on the citizen's screen once the officer's window is gone.
    citizenWindows.close('officer window closed');
  });
  // A crashed page reloads by itself (officers should not have to restart the app), but not in
  // a loop: after 3 crashes within a minute it stays down and the window can be closed.
  const crashes: number[] = [];
  win.webContents.on('render-process-gone', (_e, details) => {
    log(`renderer gone: ${details.reason}`);
    const now = Date.now();
    crashes.push(now);
    while (crashes.length && now - crashes[0]! > 60_000) crashes.shift();
    if (details.reason !== 'clean-exit' && crashes.length <= 3 && !win.isDestroyed()) loadApp(win);
  });
  loadApp(win);
}

function loadApp(win: BrowserWindow): void {
  // A (re)loaded officer page starts with no citizen view of its own.
  citizenWindows.close('officer window loading');
  // loadURL rejects on ERR_ABORTED etc.; log it instead of leaving an unhandled rejection.
  win.loadURL(`${APP_ORIGIN}/`).catch((err: unknown) => log(`loadURL failed: ${String(err)}`));
}

function buildMenu(): Menu {
  // Vietnamese, minimal. No "Reload" (it would drop unsaved form input) and no DevTools toggle.
  const template: MenuItemConstructorOptions[] = [
    { label: 'Tệp', submenu: [{ role: 'quit', label: 'Thoát' }] },
    {
      label: 'Chỉnh sửa',
      submenu: [
        { role: 'undo', label: 'Hoàn tác' },
        { role: 'redo', label: 'Làm lại' },
        { type: 'separator' },
        { role: 'cut', label: 'Cắt' },
        { role: 'copy', label: 'Sao chép' },
        { role: 'paste', label: 'Dán' },
        { role: 'selectAll', label: 'Chọn tất cả' },
      ],
    },
    {
      label: 'Xem',
      submenu: [
        { role: 'zoomIn', label: 'Phóng to' },
        { role: 'zoomOut', label: 'Thu nhỏ' },
        { role: 'resetZoom', label: 'Cỡ chữ mặc định' },
        { type: 'separator' },
        { role: 'togglefullscreen', label: 'Toàn màn hình' },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}

// --- quitting ------------------------------------------------------------------------------------
function installQuitHandler(): void {
  let closing = false;
  let closed = false;
  app.on('before-quit', (e) => {
    quitting = true;
    if (closed || !core) return;
    e.preventDefault();
    if (closing) return;
    closing = true;
    // Let the core finish writes and stop OCR workers, but never hang the shutdown of the PC
    // (a core process still running when the app exits is killed by Electron).
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 5000));
    void Promise.race([core.close().catch((err: unknown) => log(`core.close failed: ${String(err)}`)), timeout]).finally(() => {
      closed = true;
      app.quit();
    });
  });
}

function fatal(err: unknown): void {
  const detail = err instanceof Error ? err.message : String(err);
  console.error('[motcua:electron] startup failed:', err);
  dialog.showErrorBox(
    PRODUCT_NAME,
    `Không khởi động được ứng dụng.\n\nThư mục dữ liệu: ${dataDir}\nChi tiết: ${detail}\n\n` +
      'Hãy kiểm tra quyền ghi vào thư mục dữ liệu và dung lượng ổ đĩa, rồi mở lại ứng dụng. ' +
      'Nếu lỗi lặp lại, hãy liên hệ bộ phận CNTT.',
  );
  app.exit(1);
}
