// The host's view of a core running in another process (main/core/core-process.ts): the same
// `Core` interface, over a CorePort (core-channel.ts). Calls are answered when the core answers —
// there is no timeout, as a long batch legitimately takes minutes and the core never leaves a call
// unanswered while it lives. If the core process goes away, every pending call is answered with
// INTERNAL (Vietnamese message), pending resolveFile with null, and later calls the same at once.
//
// Restarting after a crash is the host's decision, not this class's: a new process means a new
// store handle and new, empty sessions (every window must sign in again), so the host listens
// with `onExit`, decides (crash-loop limit, reloading its window) and starts a new RemoteCore.
import { fork, type ChildProcess } from 'node:child_process';
import type { CallResult, EventName, EventPayload } from '../../shared/contract/api';
import { ERROR_MESSAGES } from '../../shared/contract/errors';
import type { FileKind } from '../../shared/contract/transport';
import { childProcessPort, type CorePort, type FromCore, type RemoteCoreOptions } from './core-channel';
import type { Caller, Core, EventListener, StoredFile } from './types';

export type { CorePort, RemoteCoreOptions } from './core-channel';

const internal = (): CallResult<unknown> => ({ ok: false, error: { code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL } });

export class RemoteCore implements Core {
  readonly dataDir: string;
  /** The core process's pid as it reported it (Electron: the utility process). */
  readonly pid: number;
  private nextId = 1;
  private readonly calls = new Map<number, (r: CallResult<unknown>) => void>();
  private readonly files = new Map<number, (f: StoredFile | null) => void>();
  private readonly listeners = new Set<EventListener>();
  private readonly exitListeners = new Set<(code: number | null, expected: boolean) => void>();
  private exited = false;
  private closing = false;
  private readonly gone: Promise<void>;

  private constructor(
    private readonly port: CorePort,
    ready: { dataDir: string; pid: number },
    gone: Promise<number | null>,
  ) {
    this.dataDir = ready.dataDir;
    this.pid = ready.pid;
    port.onMessage((m) => this.receive(m));
    this.gone = gone.then((code) => this.onGone(code));
  }

  /**
   * Sends the options to a freshly started core process and resolves once it has opened the store.
   * Rejects (after asking the process to exit) when the core cannot start or the process dies first.
   */
  static start(port: CorePort, options: RemoteCoreOptions, secretCodec?: import('../sync/secret-vault').SecretCodec): Promise<RemoteCore> {
    if (secretCodec) {
      // The core asks the host to encrypt or decrypt its sync secret (Electron safeStorage).
      port.onMessage((m) => {
        if (m.type !== 'secret') return;
        void (m.op === 'encrypt' ? secretCodec.encrypt(m.data).then((b) => b.toString('base64')) : secretCodec.decrypt(Buffer.from(m.data, 'base64'))).then(
          (data) => port.postMessage({ type: 'secretResult', id: m.id, ok: true, data }),
          (err: unknown) => port.postMessage({ type: 'secretResult', id: m.id, ok: false, data: err instanceof Error ? err.message : String(err) }),
        );
      });
      options = { ...options, secretBridge: true };
    }
    return new Promise<RemoteCore>((resolve, reject) => {
      let settled = false;
      let exitCode: (code: number | null) => void = () => {};
      const gone = new Promise<number | null>((r) => (exitCode = r));
      port.onExit((code) => {
        exitCode(code);
        if (!settled) {
          settled = true;
          reject(new Error(`Tiến trình lõi đã thoát khi khởi động (mã ${String(code)}).`));
        }
      });
      port.onMessage((m) => {
        if (settled) return;
        if (m.type === 'ready') {
          settled = true;
          resolve(new RemoteCore(port, m, gone));
        } else if (m.type === 'failed') {
          settled = true;
          port.postMessage({ type: 'close', id: 0 });
          reject(new Error(m.message));
        }
      });
      port.postMessage({ type: 'init', options });
    });
  }

  dispatch(method: string, input: unknown, caller: Caller): Promise<CallResult<unknown>> {
    if (this.exited || this.closing) return Promise.resolve(internal());
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.calls.set(id, resolve);
      this.send({ type: 'call', id, method, input, caller }, () => resolve(internal()), id, this.calls);
    });
  }

  resolveFile(kind: FileKind, fileId: string, caller: Caller): Promise<StoredFile | null> {
    if (this.exited || this.closing) return Promise.resolve(null);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.files.set(id, resolve);
      this.send({ type: 'resolveFile', id, kind, fileId, caller }, () => resolve(null), id, this.files);
    });
  }

  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Called once when the core process is gone; `expected` is false for a crash or kill (anything
   * but `close()`). This is where a host restarts its core if it wants to.
   */
  onExit(listener: (code: number | null, expected: boolean) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  get running(): boolean {
    return !this.exited;
  }

  /** Lets the core finish its writes and stop its OCR workers; resolves when the process is gone. */
  async close(): Promise<void> {
    if (!this.exited && !this.closing) {
      this.closing = true;
      const id = this.nextId++;
      // Calls already sent are still answered: the core waits for them before closing.
      this.send({ type: 'close', id }, () => {}, id, new Map());
    }
    await this.gone;
  }

  private send(message: Parameters<CorePort['postMessage']>[0], failed: () => void, id: number, pending: Map<number, unknown>): void {
    try {
      this.port.postMessage(message);
    } catch {
      // E.g. input that cannot be cloned: this call fails, the core is fine.
      pending.delete(id);
      failed();
    }
  }

  private receive(m: FromCore): void {
    switch (m.type) {
      case 'result': {
        const resolve = this.calls.get(m.id);
        this.calls.delete(m.id);
        resolve?.(m.result);
        return;
      }
      case 'file': {
        const resolve = this.files.get(m.id);
        this.files.delete(m.id);
        resolve?.(m.file);
        return;
      }
      case 'event': {
        for (const l of this.listeners) {
          try {
            l(m.event, m.payload as EventPayload<EventName>);
          } catch {
            // A failing host listener (destroyed window) must not stop the others.
          }
        }
        return;
      }
      default:
        return;
    }
  }

  private onGone(code: number | null): void {
    if (this.exited) return;
    this.exited = true;
    for (const resolve of this.calls.values()) resolve(internal());
    for (const resolve of this.files.values()) resolve(null);
    this.calls.clear();
    this.files.clear();
    for (const l of this.exitListeners) {
      try {
        l(code, this.closing);
      } catch {
        // Listeners are the host's; one failing does not stop the others.
      }
    }
  }
}

/**
 * Starts dist/main/core-process.cjs (or another build of core-process.ts) as a plain Node child and
 * connects to it. The Electron host uses utilityProcess.fork instead (no Node binary, and the
 * runAsNode fuse is off in the packaged app); tests and any Node host can use this.
 */
export async function forkCore(modulePath: string, options: RemoteCoreOptions, env: NodeJS.ProcessEnv = process.env): Promise<{ core: RemoteCore; child: ChildProcess }> {
  const child = fork(modulePath, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env });
  try {
    return { core: await RemoteCore.start(childProcessPort(child), options), child };
  } catch (err) {
    child.kill();
    throw err;
  }
}
