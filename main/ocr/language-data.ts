// OCR language models ship inside the npm packages @tesseract.js-data/{vie,eng,osd}. tesseract.js
// reads every language from one `langPath`, and a packaged app keeps node_modules inside app.asar
// where a worker thread should not have to read, so the chosen .gz files are copied side by side
// into a cache folder in the app's data folder on first use. A local path as langPath also means
// tesseract.js never fetches anything: it only goes to the network when langPath is a URL or unset.
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { AppError } from '../../shared/contract/errors';
import { packageRequire } from './package-require';

/**
 * 'lstm': 4.0.0_best_int, LSTM only (what recognition uses). 'legacy': 4.0.0, legacy + LSTM (OSD).
 * 'custom': models from `extraSources` only (e.g. a tessdata_fast folder), never the packages.
 */
export type ModelKind = 'lstm' | 'legacy' | 'custom';

export const KNOWN_LANGS = ['vie', 'eng', 'osd'] as const;

const PACKAGE_FOLDER: Record<Exclude<ModelKind, 'custom'>, string> = { lstm: '4.0.0_best_int', legacy: '4.0.0' };

export interface LanguageDataStatus {
  lang: string;
  present: boolean;
  /** Where the model is read from: the cache copy when there is one, else the bundled package file. */
  path: string | null;
}

export interface LanguageDataOptions {
  /** Cache folder, e.g. `<dataDir>/cache/tessdata`. */
  cacheDir?: string;
  /** Extra folders that hold `<lang>.traineddata.gz` (e.g. an installer's resources folder). */
  extraSources?: string[];
}

/** Path of the bundled `<lang>.traineddata.gz` in node_modules, or null when the package is absent. */
export function bundledModelPath(lang: string, kind: ModelKind = 'lstm'): string | null {
  if (kind === 'custom') return null;
  try {
    const pkg = packageRequire().resolve(`@tesseract.js-data/${lang}/package.json`);
    const file = path.join(path.dirname(pkg), PACKAGE_FOLDER[kind], `${lang}.traineddata.gz`);
    return existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

function sourcePath(lang: string, kind: ModelKind, extra: readonly string[]): string | null {
  for (const dir of extra) {
    for (const name of [`${lang}.traineddata.gz`, `${lang}.traineddata`]) {
      const f = path.join(dir, name);
      if (existsSync(f)) return f;
    }
  }
  return bundledModelPath(lang, kind);
}

/** Whether the cached copy is up to date with its source (same size, or newer than an uncompressed source). */
function upToDate(src: string, dest: string): boolean {
  try {
    if (src.endsWith('.gz')) return statSync(src).size === statSync(dest).size;
    return statSync(dest).mtimeMs >= statSync(src).mtimeMs;
  } catch {
    return false;
  }
}

export function cachedModelPath(cacheDir: string, lang: string, kind: ModelKind = 'lstm'): string {
  return path.join(cacheDir, kind, `${lang}.traineddata.gz`);
}

const sameSize = (a: string, b: string): boolean => {
  try {
    return statSync(a).size === statSync(b).size;
  } catch {
    return false;
  }
};

/** Reports, for the CLI's `motcua doctor`, which OCR languages can be loaded and from where. */
export function checkLanguageData(opts: LanguageDataOptions = {}): LanguageDataStatus[] {
  return KNOWN_LANGS.map((lang) => {
    const kind: ModelKind = lang === 'osd' ? 'legacy' : 'lstm';
    const cached = opts.cacheDir ? cachedModelPath(opts.cacheDir, lang, kind) : null;
    const source = sourcePath(lang, kind, opts.extraSources ?? []);
    if (cached && existsSync(cached) && (!source || sameSize(cached, source))) return { lang, present: true, path: cached };
    return { lang, present: source !== null, path: source };
  });
}

/**
 * Makes sure `<cacheDir>/<kind>/<lang>.traineddata.gz` exists for every language and returns that
 * folder, to be passed to tesseract.js as `langPath` with `gzip: true`. Copies go through a
 * temporary file and a rename, so a crash or a second process never leaves a half-written model.
 */
export function prepareLanguageData(cacheDir: string, langs: readonly string[], kind: ModelKind = 'lstm', opts: Pick<LanguageDataOptions, 'extraSources'> = {}): string {
  const dir = path.join(cacheDir, kind);
  mkdirSync(dir, { recursive: true });
  for (const lang of langs) {
    const src = sourcePath(lang, kind, opts.extraSources ?? []);
    const dest = cachedModelPath(cacheDir, lang, kind);
    if (src === null) {
      if (existsSync(dest)) continue;
      throw new AppError('LANGUAGE_DATA_MISSING', `Thiếu dữ liệu ngôn ngữ OCR "${lang}". Hãy cài đặt lại ứng dụng.`, { lang });
    }
    if (existsSync(dest) && upToDate(src, dest)) continue;
    const tmp = `${dest}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      // tesseract.js takes one gzip setting for all languages: keep everything gzipped.
      if (src.endsWith('.gz')) copyFileSync(src, tmp);
      else writeFileSync(tmp, gzipSync(readFileSync(src), { level: 1 }));
      renameSync(tmp, dest);
    } catch (err) {
      try {
        unlinkSync(tmp);
      } catch {
        // the temporary file may not exist
      }
      throw err;
    }
  }
  return dir;
}
