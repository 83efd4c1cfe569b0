// Process-wide settings of the image library, shared by the app and the benchmark so the bench
// measures what desks run.
import sharp from 'sharp';

export function tuneImageLibrary(): void {
  // The OCR workers already keep every core busy; libvips' own thread pool on top of them costs
  // 10–20 % more CPU per page in context switches (measured by bench:ocr on 2 cores).
  sharp.concurrency(1);
  // Every page is decoded once and never again: libvips' operation cache only holds memory.
  sharp.cache(false);
}
