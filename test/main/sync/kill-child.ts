// The child process of kill.test.ts: opens a desk data folder and runs sync passes (the real
// SyncClient on the real SQLite store) until nothing is pending, printing one line per step so the
// parent can SIGKILL it at chosen moments. With a `hold` it stops dead at that moment (the parent
// kills it there): before a PUT, half-way through a PUT body, after a PUT was answered, before a
// push leaves, or after a push was answered (the receiver acted, the desk has not recorded it).
// Bundled by esbuild in the test's beforeAll; argv[2] is the JSON of ChildPlan.
import { databasePath, openDatabase } from '../../../main/data/database';
import { Store } from '../../../main/data/store';
import { SyncClient } from '../../../main/sync/client';
import { secretVault } from '../../../main/sync/secret-vault';

export type HoldAt = 'put-before' | 'put-half' | 'put-answered' | 'push-before' | 'push-answered';

export interface ChildPlan {
  dir: string;
  base: string;
  /** The desk's clock (ISO), fixed: the test passes on any day. */
  now: string;
  chunkBytes: number;
  batchSize: number;
  hold: { at: HoldAt; n: number } | null;
}

const plan = JSON.parse(process.argv[2] ?? '{}') as ChildPlan;
const say = (line: string) => process.stdout.write(`${line}\n`); // a pipe: written synchronously on POSIX
const never = () => new Promise<never>(() => setInterval(() => {}, 60_000));
const holding = async (at: HoldAt, n: number) => {
  if (plan.hold?.at === at && plan.hold.n === n) {
    say(`hold ${at} ${n}`);
    await never();
  }
};

let puts = 0;
let pushes = 0;
const spy = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
  const method = init?.method ?? 'GET';
  const url = new URL(String(input));
  if (method === 'PUT') {
    const k = ++puts;
    const body = init!.body as Uint8Array;
    const headers = init!.headers as Record<string, string>;
    say(`put ${k} ${url.pathname.slice(-64, -56)} at ${headers['upload-offset'] ?? '?'} +${body.length}`);
    await holding('put-before', k);
    let res: Response;
    if (plan.hold?.at === 'put-half' && plan.hold.n === k) {
      // Half the body goes out; when the stream is asked for more, the desk stops dead.
      let step = 0;
      const stream = new ReadableStream<Uint8Array>({
        async pull(c) {
          if (step++ === 0) c.enqueue(body.subarray(0, Math.max(1, body.length >> 1)));
          else {
            await new Promise((r) => setTimeout(r, 30)); // let the half reach the receiver
            await holding('put-half', k);
          }
        },
      });
      res = await fetch(input, { ...init, body: stream, duplex: 'half' } as RequestInit);
    } else res = await fetch(input, init);
    const text = await res.text();
    await holding('put-answered', k);
    return new Response(text, { status: res.status, headers: res.headers });
  }
  if (method === 'POST' && url.pathname === '/v1/push') {
    const k = ++pushes;
    say(`push ${k}`);
    await holding('push-before', k);
    const res = await fetch(input, init);
    const text = await res.text();
    say(`pushed ${k} ${res.status}`);
    await holding('push-answered', k);
    return new Response(text, { status: res.status, headers: res.headers });
  }
  return fetch(input, init);
};

const store = new Store(openDatabase(databasePath(plan.dir)));
const client = new SyncClient({
  store,
  filesDir: `${plan.dir}/files`,
  baseUrl: () => plan.base,
  vault: secretVault(plan.dir),
  now: () => new Date(plan.now),
  fetch: spy as typeof fetch,
  sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))),
  maxAttempts: 3,
  backoffMs: 20,
  batchSize: plan.batchSize,
  chunkBytes: plan.chunkBytes,
});
async function main(): Promise<number> {
  say(`ready pending ${store.sync.counts().pending}`);
  for (let pass = 1; pass <= 50; pass++) {
    const r = await client.syncNow();
    say(`pass ${pass} ok ${r.ok} uploaded ${r.uploaded} accepted ${r.accepted} duplicate ${r.duplicate} rejected ${r.rejected} pending ${r.pending}${r.error ? ` error ${r.error.code} ${r.error.message}` : ''}`);
    if (r.ok && r.pending === 0) break;
  }
  const left = store.sync.counts();
  store.db.close();
  say(`done pending ${left.pending} rejected ${left.rejected}`);
  return left.pending === 0 && left.rejected === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    say(`crash ${(err as Error).stack ?? String(err)}`);
    process.exit(2);
  },
);
