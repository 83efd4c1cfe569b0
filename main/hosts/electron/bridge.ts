// The object the preload exposes as `window.motcua`. Kept apart from preload.ts so it can be tested
// in plain Node with a fake ipcRenderer. It runs inside the sandboxed preload, where only `electron`
// can be required at run time: import nothing but shared/ code that esbuild can inline (no node:*).
import type { EventName } from '../../../shared/contract/api';
import {
  APP_HOST,
  APP_SCHEME,
  FILES_PATH,
  FILE_KINDS,
  IPC_CALL,
  IPC_CITIZEN,
  IPC_CITIZEN_CLOSED,
  IPC_CITIZEN_SHOW,
  IPC_EVENT,
  type CitizenBridge,
  type CitizenWindowControl,
  type FileKind,
  type PreloadBridge,
} from '../../../shared/contract/transport';

/** The few ipcRenderer methods the bridge needs (structurally matches Electron's IpcRenderer). */
export interface BridgeIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** Message sent by the main process on IPC_EVENT. */
export interface EventMessage {
  event: string;
  payload: unknown;
}

/**
 * The event names, listed here instead of importing `isEventName` from api.ts: that module pulls
 * zod and every schema into the preload (≈450 kB evaluated on each page load) just for a few
 * strings. The compile-time check below fails `tsc` when api.ts gains an event not listed here,
 * and a unit test compares this list with `events` at run time.
 */
export const BRIDGE_EVENT_NAMES = ['job.progress', 'pages.changed', 'dossier.changed', 'capture.status'] as const satisfies readonly EventName[];
type MissingEvents = Exclude<EventName, (typeof BRIDGE_EVENT_NAMES)[number]>;
const allEventsListed: [MissingEvents] extends [never] ? true : MissingEvents = true;
void allEventsListed;

function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (BRIDGE_EVENT_NAMES as readonly string[]).includes(name);
}

export function buildFileUrl(kind: FileKind, id: string): string {
  return `${APP_SCHEME}://${APP_HOST}${FILES_PATH}/${kind}/${encodeURIComponent(id)}`;
}

export function createBridge(ipc: BridgeIpc): PreloadBridge {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  // One IPC listener for all events. The IpcRendererEvent (which carries `sender`, i.e. ipcRenderer
  // itself) never reaches page code: listeners receive the payload only.
  ipc.on(IPC_EVENT, (_event, message) => {
    if (typeof message !== 'object' || message === null) return;
    const { event, payload } = message as Partial<EventMessage>;
    if (!isEventName(event)) return;
    const set = listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(payload);
      } catch (err) {
        // One faulty UI listener must not stop the others from hearing about a job's progress.
        console.error(`[motcua] listener for "${event}" failed`, err);
      }
    }
  });

  const bridge: PreloadBridge = {
    call(method: string, input: unknown): Promise<unknown> {
      // The main process checks the method name and the sender; forward only a string name so a
      // crafted object cannot reach the main process as `method`.
      if (typeof method !== 'string') return Promise.reject(new TypeError('method must be a string'));
      return ipc.invoke(IPC_CALL, method, input);
    },
    on(event: string, listener: (payload: unknown) => void): () => void {
      if (!isEventName(event) || typeof listener !== 'function') {
        // Unknown events never fire; return a harmless unsubscribe so callers need no special case.
        return () => {};
      }
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      // Wrap so the same function subscribed twice gets two independent subscriptions.
      const entry = (payload: unknown) => listener(payload);
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
    fileUrl(kind: FileKind, id: string): string {
      if (!(FILE_KINDS as readonly string[]).includes(kind)) throw new TypeError(`unknown file kind: ${String(kind)}`);
      if (typeof id !== 'string' || id.length === 0) throw new TypeError('file id must be a non-empty string');
      return buildFileUrl(kind, id);
    },
    citizen: createCitizenControl(ipc),
  };
  return bridge;
}

/** The answer of the main process on IPC_CITIZEN (see citizen-window.ts). */
async function citizenRequest(ipc: BridgeIpc, action: string, guide?: unknown): Promise<boolean> {
  const reply = (await ipc.invoke(IPC_CITIZEN, action, guide)) as { ok?: unknown; result?: unknown; error?: unknown } | null;
  if (reply && reply.ok === true) return reply.result === true;
  throw new Error(`citizen window: ${String(reply?.error ?? 'no answer')}`);
}

/** The officer's window's handle on the citizen window; the main process checks the guide. */
function createCitizenControl(ipc: BridgeIpc): CitizenWindowControl {
  const closedListeners = new Set<() => void>();
  ipc.on(IPC_CITIZEN_CLOSED, () => {
    for (const l of [...closedListeners]) {
      try {
        l();
      } catch (err) {
        console.error('[motcua] citizen-window listener failed', err);
      }
    }
  });
  return {
    hasSecondDisplay: () => citizenRequest(ipc, 'displays'),
    open: (guide) => citizenRequest(ipc, 'open', guide),
    update: (guide) => citizenRequest(ipc, 'update', guide),
    close: async () => void (await citizenRequest(ipc, 'close')),
    onClosed(listener) {
      if (typeof listener !== 'function') return () => {};
      const entry = () => listener();
      closedListeners.add(entry);
      return () => void closedListeners.delete(entry);
    },
  };
}

/**
 * What the citizen window's preload exposes: it can only receive the guide it is pushed. No call,
 * no events of the core, no file URLs: that window has no session and nothing to ask for.
 */
export function createCitizenBridge(ipc: Pick<BridgeIpc, 'on'>): CitizenBridge {
  const listeners = new Set<(guide: unknown) => void>();
  let last: unknown = null;
  ipc.on(IPC_CITIZEN_SHOW, (_event, guide) => {
    last = guide ?? null;
    for (const l of [...listeners]) {
      try {
        l(last);
      } catch (err) {
        console.error('[motcua] citizen listener failed', err);
      }
    }
  });
  return {
    onGuide(listener) {
      if (typeof listener !== 'function') return () => {};
      const entry = (g: unknown) => listener(g);
      listeners.add(entry);
      // The guide may have arrived before the page subscribed (pushed on did-finish-load).
      entry(last);
      return () => void listeners.delete(entry);
    },
  };
}
