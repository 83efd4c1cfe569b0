// Content-addressed storage for page images and PDFs. The id is the SHA-256 of the bytes, so the
// same scan imported twice is stored once, and a file can be verified against its name at any time.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/contract/errors';
import { writeFileAtomic, type AtomicFs } from '../fs/atomic';

export interface BlobRef {
  /** SHA-256 of the content, lowercase hex. */
  id: string;
  ext: string;
  size: number;
  /** Absolute path of the stored file. */
  path: string;
}

const ID_RE = /^[0-9a-f]{64}$/;
const EXT_RE = /^[a-z0-9]{1,10}$/;

export function sha256Hex(data: Buffer | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Throws unless `id` is a SHA-256 hex string: ids come from the database or the renderer and
 *  end up in file paths, so anything else (e.g. "../../x") must never reach the file system. */
export function assertBlobId(id: string): void {
  if (typeof id !== 'string' || !ID_RE.test(id)) throw new AppError('BAD_REQUEST', 'Mã tệp lưu trữ không hợp lệ.');
}

export function normalizeExt(ext: string): string {
  const e = String(ext ?? '').replace(/^\./, '').toLowerCase();
  if (!EXT_RE.test(e)) throw new AppError('BAD_REQUEST', 'Phần mở rộng tệp không hợp lệ.');
  return e;
}

export class BlobStore {
  readonly root: string;
  private readonly fsImpl?: AtomicFs;

  constructor(root: string, options: { fs?: AtomicFs } = {}) {
    this.root = path.resolve(root);
    this.fsImpl = options.fs;
  }

  /** Stores the bytes (no-op when already present) and returns their address. */
  async put(data: Buffer | Uint8Array, ext: string): Promise<BlobRef> {
    const e = normalizeExt(ext);
    const id = sha256Hex(data);
    const p = this.pathOf(id, e);
    const existing = await statSize(p);
    // A present file of the right size is the same content (the name is its hash). A wrong size
    // means an earlier damaged write (e.g. disk trouble outside our atomic path): rewrite it.
    if (existing !== data.byteLength) await writeFileAtomic(p, data, { fs: this.fsImpl });
    return { id, ext: e, size: data.byteLength, path: p };
  }

  /** Sharded path `<root>/ab/cd/<sha>.<ext>` keeps folders small on FAT/NTFS and SMB shares. */
  pathOf(id: string, ext: string): string {
    assertBlobId(id);
    const e = normalizeExt(ext);
    return path.join(this.root, id.slice(0, 2), id.slice(2, 4), `${id}.${e}`);
  }

  async has(id: string, ext: string): Promise<boolean> {
    return (await statSize(this.pathOf(id, ext))) !== null;
  }

  async read(id: string, ext: string): Promise<Buffer> {
    const p = this.pathOf(id, ext);
    try {
      return await fs.readFile(p);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('NOT_FOUND', 'Không tìm thấy tệp trong kho lưu trữ.', { id, ext });
      throw err;
    }
  }

  /** Re-hashes the stored file: true when it is intact. */
  async verify(id: string, ext: string): Promise<boolean> {
    try {
      return sha256Hex(await this.read(id, ext)) === id;
    } catch {
      return false;
    }
  }
}

async function statSize(p: string): Promise<number | null> {
  try {
    const st = await fs.stat(p);
    return st.isFile() ? st.size : null;
  } catch {
    return null;
  }
}
