// Finding a procedure as an officer types (Tiếp nhận, Hướng dẫn, Cài đặt → Thủ tục). Ignores accents
// and case, treats i and y alike (./fold.ts), and knows the abbreviations desks use: the initials of
// the words, "dkks" for "Đăng ký khai sinh". Pure and in memory: the core keeps one index per store
// and reloads it when the catalog changes (main/services/procedures.ts); 5,000 procedures are
// searched in well under a millisecond per keystroke (bench/catalog.ts).
//
// A procedure matches when every term of the query is found in its code, name or field (anywhere,
// so a half-typed last word matches), or — for a one-word query of letters — when the query is the
// initials of its name's words: all of them, their beginning, a run of them ("dkks" in "Thủ tục đăng
// ký khai sinh…"), or, as a weak match, in order with a few words skipped ("dkks" in "Đăng ký lại
// khai sinh").
//
// Order: the exact code first; then this desk's use (dossiers received under the procedure, then the
// latest receipt); then how well it matches (name equal to the query, starting with it, containing it
// as a phrase; whole words before word beginnings before inside a word; code prefix); then the name.
// Weak abbreviation matches come after every other match.
import { foldVietnamese, iy, searchTerms } from './fold';

export interface SearchableProcedure {
  id: string;
  code: string;
  name: string;
  field: string;
  retired: boolean;
}

/** How much a desk has used a procedure. */
export interface ProcedureUsage {
  dossiers: number;
  /** ISO instant of the latest dossier received under it. */
  lastReceivedAt: string | null;
}

interface Entry {
  id: string;
  retired: boolean;
  code: string;
  /** Name in comparison form (folded, y written i), words joined by one space. */
  name: string;
  words: string[];
  initials: string;
  field: string;
  /** Position in the catalog sorted by name (Vietnamese order): the final tie-break. */
  order: number;
}

function entryOf(p: SearchableProcedure): Entry {
  const words = searchTerms(p.name);
  return {
    id: p.id,
    retired: p.retired,
    code: iy(foldVietnamese(p.code)),
    name: words.join(' '),
    words,
    initials: words.map((w) => w[0]).join(''),
    field: searchTerms(p.field).join(' '),
    order: 0,
  };
}

/** Points for one term found in a procedure; 0 when it is not there. */
function termScore(e: Entry, term: string): number {
  if (e.code === term) return 100;
  let best = 0;
  if (e.code.startsWith(term)) best = 80;
  for (const w of e.words) {
    if (w === term) return Math.max(best, 60);
    if (best < 50 && w.startsWith(term)) best = 50;
  }
  if (best) return best;
  if (e.code.includes(term)) return 30;
  if (e.name.includes(term)) return 20;
  if (e.field.includes(term)) return 10;
  return 0;
}

/**
 * Points for `abbr` as the initials of the name's words: all of them 90, their beginning 75, a run
 * of them 55; in order with words skipped (at most half as many as letters, and at least three
 * letters) 30 minus 5 per skipped word, flagged weak. 0 when it is not.
 */
function abbreviationScore(initials: string, abbr: string): { score: number; weak: boolean } {
  if (initials === abbr) return { score: 90, weak: false };
  if (initials.startsWith(abbr)) return { score: 75, weak: false };
  if (initials.includes(abbr)) return { score: 55, weak: false };
  if (abbr.length < 3) return { score: 0, weak: false };
  const maxSkips = Math.floor(abbr.length / 2);
  // The fewest words skipped between the first and the last matched initial, over every start.
  let bestSkips = Infinity;
  for (let start = initials.indexOf(abbr[0]!); start >= 0; start = initials.indexOf(abbr[0]!, start + 1)) {
    let at = start;
    let skips = 0;
    for (let k = 1; k < abbr.length && skips <= maxSkips; k++) {
      const next = initials.indexOf(abbr[k]!, at + 1);
      if (next < 0) {
        skips = Infinity;
        break;
      }
      skips += next - at - 1;
      at = next;
    }
    if (skips < bestSkips) bestSkips = skips;
  }
  return bestSkips <= maxSkips ? { score: 30 - 5 * bestSkips, weak: true } : { score: 0, weak: false };
}

export class ProcedureSearchIndex {
  private readonly entries: Entry[];

  constructor(procedures: readonly SearchableProcedure[]) {
    this.entries = procedures.map(entryOf);
    // Names are ordered once here (folded: accents aside), not on every search.
    const byName = this.entries.map((e, i) => ({ i, key: e.name })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    byName.forEach((x, rank) => (this.entries[x.i]!.order = rank));
  }

  get size(): number {
    return this.entries.length;
  }

  /** Ids of the procedures matching `query`, best first (see the file's head for the order). */
  search(query: string, usage: ReadonlyMap<string, ProcedureUsage>, opts: { limit: number; includeRetired?: boolean }): string[] {
    const terms = searchTerms(query);
    const phrase = terms.join(' ');
    const abbr = terms.length === 1 && /^[a-z]{2,}$/.test(terms[0]!) ? terms[0]! : null;
    const asCode = iy(foldVietnamese(query));
    const hits: { e: Entry; exactCode: boolean; weak: boolean; score: number; uses: number; last: string }[] = [];
    for (const e of this.entries) {
      if (e.retired && !opts.includeRetired) continue;
      let score = 0;
      let weak = false;
      let all = true;
      for (const t of terms) {
        const s = termScore(e, t);
        if (s === 0) {
          all = false;
          break;
        }
        score += s;
      }
      if (all && terms.length > 0) {
        if (e.name === phrase) score += 60;
        else if (e.name.startsWith(phrase)) score += 40;
        else if (terms.length > 1 && e.name.includes(phrase)) score += 20;
      }
      if (abbr) {
        const a = abbreviationScore(e.initials, abbr);
        if (a.score > score || (!all && a.score > 0)) {
          score = Math.max(score, a.score);
          weak = !all && a.weak;
          all = true;
        }
      }
      if (!all) continue;
      const use = usage.get(e.id);
      hits.push({ e, exactCode: terms.length > 0 && e.code === asCode, weak, score, uses: use?.dossiers ?? 0, last: use?.lastReceivedAt ?? '' });
    }
    hits.sort(
      (a, b) =>
        Number(b.exactCode) - Number(a.exactCode) ||
        Number(a.weak) - Number(b.weak) ||
        b.uses - a.uses ||
        (a.last < b.last ? 1 : a.last > b.last ? -1 : 0) ||
        b.score - a.score ||
        a.e.order - b.e.order,
    );
    return hits.slice(0, opts.limit).map((h) => h.e.id);
  }
}
