// Idempotent requests (issue 15): a creating call carries the client's request id, and a retry with
// that id — after a cut-off answer, a double click, a second tab — gets the first answer back
// instead of a second dossier or a second upload.
//
// A synchronous handler runs in ONE transaction with the insert of its answer into request_log, so a
// crash can never leave the write without its record, or the record without the write (better-sqlite3
// nests the handler's own transactions as savepoints). An asynchronous handler (an upload or a scan
// answers with a job id) is recorded when it answers; a duplicate that arrives meanwhile waits for
// the first call and gets its answer, so a double submit makes one job.
import crypto from 'node:crypto';
import { AppError } from '../../shared/contract/errors';
import type { AppContext, ServiceContext } from '../services/context';

/** How long an answer is kept for retries. */
export const REQUEST_LOG_DAYS = 7;

interface InFlight {
  method: string;
  inputHash: string;
  officerId: string | null;
  answer: Promise<unknown>;
}

const isThenable = (v: unknown): v is PromiseLike<unknown> => typeof (v as { then?: unknown } | null)?.then === 'function';

/**
 * A stable SHA-256 of a parsed input (object keys in sorted order), fed piece by piece so a batch of
 * uploads is not copied into one more big string.
 */
export function inputHash(value: unknown): string {
  const h = crypto.createHash('sha256');
  const walk = (v: unknown): void => {
    if (v === undefined) h.update('u');
    else if (v === null || typeof v !== 'object') {
      h.update(typeof v === 'string' ? `s${v.length}:` : 'j');
      h.update(typeof v === 'string' ? v : JSON.stringify(v));
    } else if (Array.isArray(v)) {
      h.update(`[${v.length}`);
      v.forEach(walk);
      h.update(']');
    } else {
      const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      h.update(`{${entries.length}`);
      for (const [k, x] of entries) {
        h.update(`k${k.length}:${k}`);
        walk(x);
      }
      h.update('}');
    }
  };
  walk(value);
  return h.digest('hex');
}

function reused(requestId: string): AppError {
  return new AppError(
    'CONFLICT',
    `Mã yêu cầu ${requestId} đã được dùng cho một thao tác khác (dữ liệu gửi lên khác lần đầu). Hãy thực hiện lại thao tác từ đầu.`,
    { requestId },
  );
}

export function createIdempotency(app: AppContext) {
  const inFlight = new Map<string, InFlight>();

  /** Forgets answers older than REQUEST_LOG_DAYS (called at start); never stops the start. */
  function prune(): number {
    try {
      const before = new Date(app.now().getTime() - REQUEST_LOG_DAYS * 86_400_000).toISOString();
      return app.store.tx(() => app.store.requests.prune(before));
    } catch {
      return 0;
    }
  }

  /**
   * Runs `exec` once per request id. `finish` turns the handler's answer into what is sent (and
   * stored); `replay` turns a stored answer back into it.
   */
  async function run(
    method: string,
    requestId: string,
    input: unknown,
    ctx: ServiceContext,
    exec: () => unknown,
    finish: (output: unknown) => unknown,
    replay: (stored: unknown) => unknown,
  ): Promise<unknown> {
    const hash = inputHash(input);
    const officerId = ctx.session?.officer.id ?? null;
    const same = (e: { method: string; inputHash: string; officerId: string | null }) => e.method === method && e.inputHash === hash && e.officerId === officerId;

    const running = inFlight.get(requestId);
    if (running) {
      if (!same(running)) throw reused(requestId);
      return running.answer;
    }
    const logged = app.store.requests.get(requestId);
    if (logged) {
      if (!same(logged)) throw reused(requestId);
      return replay(JSON.parse(logged.responseJson));
    }

    const record = (output: unknown) =>
      app.store.requests.insert({ requestId, officerId, method, inputHash: hash, responseJson: JSON.stringify(output), at: app.now().toISOString() });
    const answer = (async () => {
      let later: PromiseLike<unknown> | undefined;
      const now = app.store.tx(() => {
        const out = exec();
        if (isThenable(out)) {
          // An asynchronous handler: what it wrote before its first await commits with this
          // transaction; its answer is recorded when it comes.
          later = out;
          return undefined;
        }
        const sent = finish(out);
        record(sent);
        return sent;
      });
      if (!later) return now;
      const sent = finish(await later);
      app.store.tx(() => record(sent));
      return sent;
    })();
    inFlight.set(requestId, { method, inputHash: hash, officerId, answer });
    try {
      return await answer;
    } finally {
      inFlight.delete(requestId);
    }
  }

  return { run, prune };
}
