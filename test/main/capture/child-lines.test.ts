import { describe, expect, it } from 'vitest';
import { spawnLines } from '../../../main/capture/sources/child-lines';

describe('spawnLines', () => {
  it('hands over every line of a program that printed and exited before anyone asked', async () => {
    const child = spawnLines(process.execPath, ['-e', 'console.log("trang-1"); console.log("trang-2"); process.exit(8)']);
    // Let the program finish and its stdout close before reading a single line.
    const res = await child.result;
    expect(res.code).toBe(8);
    await new Promise((r) => setTimeout(r, 50));
    const lines: string[] = [];
    for await (const l of child.lines) lines.push(l);
    expect(lines).toEqual(['trang-1', 'trang-2']);
  });
});
