// One shape for everything that produces files to digitize: uploaded files, a scan-to-folder share,
// a SANE scanner (Linux), a WIA scanner (Windows). Camera shots arrive from the renderer as uploaded
// JPEGs and use the file source. Each captured file then goes through decodeFile().

export type CaptureKind = 'file' | 'folder' | 'sane' | 'wia' | 'camera';

export interface CaptureDevice {
  /** Backend-specific id to pass back in a capture request (e.g. SANE "test:0", a WIA DeviceID). */
  id: string;
  name: string;
  kind: CaptureKind;
}

export interface CapturedFile {
  name: string;
  data: Buffer;
  /**
   * Present when the source must learn the outcome (folder watch: move to done/failed). Call
   * `done()` after the file is safely imported, or `fail(error)` when it cannot be. A consumer
   * that just asks for the next file without calling either is taken to have succeeded.
   */
  ack?: {
    done(): Promise<void>;
    fail(error: unknown): Promise<void>;
  };
}

/** Options of a scanner run; sources ignore what they do not support. */
export interface ScanRequest {
  device: string;
  /** Resolution (default 300; the rules ask for at least 200). Snapped to what the device offers. */
  dpi?: number;
  /** Colour (default true, as the rules require) or grayscale. */
  color?: boolean;
  /** Take pages from the automatic document feeder until it is empty. */
  adf?: boolean;
  /** Both sides (ADF only; when the device offers a duplex source). */
  duplex?: boolean;
}

export interface CaptureSource<Req = unknown> {
  readonly id: string;
  readonly kind: CaptureKind;
  listDevices?(): Promise<CaptureDevice[]>;
  /**
   * Produces files until the source is exhausted (scanner: feeder empty; files: all given) or,
   * for endless sources (folder watch), until `signal` aborts. Errors are AppErrors; pages
   * produced before an error (e.g. a jam on sheet 5) have already been yielded.
   */
  capture(request: Req, signal?: AbortSignal): AsyncGenerator<CapturedFile>;
}
