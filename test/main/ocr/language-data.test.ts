import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledModelPath, cachedModelPath, checkLanguageData, prepareLanguageData } from '../../../main/ocr/language-data';
import { AppError } from '../../../shared/contract/errors';

const dir = mkdtempSync(path.join(os.tmpdir(), 'motcua-tessdata-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('language data', () => {
  it('finds the bundled models of vie, eng and osd', () => {
    const status = checkLanguageData();
    expect(status.map((s) => s.lang)).toEqual(['vie', 'eng', 'osd']);
    for (const s of status) {
      expect(s.present).toBe(true);
      expect(s.path).toMatch(/traineddata\.gz$/);
    }
    expect(bundledModelPath('vie', 'lstm')).toContain('4.0.0_best_int');
    expect(bundledModelPath('osd', 'legacy')).toContain(`${path.sep}4.0.0${path.sep}`);
  });

  it('copies the chosen models side by side into the cache once, without leftovers', () => {
    const langPath = prepareLanguageData(dir, ['vie', 'eng'], 'lstm');
    expect(langPath).toBe(path.join(dir, 'lstm'));
    expect(readdirSync(langPath).sort()).toEqual(['eng.traineddata.gz', 'vie.traineddata.gz']);
    const before = statSync(cachedModelPath(dir, 'vie')).mtimeMs;
    prepareLanguageData(dir, ['vie'], 'lstm');
    expect(statSync(cachedModelPath(dir, 'vie')).mtimeMs).toBe(before);
    expect(checkLanguageData({ cacheDir: dir }).find((s) => s.lang === 'vie')?.path).toBe(cachedModelPath(dir, 'vie'));
  });

  it('reports a language that is not shipped as missing, with a Vietnamese message', () => {
    let err: unknown;
    try {
      prepareLanguageData(dir, ['xyz'], 'lstm');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('LANGUAGE_DATA_MISSING');
    expect((err as AppError).message).toMatch(/Thiếu dữ liệu ngôn ngữ/);
    expect(existsSync(path.join(dir, 'lstm', 'xyz.traineddata.gz'))).toBe(false);
  });
});
