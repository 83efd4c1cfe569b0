// The message protocol between a host and a core running in another process (Electron's
// utilityProcess, or a plain Node child in tests), and the small adapters both ends need.
// Messages are structured-cloned (Electron's parentPort/utilityProcess; Node's fork with
// `serialization: 'advanced'`), so Buffers, Dates and undefined survive as they do over IPC.
import type { ChildProcess } from 'node:child_process';
import type { CallResult, EventName } from '../../shared/contract/api';
import type { FileKind } from '../../shared/contract/transport';
import type { Caller, CoreOptions, StoredFile } from './types';

/** What can cross the process boundary at start: CoreOptions without the functions tests inject. */
export type RemoteCoreOptions = Omit<CoreOptions, 'now' | 'ocrFactory' | 'blobFs' | 'secretCodec' | 'syncFetch'> & {
  /** The host encrypts the sync secret for the core ('secret' messages; Electron safeStorage). */
  secretBridge?: boolean;
};

/** Host → core. `init` is always the first message. */
export type ToCore =
  | { type: 'init'; options: RemoteCoreOptions }
  | { type: 'call'; id: number; method: string; input: unknown; caller: Caller }
  | { type: 'resolveFile'; id: number; kind: FileKind; fileId: string; caller: Caller }
  | { type: 'close'; id: number }
  | { type: 'secretResult'; id: number; ok: boolean; data: string };

/** Core → host. */
export type FromCore =
  | { type: 'ready'; dataDir: string; pid: number }
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; result: CallResult<unknown> }
  | { type: 'file'; id: number; file: StoredFile | null }
  | { type: 'closed'; id: number }
  | { type: 'event'; event: EventName; payload: unknown }
  /** Encrypt (text → base64) or decrypt (base64 → text) with the host's OS-held key. */
  | { type: 'secret'; id: number; op: 'encrypt' | 'decrypt'; data: string };

/**
 * The host's end of the channel: whatever carries messages to the core process and says when it
 * is gone. Adapters: `childProcessPort` (Node's fork) below, the utilityProcess one in the
 * Electron host (main/hosts/electron/main.ts), an in-memory pair in tests.
 */
export interface CorePort {
  postMessage(message: ToCore): void;
  onMessage(listener: (message: FromCore) => void): void;
  /** Called once when the other side is gone (exit code, or null when unknown/signal). */
  onExit(listener: (code: number | null) => void): void;
}

/** The core's end of the channel. */
export interface CoreChannel {
  /** `sent` is called once the message has left this process (before exiting after 'closed'). */
  postMessage(message: FromCore, sent?: () => void): void;
  onMessage(listener: (message: ToCore) => void): void;
  /** Called when the host is gone (Node IPC disconnected); Electron kills utility processes itself. */
  onDisconnect(listener: () => void): void;
}

/** A Node child started with `fork(file, args, { serialization: 'advanced' })`. */
export function childProcessPort(child: ChildProcess): CorePort {
  return {
    postMessage(message) {
      // A child that just died: the exit listener answers what is pending; nothing to send to.
      if (!child.connected) return;
      // A failed send means the channel is closing: the exit listener answers what is pending.
      child.send(message, () => {});
    },
    onMessage(listener) {
      child.on('message', (m) => listener(m as FromCore));
    },
    onExit(listener) {
      if (child.exitCode !== null || child.signalCode !== null) {
        queueMicrotask(() => listener(child.exitCode));
        return;
      }
      child.once('exit', (code) => listener(code));
    },
  };
}

/** Electron's `process.parentPort` in a utility process (not declared by @types/node). */
interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}

/**
 * The channel to the host from inside the core process: Electron's `process.parentPort` (which
 * delivers `{ data }` events) in a utilityProcess, Node's `process.send`/'message' in a forked
 * child. Null when the process has neither (started by hand).
 */
export function parentChannel(proc: NodeJS.Process = process): CoreChannel | null {
  const parentPort = (proc as unknown as { parentPort?: ParentPortLike }).parentPort;
  if (parentPort) {
    return {
      postMessage(message, sent) {
        parentPort.postMessage(message);
        // Queued on the Mojo pipe synchronously; a turn of the loop is enough before exiting.
        if (sent) setImmediate(sent);
      },
      onMessage: (listener) => parentPort.on('message', (e) => listener(e.data as ToCore)),
      onDisconnect: () => {},
    };
  }
  if (typeof proc.send === 'function') {
    const send = proc.send.bind(proc);
    return {
      postMessage(message, sent) {
        if (proc.connected) send(message, undefined, undefined, () => sent?.());
        else sent?.();
      },
      onMessage: (listener) => proc.on('message', (m) => listener(m as ToCore)),
      onDisconnect: (listener) => proc.once('disconnect', listener),
    };
  }
  return null;
}
