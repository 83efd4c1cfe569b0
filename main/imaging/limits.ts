// Size guards: a page is at most A0 at 600 dpi-ish; anything larger is a decompression bomb or a
// mistake, and decoding it would take gigabytes.
export const MAX_SIDE_PX = 12_000;
export const MAX_INPUT_PIXELS = 150_000_000;
