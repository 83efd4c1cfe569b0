// What every host (Electron, browser host, CLI, tests) gets from the composition root. Hosts are
// thin: they move bytes and check who is calling; the core validates and executes.
import type { CallResult, EventName, EventPayload } from '../../shared/contract/api';
import type { FileKind } from '../../shared/contract/transport';

export type HostKind = 'electron' | 'browser' | 'cli' | 'test';

export interface CoreOptions {
  dataDir: string;
  host: HostKind;
  /** Overrides for tests: fixed clock, smaller OCR pool, … */
  now?: () => Date;
  ocrPoolSize?: number;
  /** Tests replace the tesseract.js pool with a fake engine (see services/digitize.ts OcrEngine). */
  ocrFactory?: () => Promise<import('../services/ocr-engine').OcrEngine>;
}

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface StoredFile {
  path: string;
  mime: string;
  /** File name for saving (dossier code + sequence for a component's PDF). */
  name?: string;
}

export interface Core {
  /** Validates `input` against the contract, runs the method, validates the output. Never throws. */
  dispatch(method: string, input: unknown): Promise<CallResult<unknown>>;
  /** Subscribe to core events (job progress, changed pages…). Returns an unsubscribe function. */
  onEvent(listener: EventListener): () => void;
  /** Maps a file reference from the renderer to a stored file, or null (unknown kind/id). */
  resolveFile(kind: FileKind, id: string): Promise<StoredFile | null>;
  readonly dataDir: string;
  close(): Promise<void>;
}
