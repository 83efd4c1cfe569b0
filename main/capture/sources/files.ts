// Files handed over directly (uploads, camera shots from the renderer, drag and drop).
import type { CaptureSource, CapturedFile } from './types';

export class FileSource implements CaptureSource<ReadonlyArray<{ name: string; data: Buffer }>> {
  readonly id: string;
  readonly kind = 'file' as const;

  constructor(id = 'files') {
    this.id = id;
  }

  async *capture(files: ReadonlyArray<{ name: string; data: Buffer }>, signal?: AbortSignal): AsyncGenerator<CapturedFile> {
    for (const f of files) {
      if (signal?.aborted) return;
      yield { name: f.name, data: f.data };
    }
  }
}
