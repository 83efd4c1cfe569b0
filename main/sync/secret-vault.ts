// Where the desk keeps the secret the receiver gave at enrollment (docs/sync-protocol.md): never in
// the SQLite store. With a codec from the host (Electron safeStorage: DPAPI on Windows, Keychain on
// macOS, libsecret on Linux) the file holds only ciphertext. Without one (browser host, CLI) the
// PLAIN-FILE FALLBACK keeps the secret as text in a file readable by this OS user only (mode 0600):
// anyone who can read this user's files can act as this desk until IT revokes it.
import fs from 'node:fs';
import path from 'node:path';

/** Encrypts with a key the OS holds for this user (Electron safeStorage through the host). */
export interface SecretCodec {
  encrypt(plain: string): Promise<Buffer>;
  decrypt(data: Buffer): Promise<string>;
}

export interface SecretVault {
  /** 'encrypted' with a codec; 'plain-file' is the fallback (shown on the Đồng bộ screen). */
  readonly protection: 'encrypted' | 'plain-file';
  load(): Promise<string | null>;
  save(secret: string): Promise<void>;
  clear(): Promise<void>;
}

function write(file: string, data: Buffer | string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

function read(file: string): Buffer | null {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export function secretVault(dataDir: string, codec?: SecretCodec): SecretVault {
  if (codec) {
    const file = path.join(dataDir, 'sync-secret.enc');
    return {
      protection: 'encrypted',
      async load() {
        const b = read(file);
        return b ? codec.decrypt(b) : null;
      },
      async save(secret) {
        write(file, await codec.encrypt(secret));
      },
      async clear() {
        fs.rmSync(file, { force: true });
      },
    };
  }
  // PLAIN-FILE FALLBACK (browser host, CLI): see the note at the top of this file.
  const file = path.join(dataDir, 'sync-secret.txt');
  return {
    protection: 'plain-file',
    async load() {
      const b = read(file);
      return b ? b.toString('utf8').trim() || null : null;
    },
    async save(secret) {
      write(file, secret);
    },
    async clear() {
      fs.rmSync(file, { force: true });
    },
  };
}
