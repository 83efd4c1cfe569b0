// Test support for the S3 file store: s3rver (a fake S3 server, in-process, on a free port, its
// objects in a temporary folder) and the stores the file tests run against. Without s3rver the S3
// tests skip and print why; under CI (CI=true) they fail instead.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { S3FileStore, type S3Options, type S3StoreTuning } from '../../server/files/s3-store';
import { DiskFileStore, type FileStore } from '../../server/files/store';

export interface FakeS3 {
  options: S3Options;
  /** Every object name in the bucket. */
  names(): Promise<string[]>;
  close(): Promise<void>;
}

let S3rver: typeof import('s3rver').default | null = null;

/** Whether s3rver loads; null when it does, else why not (printed). Under CI a missing s3rver throws. */
export async function s3rverProblem(): Promise<string | null> {
  try {
    S3rver = (await import('s3rver')).default;
    return null;
  } catch (e) {
    const why = `không nạp được s3rver (máy chủ S3 giả lập, devDependency): ${(e as Error).message}. Chạy npm install.`;
    if (process.env.CI) throw new Error(`CI cần s3rver cho kiểm thử kho tệp S3: ${why}`, { cause: e });
    console.warn(`Bỏ qua kiểm thử kho tệp S3: ${why}`);
    return why;
  }
}

/** s3rver on 127.0.0.1 with one empty bucket (call s3rverProblem() first). */
export async function startFakeS3(bucket = 'motcua'): Promise<FakeS3> {
  if (!S3rver) throw new Error('s3rver chưa được nạp: gọi s3rverProblem() trước.');
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const options: S3Options = { endpoint: `http://127.0.0.1:${port}`, bucket, accessKey: 'S3RVER', secretKey: 'S3RVER', region: 'us-east-1', prefix: 'motcua/files' };
  const probe = new S3FileStore(options);
  return {
    options,
    names: async () => {
      const out: string[] = [];
      for await (const o of probe.client.listObjectsV2(bucket, '', true)) out.push(String((o as { name?: string }).name));
      return out;
    },
    close: async () => {
      server.httpServer?.closeAllConnections();
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A file store under test and what it still holds of a given hash (object names, file paths). */
export interface StoreUnderTest {
  store: FileStore;
  leftovers(sha: string): Promise<string[]>;
  close(): Promise<void>;
}

export interface StoreKind {
  name: string;
  /** null when this kind can run here, else why not (printed). */
  problem(): Promise<string | null>;
  open(tuning?: S3StoreTuning): Promise<StoreUnderTest>;
}

export const diskStore: StoreKind = {
  name: 'disk',
  problem: async () => null,
  open: async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-files-'));
    return {
      store: new DiskFileStore(dir),
      leftovers: async (sha) => fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.includes(sha)),
      close: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  },
};

export const s3Store: StoreKind = {
  name: 'S3',
  problem: s3rverProblem,
  open: async (tuning) => {
    const s3 = await startFakeS3();
    return {
      store: new S3FileStore(s3.options, tuning),
      leftovers: async (sha) => (await s3.names()).filter((n) => n.includes(sha)),
      close: () => s3.close(),
    };
  },
};
