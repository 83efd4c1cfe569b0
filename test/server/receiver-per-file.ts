// A receiver on its own throwaway PostgreSQL database for one Vitest file. Kept apart from helpers.ts,
// which Playwright specs and benches import too (they must not load Vitest).
import { afterAll, beforeAll } from 'vitest';
import { startReceiver, throwawayDatabase, type Receiver } from './helpers';

/**
 * A receiver on its own throwaway database for the test file (started in beforeAll, closed and the
 * database dropped in afterAll); `set` hands it to the file's tests.
 */
export function receiverForFile(set: (r: Receiver) => void, opts: Parameters<typeof startReceiver>[1] = {}): void {
  let r: Receiver | undefined;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const d = await throwawayDatabase();
    drop = d.drop;
    r = await startReceiver(d.url, opts);
    set(r);
  });
  afterAll(async () => {
    await r?.close();
    await drop?.();
  });
}

