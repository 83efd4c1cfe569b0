import { describe, expect, it } from 'vitest';
import { FileSource } from '../../../main/capture/sources/files';

describe('FileSource', () => {
  it('yields the given files in order and stops on abort', async () => {
    const src = new FileSource();
    const files = [{ name: 'a.jpg', data: Buffer.from('a') }, { name: 'b.pdf', data: Buffer.from('b') }];
    const got: string[] = [];
    for await (const f of src.capture(files)) got.push(f.name);
    expect(got).toEqual(['a.jpg', 'b.pdf']);
    const ac = new AbortController();
    ac.abort();
    const none: string[] = [];
    for await (const f of src.capture(files, ac.signal)) none.push(f.name);
    expect(none).toEqual([]);
    expect(src.kind).toBe('file');
  });
});
