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

  it('ends after the program exits even when a process it left behind holds its output open', async () => {
    if (process.platform === 'win32') return void console.log('[skip] needs sh');
    const t0 = Date.now();
    // The background sleep inherits stdout and stderr and keeps them open for 30 s.
    const child = spawnLines('sh', ['-c', 'echo trang-1; sleep 30 & exit 3']);
    const lines: string[] = [];
    for await (const l of child.lines) lines.push(l);
    const res = await child.result;
    expect(lines).toEqual(['trang-1']);
    expect(res.code).toBe(3);
    expect(Date.now() - t0).toBeLessThan(10_000);
  }, 20_000);

  it('kills a program that said it was done but hangs instead of exiting, and says so', async () => {
    if (process.platform === 'win32') return void console.log('[skip] needs sh');
    const t0 = Date.now();
    // As scanimage does when its backend hangs while closing: last word on stderr, then no exit
    // (and deaf to SIGTERM, which scanimage turns into a cancel that hangs too).
    const child = spawnLines('sh', ['-c', "trap '' TERM; echo trang-1; echo 'Batch terminated, 1 page scanned' >&2; sleep 30"], { doneOnStderr: /^Batch terminated/m, doneGraceMs: 500 });
    const lines: string[] = [];
    for await (const l of child.lines) lines.push(l);
    const res = await child.result;
    expect(lines).toEqual(['trang-1']);
    expect(res).toMatchObject({ stuckAfterDone: true, killed: false, timedOut: false });
    expect(res.stderr).toMatch(/Batch terminated/);
    expect(Date.now() - t0).toBeLessThan(10_000);
  }, 20_000);

  it('leaves a program alone that exits soon after saying it was done', async () => {
    const child = spawnLines(process.execPath, ['-e', 'console.error("Batch terminated, 2 pages scanned"); setTimeout(() => process.exit(0), 100)'], { doneOnStderr: /^Batch terminated/m, doneGraceMs: 2000 });
    for await (const _ of child.lines) void _;
    expect(await child.result).toMatchObject({ code: 0, stuckAfterDone: false });
  });
});
