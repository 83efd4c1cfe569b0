// Scan quality the rules set for electronic copies: Circular 01/2019/TT-VPCP (and the digitization
// guidance of Circular 01/2023) — a copy is a PDF scanned at no less than 200 dpi.
export const MIN_COPY_DPI = 200;

/** Pages scanned below the minimum, by their place in the component (1-based) and dpi. */
export function lowDpiPages(pages: readonly { sequence: number; dpi: number }[]): { sequence: number; dpi: number }[] {
  return pages.filter((p) => Math.round(p.dpi) < MIN_COPY_DPI).map((p) => ({ sequence: p.sequence, dpi: Math.round(p.dpi) }));
}

/** "trang 1 (150 dpi), trang 3 (96 dpi)". */
export function describeLowDpi(pages: readonly { sequence: number; dpi: number }[]): string {
  return pages.map((p) => `trang ${p.sequence} (${p.dpi} dpi)`).join(', ');
}
