// Evaluation set: synthetic Vietnamese administrative pages with exact ground truth, in every
// capture variant the desk sees. Pages are generated lazily and reproducibly from (index, seed), so
// the bench, the soak and the tests all use the same pages without committing large binaries.
import { renderDoc, registerEvalFonts } from './eval-render';
import { makeDocSpec, makeRng, type DocSpec } from './eval-text';
import { makeVariant, VARIANTS, type Variant, type VariantMeta } from './eval-variants';

export { VARIANTS, type Variant };
export const KINDS: readonly DocSpec['kind'][] = ['form', 'letter', 'decision', 'register'];

export interface EvalPage {
  id: string;
  variant: Variant;
  kind: DocSpec['kind'];
  font: string;
  image: Buffer;
  mime: 'image/jpeg' | 'image/png';
  /** Exact drawn text, one printed row per entry (top to bottom, left to right), NFC. */
  groundTruth: string[];
  /** The same text as drawn piece by piece (wrapped lines, header lines, table cells). */
  segments: string[];
  meta: VariantMeta;
}

export interface EvalSetOptions {
  pages?: number;
  seed?: number;
  variants?: readonly Variant[];
  kinds?: readonly DocSpec['kind'][];
  /** 'bundled' draws with DejaVu Serif only (same result on every machine: tests). */
  fonts?: 'all' | 'bundled';
}

/** Every variant × every kind once. */
export const DEFAULT_PAGES = VARIANTS.length * KINDS.length;

/** Page `index` of the set: variants cycle fastest, then document kinds, then fonts. */
export async function makeEvalPage(index: number, opts: EvalSetOptions = {}): Promise<EvalPage> {
  const variants = opts.variants ?? VARIANTS;
  const kinds = opts.kinds ?? KINDS;
  const families = opts.fonts === 'bundled' ? ['DejaVu Serif'] : registerEvalFonts();
  const variant = variants[index % variants.length]!;
  const kind = kinds[Math.floor(index / variants.length) % kinds.length]!;
  const font = families[index % families.length]!;
  // A seed that is not a whole number (NaN from "--seed b2") would quietly give one fixed set.
  if (opts.seed !== undefined && !Number.isSafeInteger(opts.seed)) throw new Error(`seed must be a whole number, not ${opts.seed}`);
  const rng = makeRng((opts.seed ?? 20240601) * 1000 + index);
  const spec = makeDocSpec(rng, kind);
  const page = renderDoc(spec, rng, font);
  const v = await makeVariant(page, variant, rng);
  return { id: `p${String(index).padStart(3, '0')}-${variant}-${kind}`, variant, kind, font, image: v.image, mime: v.mime, groundTruth: page.lines, segments: page.segments, meta: v.meta };
}

export async function* generateEvalSet(opts: EvalSetOptions = {}): AsyncGenerator<EvalPage> {
  const n = opts.pages ?? DEFAULT_PAGES;
  for (let i = 0; i < n; i++) yield await makeEvalPage(i, opts);
}
