import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobStore } from '../../../main/storage/blob-store';

let root: string;
let store: BlobStore;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'motcua-blobs-'));
  store = new BlobStore(root);
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('BlobStore', () => {
  it('stores by SHA-256 in sharded folders', async () => {
    const data = Buffer.from('trang 1 của hồ sơ');
    const sha = createHash('sha256').update(data).digest('hex');
    const ref = await store.put(data, '.PNG');
    expect(ref).toEqual({ id: sha, ext: 'png', size: data.length, path: path.join(root, sha.slice(0, 2), sha.slice(2, 4), `${sha}.png`) });
    expect(await store.has(sha, 'png')).toBe(true);
    expect(await store.has(sha, 'jpg')).toBe(false);
    expect((await store.read(sha, 'png')).equals(data)).toBe(true);
    expect(await store.verify(sha, 'png')).toBe(true);
  });

  it('is idempotent, also under concurrent puts', async () => {
    const data = Buffer.alloc(200_000, 7);
    const refs = await Promise.all(Array.from({ length: 8 }, () => store.put(data, 'jpg')));
    expect(new Set(refs.map((r) => r.path)).size).toBe(1);
    const st1 = await fs.stat(refs[0]!.path);
    await store.put(data, 'jpg');
    const st2 = await fs.stat(refs[0]!.path);
    expect(st2.mtimeMs).toBe(st1.mtimeMs); // not rewritten
    const files = await fs.readdir(path.dirname(refs[0]!.path));
    expect(files).toEqual([path.basename(refs[0]!.path)]); // no temp files left
  });

  it('rewrites a damaged copy of the right name', async () => {
    const data = Buffer.from('nội dung đúng');
    const ref = await store.put(data, 'txt');
    await fs.writeFile(ref.path, 'hỏng');
    expect(await store.verify(ref.id, 'txt')).toBe(false);
    await store.put(data, 'txt');
    expect(await store.verify(ref.id, 'txt')).toBe(true);
  });

  it('rejects ids and extensions that could escape the root', async () => {
    const bad = ['../../etc/passwd', '..', 'a'.repeat(63), 'A'.repeat(64), `${'a'.repeat(62)}/..`, `${'a'.repeat(64)}\u0000`];
    for (const id of bad) {
      expect(() => store.pathOf(id, 'png')).toThrow(/không hợp lệ/);
      await expect(store.read(id, 'png')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(store.has(id, 'png')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    const ok = 'a'.repeat(64);
    for (const ext of ['../x', 'png/../../a', '', 'p n g', 'x'.repeat(11)]) expect(() => store.pathOf(ok, ext)).toThrow();
    await expect(store.read(ok, 'png')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
