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
  IPC_EVENT,
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
  };
  return bridge;
}
