// Character error rate. Two flavours, both on NFC text with whitespace runs collapsed:
//  - plainCer: Levenshtein over the whole page text against the ground-truth lines joined in
//    order. Sensitive to reading order (two-column headers, tables read column-wise).
//  - flexibleCer: each ground-truth segment (a printed line, or one table cell) is aligned to its
//    best-matching stretch of the OCR text wherever it is, then consumed; what is never matched
//    counts as deletions, leftover OCR characters as insertions. This follows the idea of the
//    "flexible character accuracy" measure (Clausner et al., 2020): it scores recognition and
//    dropped text, not which of two equally valid reading orders an engine picked.

export function normalizeText(s: string): string {
  return s.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** Levenshtein distance over UTF-16 code units (NFC Vietnamese letters are single units). */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  if (a.length < b.length) [a, b] = [b, a];
  const prev = new Uint32Array(b.length + 1);
  const cur = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const del = prev[j]! + 1;
      const ins = cur[j - 1]! + 1;
      cur[j] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
    }
    prev.set(cur);
  }
  return prev[b.length]!;
}

export interface CerResult {
  errors: number;
  chars: number;
  cer: number;
}

export function plainCer(truthLines: readonly string[], ocrText: string): CerResult {
  const truth = normalizeText(truthLines.join('\n'));
  const errors = levenshtein(truth, normalizeText(ocrText));
  return { errors, chars: truth.length, cer: truth.length ? errors / truth.length : 0 };
}

/**
 * Best alignment of `needle` to any substring of `hay` (free start and end in `hay`).
 * Returns the cost and the [start, end) of the matched stretch.
 */
function bestSubstring(needle: string, hay: string): { cost: number; start: number; end: number } {
  const n = needle.length;
  const m = hay.length;
  // dp over needle rows, hay columns; start[] tracks where each alignment began in hay.
  let prev = new Uint32Array(m + 1);
  let prevStart = new Int32Array(m + 1);
  let cur = new Uint32Array(m + 1);
  let curStart = new Int32Array(m + 1);
  for (let j = 0; j <= m; j++) {
    prev[j] = 0;
    prevStart[j] = j;
  }
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    curStart[0] = 0;
    const c = needle.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const sub = prev[j - 1]! + (c === hay.charCodeAt(j - 1) ? 0 : 1);
      const del = prev[j]! + 1;
      const ins = cur[j - 1]! + 1;
      if (sub <= del && sub <= ins) {
        cur[j] = sub;
        curStart[j] = prevStart[j - 1]!;
      } else if (del <= ins) {
        cur[j] = del;
        curStart[j] = prevStart[j]!;
      } else {
        cur[j] = ins;
        curStart[j] = curStart[j - 1]!;
      }
    }
    [prev, cur] = [cur, prev];
    [prevStart, curStart] = [curStart, prevStart];
  }
  let best = 0;
  for (let j = 1; j <= m; j++) if (prev[j]! < prev[best]!) best = j;
  return { cost: prev[best]!, start: prevStart[best]!, end: best };
}

/**
 * Like flexibleCer but without charging leftover OCR text: how much of the given segments the OCR
 * text failed to reproduce (dropped or misread), e.g. "is the table still there?".
 */
export function missedShare(truthSegments: readonly string[], ocrText: string): number {
  return flexibleCer(truthSegments, ocrText, false).cer;
}

export function flexibleCer(truthSegments: readonly string[], ocrText: string, countInsertions = true): CerResult {
  const segs = truthSegments.map(normalizeText).filter((s) => s.length > 0);
  // Longest first: long lines anchor unambiguously, short ones ("1", "02") then take what is left.
  segs.sort((a, b) => b.length - a.length);
  let hay = ocrText
    .normalize('NFC')
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
  let errors = 0;
  let chars = 0;
  for (const seg of segs) {
    chars += seg.length;
    const hit = hay.length ? bestSubstring(seg, hay) : { cost: seg.length, start: 0, end: 0 };
    if (hit.cost >= seg.length) {
      errors += seg.length;
      continue;
    }
    errors += hit.cost;
    hay = `${hay.slice(0, hit.start)}\n${hay.slice(hit.end)}`;
  }
  if (countInsertions) errors += hay.replace(/\s+/g, '').length;
  return { errors, chars, cer: chars ? errors / chars : 0 };
}
