// Wire details shared by the hosts and the renderer's transports. The API itself is in api.ts;
// these constants only say how a call travels.

/** Browser host: POST `${API_PATH}/<method>` with a JSON body; answer is a CallResult JSON. */
export const API_PATH = '/api';
/** Browser host: WebSocket endpoint; each message is `{ "event": name, "payload": … }`. */
export const EVENTS_PATH = '/events';
/** Browser host and app:// protocol: stored files, `${FILES_PATH}/<kind>/<id>`. */
export const FILES_PATH = '/files';
/** Browser host: the per-start token travels in this header (API) or `token` query (WebSocket, files). */
export const TOKEN_HEADER = 'x-motcua-token';
export const TOKEN_QUERY = 'token';
/**
 * Browser host: the tab's session id (random, made by the tab and kept in its sessionStorage) in
 * this header (API) or `session` query (files). Each tab is its own caller with its own sign-in.
 */
export const SESSION_HEADER = 'x-motcua-session';
export const SESSION_QUERY = 'session';
/** A session id: 16–128 URL-safe characters. */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

/** Kinds of stored file the renderer may display. */
export const FILE_KINDS = ['page', 'thumb', 'pdf', 'receipt', 'report'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** Electron: the channel names used by the preload and the main process. */
export const IPC_CALL = 'motcua:call';
export const IPC_EVENT = 'motcua:event';
/**
 * Electron: the citizen window on a second display. The officer's window invokes IPC_CITIZEN with
 * an action (`displays` | `open` | `update` | `close`); the main process pushes the guide to the
 * citizen window on IPC_CITIZEN_SHOW (null blanks it) and tells the officer's window on
 * IPC_CITIZEN_CLOSED when the citizen window is gone.
 */
export const IPC_CITIZEN = 'motcua:citizen';
export const IPC_CITIZEN_SHOW = 'motcua:citizen:show';
export const IPC_CITIZEN_CLOSED = 'motcua:citizen:closed';
/** The citizen window's hash route: it renders only what it is pushed, never the officer's UI. */
export const CITIZEN_ROUTE = '#/citizen';

/** Electron: the custom scheme and host the UI is served from (never file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'motcua';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** What the preload exposes as `window.motcua`: exactly the typed contract, nothing else. */
export interface PreloadBridge {
  call(method: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  fileUrl(kind: FileKind, id: string): string;
  /** Electron only: the citizen window on a second display (absent in the browser host). */
  citizen?: CitizenWindowControl;
}

/** The officer's window's handle on the citizen window. Guides are checked in the main process. */
export interface CitizenWindowControl {
  /** Whether a display other than the officer's exists (asked each time: screens come and go). */
  hasSecondDisplay(): Promise<boolean>;
  /** Opens (or reuses) the citizen window with this guide; false when there is no second display. */
  open(guide: unknown): Promise<boolean>;
  /** Shows another guide in the open citizen window; false when none is open. */
  update(guide: unknown): Promise<boolean>;
  close(): Promise<void>;
  /** Told when the citizen window closed (by the officer, a lock, a display unplugged…). */
  onClosed(listener: () => void): () => void;
}

/** What the citizen window's own preload exposes as `window.motcuaCitizen`: receiving, nothing else. */
export interface CitizenBridge {
  /** The guide to show (null = blank). A late subscriber gets the last one at once. */
  onGuide(listener: (guide: unknown) => void): () => void;
}
