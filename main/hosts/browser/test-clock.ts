// A clock for end-to-end tests only: enabled solely by MOTCUA_TEST_CLOCK_FILE (never set in use). The
// file holds an ISO instant and the host's clock stands still at it (so times a test checks are
// exact); a test moves the desk to "Friday before Tết" and on by rewriting the file.
import fs from 'node:fs';

export const TEST_CLOCK_ENV = 'MOTCUA_TEST_CLOCK_FILE';
/** Tests only: the background sync interval in ms (0: no background pass; the spec drives each pass). */
export const TEST_SYNC_INTERVAL_ENV = 'MOTCUA_TEST_SYNC_INTERVAL_MS';

export function testClockFromEnv(env: NodeJS.ProcessEnv): (() => Date) | null {
  const file = env[TEST_CLOCK_ENV];
  if (!file) return null;
  let cached: { mtimeMs: number; base: number } | null = null;
  return () => {
    const st = fs.statSync(file);
    if (!cached || cached.mtimeMs !== st.mtimeMs) {
      const base = Date.parse(fs.readFileSync(file, 'utf8').trim());
      if (Number.isNaN(base)) throw new Error(`${TEST_CLOCK_ENV}: thời điểm không hợp lệ trong ${file}.`);
      cached = { mtimeMs: st.mtimeMs, base };
    }
    return new Date(cached.base);
  };
}
