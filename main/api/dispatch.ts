// The single entry point every host calls. It parses the input against the contract, enforces
// sign-in for non-public methods, runs the handler and parses the output before it leaves, so a
// bug in the core cannot send the renderer something the contract does not allow.
import { api, isMethodName, type CallResult, type MethodName, type MethodOutput, type MethodParsedInput } from '../../shared/contract/api';
import { AppError, toErrorPayload } from '../../shared/contract/errors';

export type Handlers = {
  [M in MethodName]: (input: MethodParsedInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>>;
};

export interface DispatchOptions {
  isSignedIn(): boolean;
  onInternalError(method: string, err: unknown): void;
}

export function createDispatcher(handlers: Handlers, opts: DispatchOptions) {
  return async function dispatch(method: string, rawInput: unknown): Promise<CallResult<unknown>> {
    try {
      if (!isMethodName(method)) throw new AppError('UNKNOWN_METHOD');
      const spec = api[method];
      if (!spec.public && !opts.isSignedIn()) throw new AppError('UNAUTHORIZED');
      const input = spec.input.parse(rawInput ?? {});
      const handler = handlers[method] as (i: unknown) => unknown;
      const output = await handler(input);
      return { ok: true, result: spec.output.parse(output) };
    } catch (err) {
      const payload = toErrorPayload(err);
      if (payload.code === 'INTERNAL') opts.onInternalError(method, err);
      return { ok: false, error: payload };
    }
  };
}
