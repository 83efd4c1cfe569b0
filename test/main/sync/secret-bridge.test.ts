// The sync secret never sits in plain text where the host can encrypt it: the core asks the host
// (Electron safeStorage) over the core channel; without a codec the plain-file fallback is 0600.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CoreChannel, CorePort, ToCore } from '../../../main/core/core-channel';
import { serveCore } from '../../../main/core/core-server';
import { createCore } from '../../../main/core/create-core';
import { RemoteCore } from '../../../main/core/remote-core';
import type { CoreOptions } from '../../../main/core/types';
import { secretVault, type SecretCodec } from '../../../main/sync/secret-vault';
import { TEST_POLICY } from '../../helpers/core';
import { tempDir } from '../../helpers/temp';

function pair() {
  const toCore = new EventEmitter();
  const toHost = new EventEmitter();
  const exit = new EventEmitter();
  const port: CorePort = {
    postMessage: (m) => setImmediate(() => toCore.emit('m', structuredClone(m))),
    onMessage: (l) => toHost.on('m', l),
    onExit: (l) => exit.once('exit', l),
  };
  const channel: CoreChannel = {
    postMessage: (m, sent) => setImmediate(() => (toHost.emit('m', structuredClone(m)), sent?.())),
    onMessage: (l) => toCore.on('m', (m: ToCore) => l(m)),
    onDisconnect: () => {},
  };
  return { port, channel, exit: (code: number) => exit.emit('exit', code) };
}

/** Stands in for safeStorage: a reversible scrambling only the host knows. */
const hostCodec: SecretCodec = {
  encrypt: async (plain) => Buffer.from(`enc:${Buffer.from(plain).toString('hex')}`),
  decrypt: async (data) => {
    const text = data.toString();
    if (!text.startsWith('enc:')) throw new Error('không giải mã được');
    return Buffer.from(text.slice(4), 'hex').toString();
  },
};

describe('sync secret storage', () => {
  it('the core encrypts through the host over the core channel; the file holds no plain secret', async () => {
    const { port, channel, exit } = pair();
    let given: CoreOptions | null = null;
    serveCore(channel, { create: async (o) => createCore((given = o)), exit, log: () => {} });
    const dataDir = tempDir();
    const remote = await RemoteCore.start(port, { dataDir, host: 'test', policy: TEST_POLICY, idleLockMinutes: 0, syncIntervalMs: 0 }, hostCodec);
    const codec = given!.secretCodec!;
    expect(codec).toBeDefined();
    const vault = secretVault(dataDir, codec);
    expect(vault.protection).toBe('encrypted');
    await vault.save('bi-mat-cua-may-quay-1');
    const stored = fs.readFileSync(path.join(dataDir, 'sync-secret.enc'));
    expect(stored.toString()).not.toContain('bi-mat-cua-may-quay-1');
    expect(await hostCodec.decrypt(stored)).toBe('bi-mat-cua-may-quay-1');
    expect(await vault.load()).toBe('bi-mat-cua-may-quay-1');
    // A file the host cannot decrypt is an error the client turns into "đăng ký lại".
    fs.writeFileSync(path.join(dataDir, 'sync-secret.enc'), 'rác');
    await expect(vault.load()).rejects.toThrow('không giải mã được');
    await remote.close();
  });

  it('without a codec: the plain-file fallback, readable by this user only', async () => {
    const dir = tempDir();
    const vault = secretVault(dir);
    expect(vault.protection).toBe('plain-file');
    expect(await vault.load()).toBeNull();
    await vault.save('bi-mat');
    expect(await vault.load()).toBe('bi-mat');
    if (process.platform !== 'win32') expect(fs.statSync(path.join(dir, 'sync-secret.txt')).mode & 0o777).toBe(0o600);
    await vault.clear();
    expect(await vault.load()).toBeNull();
  });
});
