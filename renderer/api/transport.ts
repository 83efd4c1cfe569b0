// How a call travels. The client above this layer knows nothing about IPC, HTTP or WebSockets:
// a transport returns the raw (unvalidated) CallResult and raw event payloads.
import type { FileKind } from '../../shared/contract/transport';

export type TransportKind = 'electron' | 'http';

/** A failure that happened before the core could answer (network, token, malformed reply). */
export type ClientErrorCode = 'NETWORK' | 'BAD_RESPONSE' | 'TOKEN_MISSING' | 'TOKEN_INVALID';

export class TransportError extends Error {
  readonly code: ClientErrorCode;
  constructor(code: ClientErrorCode, detail?: string) {
    super(detail ?? code);
    this.name = 'TransportError';
    this.code = code;
  }
}

export interface Transport {
  readonly kind: TransportKind;
  /** Resolves with whatever the host answered (expected: a CallResult); rejects with TransportError. */
  call(method: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  fileUrl(kind: FileKind, id: string): string;
  /** Whether the live link to the core is up (always true over IPC). */
  connected(): boolean;
  onConnection(listener: (connected: boolean) => void): () => void;
}
