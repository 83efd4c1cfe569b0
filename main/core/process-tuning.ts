// Process-wide settings of the image library and V8, shared by the app and the benchmark so the
// bench measures what desks run.
import sharp from 'sharp';
import v8 from 'node:v8';

export function tuneImageLibrary(): void {
  // The OCR workers already keep every core busy; libvips' own thread pool on top of them costs
  // 10–20 % more CPU per page in context switches (measured by bench:ocr on 2 cores).
  sharp.concurrency(1);
  // Every page is decoded once and never again: libvips' operation cache only holds memory.
  sharp.cache(false);
  smallYoungGeneration();
}

/**
 * Small V8 semi-spaces (scripts/process-env.mjs explains the measurement; its launchers pass the
 * flag at start, which reaches the main thread too). A host started some other way (the packaged
 * Electron app, the `motcua` CLI) still gets it for the OCR worker threads, which start later.
 */
export const SEMI_SPACE_FLAG = '--max-semi-space-size=4';

function smallYoungGeneration(): void {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) => a.startsWith('--max-semi-space-size'));
  if (!given) v8.setFlagsFromString(SEMI_SPACE_FLAG);
}
