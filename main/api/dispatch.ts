// The single entry point every host calls, with the caller the host vouches for (its window, tab or
// CLI run). It parses the input against the contract, then enforces, in this one place, what the
// contract says of the method: signed in (unless public), desk not locked (unless allowed while
// locked), role allowed. It runs the handler with a context made for this call — the caller's
// session, never a shared "current officer" — and parses the output before it leaves, so a bug in
// the core cannot send the renderer something the contract does not allow.
import type { z } from 'zod';
import { api, isMethodName, type Api, type CallResult, type DamagedRecord, type MethodName, type MethodParsedInput } from '../../shared/contract/api';
import { AppError, toErrorPayload } from '../../shared/contract/errors';
import { callContext, type AppContext, type ServiceContext } from '../services/context';
import type { Caller } from '../core/sessions';
import { createIdempotency } from './idempotency';
import { parseOutput } from './output';

/** What a handler answers: the output before its schema fills defaults (the dispatcher parses it). */
type HandlerOutput<M extends MethodName> = z.input<Api[M]['output']>;
export type Handlers = {
  [M in MethodName]: (input: MethodParsedInput<M>, ctx: ServiceContext) => HandlerOutput<M> | Promise<HandlerOutput<M>>;
};

export interface DispatchOptions {
  onInternalError(method: string, err: unknown): void;
  /** Stored records left out of a list because they fail their schema (each told once). */
  onDamagedRecords?(method: string, damaged: DamagedRecord[]): void;
}

/** The access rule for one call, applied before the handler: throws UNAUTHORIZED, LOCKED or FORBIDDEN. */
export function authorize(app: AppContext, method: MethodName, ctx: ServiceContext): void {
  const spec = api[method];
  if (spec.public) return;
  const s = ctx.session;
  if (!s) throw new AppError('UNAUTHORIZED');
  if (app.sessions.checkIdle(s) && !spec.whileLocked) throw new AppError('LOCKED');
  if (!spec.roles.includes(s.officer.role)) throw new AppError('FORBIDDEN');
  if (!spec.passive) app.sessions.touch(s);
}

export function createDispatcher(app: AppContext, handlers: Handlers, opts: DispatchOptions) {
  // Creating calls with a request id answer a retry with their first answer (request_log).
  const idempotency = createIdempotency(app);
  idempotency.prune();
  const told = new Set<string>();
  const damagedRecords = (method: string) => (damaged: DamagedRecord[]) => {
    const fresh = damaged.filter((d) => !told.has(`${method}:${d.id}`));
    if (!fresh.length) return;
    for (const d of fresh) told.add(`${method}:${d.id}`);
    if (opts.onDamagedRecords) opts.onDamagedRecords(method, fresh);
    else for (const d of fresh) console.warn(`[motcua] ${method}: ${d.message}`);
  };
  return async function dispatch(method: string, rawInput: unknown, caller: Caller): Promise<CallResult<unknown>> {
    try {
      if (!isMethodName(method)) throw new AppError('UNKNOWN_METHOD');
      if (!caller || typeof caller.sessionId !== 'string' || !caller.sessionId) throw new AppError('UNAUTHORIZED');
      const spec = api[method];
      const ctx = callContext(app, caller.sessionId);
      authorize(app, method, ctx);
      const input = spec.input.parse(rawInput ?? {});
      const handler = handlers[method] as (i: unknown, c: ServiceContext) => unknown;
      const send = (output: unknown) => parseOutput(method, spec.output, output, damagedRecords(method));
      const { requestId, ...rest } = input as { requestId?: unknown };
      if (spec.idempotent && typeof requestId === 'string') {
        return { ok: true, result: await idempotency.run(method, requestId, rest, ctx, () => handler(rest, ctx), send, send) };
      }
      return { ok: true, result: send(await handler(input, ctx)) };
    } catch (err) {
      const payload = toErrorPayload(err);
      if (payload.code === 'INTERNAL') opts.onInternalError(method, err);
      return { ok: false, error: payload };
    }
  };
}
