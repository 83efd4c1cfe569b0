// The core's side of a core process: creates the Core from the host's first message and serves it
// over a CoreChannel (see core-channel.ts). main/core/core-process.ts runs it as a process entry;
// tests also run it in-process over an in-memory channel.
import type { CallResult } from '../../shared/contract/api';
import { ERROR_MESSAGES } from '../../shared/contract/errors';
import type { CoreChannel, ToCore } from './core-channel';
import type { Core, CoreOptions } from './types';

const INTERNAL: CallResult<unknown> = { ok: false, error: { code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL } };

export interface ServeCoreOptions {
  create(options: CoreOptions): Promise<Core>;
  /** Ends the process once the core is closed (process.exit in core-process.ts). */
  exit(code: number): void;
  log?(message: string, err?: unknown): void;
}

export function serveCore(channel: CoreChannel, opts: ServeCoreOptions): void {
  const log = opts.log ?? ((message, err) => console.error(`[motcua:core] ${message}`, err ?? ''));
  let core: Promise<Core> | null = null;
  let closing: Promise<void> | null = null;
  const inFlight = new Set<Promise<unknown>>();
  // The host's encryption of the sync secret (RemoteCoreOptions.secretBridge): asked over the channel.
  let nextSecret = 1;
  const secrets = new Map<number, (r: { ok: boolean; data: string }) => void>();
  const askHost = (op: 'encrypt' | 'decrypt', data: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const id = nextSecret++;
      secrets.set(id, (r) => (r.ok ? resolve(r.data) : reject(new Error(r.data))));
      channel.postMessage({ type: 'secret', id, op, data });
    });
  const secretCodec = {
    encrypt: async (plain: string) => Buffer.from(await askHost('encrypt', plain), 'base64'),
    decrypt: (data: Buffer) => askHost('decrypt', data.toString('base64')),
  };

  const closeCore = (): Promise<void> => {
    closing ??= (async () => {
      if (!core) return;
      await Promise.allSettled([...inFlight]);
      try {
        await (await core).close();
      } catch (err) {
        log('close failed', err);
      }
    })();
    return closing;
  };

  async function handle(message: ToCore): Promise<void> {
    switch (message.type) {
      case 'init': {
        if (core) return; // one core per process
        const { secretBridge, ...options } = message.options;
        core = opts.create(secretBridge ? { ...options, secretCodec } : options);
        try {
          const c = await core;
          c.onEvent((event, payload) => channel.postMessage({ type: 'event', event, payload }));
          channel.postMessage({ type: 'ready', dataDir: c.dataDir, pid: process.pid });
        } catch (err) {
          log('start failed', err);
          // The host answers with 'close' (or goes away); nothing else is served.
          channel.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
        }
        return;
      }
      case 'call': {
        let result: CallResult<unknown>;
        try {
          if (!core || closing) throw new Error('core not running');
          const running = (await core).dispatch(message.method, message.input, message.caller);
          inFlight.add(running);
          try {
            result = await running;
          } finally {
            inFlight.delete(running);
          }
        } catch (err) {
          log(`${message.method} failed`, err);
          result = INTERNAL;
        }
        channel.postMessage({ type: 'result', id: message.id, result });
        return;
      }
      case 'resolveFile': {
        let file = null;
        try {
          if (core && !closing) file = await (await core).resolveFile(message.kind, message.fileId, message.caller);
        } catch (err) {
          log('resolveFile failed', err);
        }
        channel.postMessage({ type: 'file', id: message.id, file });
        return;
      }
      case 'secretResult': {
        const done = secrets.get(message.id);
        secrets.delete(message.id);
        done?.(message);
        return;
      }
      case 'close': {
        await closeCore();
        channel.postMessage({ type: 'closed', id: message.id }, () => opts.exit(0));
        return;
      }
    }
  }

  channel.onMessage((message) => {
    void handle(message).catch((err: unknown) => log('message failed', err));
  });
  // The host is gone (Node parent died): finish writes and stop the OCR workers, then leave.
  channel.onDisconnect(() => {
    void closeCore().finally(() => opts.exit(0));
  });
}
