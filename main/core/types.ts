// What every host (Electron, browser host, CLI, tests) gets from the composition root. Hosts are
// thin: they move bytes and check who is calling; the core validates and executes.
import type { CallResult, EventName, EventPayload } from '../../shared/contract/api';
import type { FileKind } from '../../shared/contract/transport';
import type { Caller } from './sessions';

export type { Caller } from './sessions';

export type HostKind = 'electron' | 'browser' | 'cli' | 'test';

export interface CoreOptions {
  dataDir: string;
  host: HostKind;
  /** Overrides for tests: fixed clock, smaller OCR pool, … */
  now?: () => Date;
  ocrPoolSize?: number;
  /** Tests replace the tesseract.js pool with a fake engine (see services/digitize.ts OcrEngine). */
  ocrFactory?: () => Promise<import('../services/ocr-engine').OcrEngine>;
  /**
   * Crash tests that fork the built core process (no function crosses processes): a tiny
   * deterministic OCR engine (main/ocr/fake-engine.ts) instead of tesseract.js. Never set by a host.
   */
  fakeOcr?: boolean;
  /** Disk-full tests: the file system the blob store writes through (see fs/atomic AtomicFs). */
  blobFs?: import('../fs/atomic').AtomicFs;
  /** Delay before OCR that failed for a full disk is tried again (default 60 s). */
  ocrRetryMs?: number;
  /** The machine policy file (default: the OS's location, or MOTCUA_POLICY_FILE). */
  policyFile?: string;
  /** Tests of other features that move the clock by days turn the idle lock off with 0. */
  idleLockMinutes?: number;
  /** Tests give the policy itself instead of a file. */
  policy?: import('../../shared/contract/api').MachinePolicyInput;
  /**
   * Encrypts the sync enrollment secret with a key the OS keeps (the Electron host passes
   * safeStorage). Without it the secret is kept in a plain file readable by this user only.
   */
  secretCodec?: import('../sync/secret-vault').SecretCodec;
  /** Sync: the background pass interval (default 2 min; 0: no background loop, tests). */
  syncIntervalMs?: number;
  /** Sync tests: the fetch the client uses (fault injection). */
  syncFetch?: typeof fetch;
}

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface StoredFile {
  path: string;
  mime: string;
  /** File name for saving (dossier code + sequence for a component's PDF). */
  name?: string;
}

export interface Core {
  /**
   * Validates `input` against the contract, checks the caller's session (signed in, unlocked, role)
   * and runs the method for that caller; validates the output. Never throws. `caller` is the
   * host's own identity of the window, tab or CLI run — never taken from the payload.
   */
  dispatch(method: string, input: unknown, caller: Caller): Promise<CallResult<unknown>>;
  /** Subscribe to core events (job progress, changed pages…). Returns an unsubscribe function. */
  onEvent(listener: EventListener): () => void;
  /** Maps a file reference from the renderer to a stored file, or null (unknown kind/id). */
  resolveFile(kind: FileKind, id: string, caller: Caller): Promise<StoredFile | null>;
  readonly dataDir: string;
  close(): Promise<void>;
}
