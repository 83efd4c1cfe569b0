// The renderer's one door to the core. Inputs are checked before they leave, outputs and event
// payloads are validated with the contract's zod schemas where they enter the renderer, and every
// failure becomes an ApiError carrying a Vietnamese message an officer can act on.
import { z } from 'zod';
import {
  api,
  ErrorPayloadSchema,
  events,
  type EventName,
  type EventPayload,
  type MethodInput,
  type MethodName,
  type MethodOutput,
} from '../../shared/contract/api';
import { describeZodError, ERROR_MESSAGES, type ErrorCode } from '../../shared/contract/errors';
import type { FileKind } from '../../shared/contract/transport';
import { t } from '../i18n';
import { createElectronTransport, electronBridge } from './electron';
import { createHttpTransport, takeToken } from './http';
import { TransportError, type ClientErrorCode, type Transport, type TransportKind } from './transport';

export type ApiErrorCode = ErrorCode | ClientErrorCode;

const CLIENT_MESSAGES: Record<ClientErrorCode, () => string> = {
  NETWORK: () => t('error.network'),
  BAD_RESPONSE: () => t('error.badResponse'),
  TOKEN_MISSING: () => t('error.tokenMissing'),
  TOKEN_INVALID: () => t('error.tokenInvalid'),
};

export class ApiError extends Error {
  /** A contract error code, a client-side code, or (from a newer core) a code this build does not know. */
  readonly code: ApiErrorCode | (string & {});
  readonly method: string;
  readonly details?: unknown;
  constructor(code: string, message: string, method: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.method = method;
    this.details = details;
  }
}

/** Any thrown value → the Vietnamese line to show. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof TransportError) return CLIENT_MESSAGES[err.code]();
  return ERROR_MESSAGES.INTERNAL;
}

const CallResultSchema = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorPayloadSchema }),
]);

export type AuthProblem = 'UNAUTHORIZED' | 'LOCKED' | 'TOKEN_INVALID' | 'TOKEN_MISSING';

/**
 * A fresh request id (UUID v4). `crypto.randomUUID` exists only in secure contexts, and the browser
 * host may be opened over plain http on the office network: then it is made from getRandomValues.
 */
export function newRequestId(): string {
  if (typeof globalThis.crypto?.randomUUID === 'function') return globalThis.crypto.randomUUID();
  const b = globalThis.crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export interface CallOptions {
  /**
   * For a creating (idempotent) method: the id of this logical action. Send the same id when the
   * officer retries the action (after a network error, a double click) and the core answers with
   * the first result instead of doing it twice. Without it, each call gets a fresh id.
   */
  requestId?: string;
}

export class ApiClient {
  private readonly authListeners = new Set<(problem: AuthProblem) => void>();

  constructor(private readonly transport: Transport) {}

  get kind(): TransportKind {
    return this.transport.kind;
  }

  async call<M extends MethodName>(method: M, input: MethodInput<M>, opts: CallOptions = {}): Promise<MethodOutput<M>> {
    const spec = api[method] as unknown as { input: z.ZodType; output: z.ZodType; idempotent: boolean };
    if (spec.idempotent) {
      const given = (input as { requestId?: string }).requestId;
      input = { ...input, requestId: opts.requestId ?? given ?? newRequestId() };
    }
    const parsedInput = spec.input.safeParse(input);
    if (!parsedInput.success) {
      throw new ApiError('BAD_REQUEST', describeZodError(parsedInput.error), method, parsedInput.error.issues);
    }

    let raw: unknown;
    try {
      raw = await this.transport.call(method, parsedInput.data);
    } catch (err) {
      const code: ClientErrorCode = err instanceof TransportError ? err.code : 'NETWORK';
      if (code === 'TOKEN_INVALID' || code === 'TOKEN_MISSING') this.emitAuth(code);
      throw new ApiError(code, CLIENT_MESSAGES[code](), method, err instanceof Error ? err.message : undefined);
    }

    const envelope = CallResultSchema.safeParse(raw);
    if (!envelope.success) {
      console.error(`[motcua] ${method}: phản hồi không đúng dạng CallResult`, envelope.error.issues);
      throw new ApiError('BAD_RESPONSE', CLIENT_MESSAGES.BAD_RESPONSE(), method);
    }
    if (!envelope.data.ok) {
      const { code, message, details } = envelope.data.error;
      if (code === 'UNAUTHORIZED' || code === 'LOCKED') this.emitAuth(code);
      const known = (ERROR_MESSAGES as Record<string, string>)[code];
      throw new ApiError(code, message || known || ERROR_MESSAGES.INTERNAL, method, details);
    }

    const output = spec.output.safeParse(envelope.data.result);
    if (!output.success) {
      console.error(`[motcua] ${method}: dữ liệu trả về sai hợp đồng`, output.error.issues);
      throw new ApiError('BAD_RESPONSE', CLIENT_MESSAGES.BAD_RESPONSE(), method, output.error.issues);
    }
    return output.data as MethodOutput<M>;
  }

  /** Subscribes to a core event; payloads that do not match the contract are dropped (and logged). */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const schema = events[event] as unknown as z.ZodType;
    return this.transport.on(event, (payload) => {
      const parsed = schema.safeParse(payload);
      if (!parsed.success) {
        console.warn(`[motcua] sự kiện ${event} sai hợp đồng, bỏ qua`, parsed.error.issues);
        return;
      }
      listener(parsed.data as EventPayload<E>);
    });
  }

  fileUrl(kind: FileKind, id: string): string {
    return this.transport.fileUrl(kind, id);
  }

  connected(): boolean {
    return this.transport.connected();
  }

  onConnection(listener: (connected: boolean) => void): () => void {
    return this.transport.onConnection(listener);
  }

  /** Told when the session or the browser token is no longer accepted. */
  onAuthProblem(listener: (problem: AuthProblem) => void): () => void {
    this.authListeners.add(listener);
    return () => {
      this.authListeners.delete(listener);
    };
  }

  private emitAuth(problem: AuthProblem) {
    for (const l of this.authListeners) l(problem);
  }
}

/** Electron when the preload bridge exists, otherwise the browser host over HTTP. */
export function createDefaultClient(): ApiClient {
  const bridge = electronBridge();
  if (bridge) return new ApiClient(createElectronTransport(bridge));
  return new ApiClient(createHttpTransport({ origin: window.location.origin, token: takeToken() }));
}
