// The file store: content-addressed by SHA-256, uploads resumable. DiskFileStore keeps files under
// one folder (server/files by default): <dir>/<ab>/<sha256> once verified, <dir>/partial/<sha256>
// while an upload is under way. Several receivers may share the folder (a network disk), or keep
// the files in an S3-compatible bucket instead (S3FileStore, server/files/s3-store.ts).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The store cannot be reached now (an S3 service down or misconfigured): 503, the desk retries. */
export class FileStoreUnavailable extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
  }
}

export interface FileStore {
  /** Whether a verified file is stored. */
  has(sha256: string): Promise<boolean>;
  /** Its size in bytes, or null. */
  size(sha256: string): Promise<number | null>;
  /** The stored file's bytes (opened before the answer's headers go out, so a failure can still be told). */
  read(sha256: string): Promise<Readable>;
  /** Bytes held for an unfinished upload (0 when none). */
  partialSize(sha256: string): Promise<number>;
  /**
   * Writes at most `maxBytes` from `body` into the unfinished upload from byte `offset` (the size the
   * caller saw; default: the current size). Whatever arrived before a dropped connection is kept (the
   * next PUT resumes from it). Resolves with the new size; `broken` when the body ended with an
   * error; `tooMuch` when it carried more than `maxBytes` (then the whole unfinished upload is
   * discarded).
   */
  append(sha256: string, body: Readable, maxBytes: number, offset?: number): Promise<{ size: number; broken: boolean; tooMuch: boolean }>;
  /** Checks the unfinished upload's hash: on a match the file becomes stored; otherwise it is deleted. */
  finish(sha256: string): Promise<boolean>;
  discardPartial(sha256: string): Promise<void>;
}

export class DiskFileStore implements FileStore {
  constructor(readonly dir: string) {
    fs.mkdirSync(path.join(dir, 'partial'), { recursive: true });
  }

  private final(sha: string): string {
    return path.join(this.dir, sha.slice(0, 2), sha);
  }

  private partial(sha: string): string {
    return path.join(this.dir, 'partial', sha);
  }

  async has(sha: string): Promise<boolean> {
    return fs.existsSync(this.final(sha));
  }

  async size(sha: string): Promise<number | null> {
    try {
      return (await fs.promises.stat(this.final(sha))).size;
    } catch {
      return null;
    }
  }

  async read(sha: string): Promise<Readable> {
    return fs.createReadStream(this.final(sha));
  }

  async partialSize(sha: string): Promise<number> {
    try {
      return (await fs.promises.stat(this.partial(sha))).size;
    } catch {
      return 0;
    }
  }

  async append(sha: string, body: Readable, maxBytes: number, offset?: number): Promise<{ size: number; broken: boolean; tooMuch: boolean }> {
    const at = offset ?? (await this.partialSize(sha));
    // Written at `at`, never appended (no O_APPEND): two uploads of one file at once (a desk resuming
    // while its dropped connection still delivers, two desks with the same file) write the same bytes
    // at the same places, and a late writer still holding the file after `finish` renamed it cannot
    // grow the verified file. Only an upload from 0 creates the file.
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(this.partial(sha), at === 0 ? fs.constants.O_WRONLY | fs.constants.O_CREAT : fs.constants.O_WRONLY);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      // Finished (or discarded) by another upload since the caller looked: nothing to add.
      body.resume();
      return { size: await this.partialSize(sha), broken: false, tooMuch: false };
    }
    let seen = 0;
    let tooMuch = false;
    const limit = new Transform({
      transform(chunk: Buffer, _enc, done) {
        const room = maxBytes - seen;
        if (chunk.length > room) {
          tooMuch = true;
          done(new Error('too much'));
          return;
        }
        seen += chunk.length;
        done(null, chunk);
      },
    });
    let broken = false;
    try {
      await pipeline(body, limit, fs.createWriteStream(this.partial(sha), { fd: handle, start: at }));
    } catch (e) {
      // A disk error is the receiver's own failure (500), not a dropped connection.
      if ((e as NodeJS.ErrnoException).syscall) throw e;
      broken = !tooMuch;
    }
    // More than announced: a broken client. Nothing of this upload is kept.
    if (tooMuch) await this.discardPartial(sha);
    return { size: await this.partialSize(sha), broken, tooMuch };
  }

  async finish(sha: string): Promise<boolean> {
    const part = this.partial(sha);
    const hash = crypto.createHash('sha256');
    await pipeline(fs.createReadStream(part), hash);
    if (hash.digest('hex') !== sha) {
      await this.discardPartial(sha);
      return false;
    }
    fs.mkdirSync(path.dirname(this.final(sha)), { recursive: true });
    await fs.promises.rename(part, this.final(sha));
    return true;
  }

  async discardPartial(sha: string): Promise<void> {
    await fs.promises.rm(this.partial(sha), { force: true });
  }
}
