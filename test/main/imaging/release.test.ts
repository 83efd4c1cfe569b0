import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { release } from '../../../main/imaging/release';

describe('release', () => {
  it('frees a whole large buffer at once: its views read as empty', () => {
    const a = new Uint8Array(1 << 20).fill(7);
    const alias = new Uint8Array(a.buffer);
    release(a);
    expect(a.length).toBe(0);
    expect(alias.length).toBe(0);
    expect(() => release(a)).not.toThrow(); // twice is harmless
  });

  it("frees sharp's output buffers", async () => {
    const out = await sharp({ create: { width: 400, height: 400, channels: 3, background: '#ffffff' } }).raw().toBuffer();
    expect(out.length).toBe(480_000);
    release(out);
    expect(out.length).toBe(0);
  });

  it('leaves part-views, small (pooled) buffers and shared memory alone', () => {
    const whole = new Uint8Array(1 << 20);
    const part = whole.subarray(100);
    release(part);
    expect(whole.length).toBe(1 << 20);
    const pooled = Buffer.from('a small buffer shares its slab with others');
    release(pooled);
    expect(pooled.toString()).toBe('a small buffer shares its slab with others');
    const small = new Uint8Array(1000);
    release(small);
    expect(small.length).toBe(1000);
    const shared = new Uint8Array(new SharedArrayBuffer(1 << 20));
    release(shared);
    expect(shared.length).toBe(1 << 20);
    release(null, undefined);
  });
});
