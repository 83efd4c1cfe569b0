// Every status tag's text is readable on its background (WCAG AA, 4.5:1) with antd's own palettes:
// a preset tag is drawn with the palette's 7th shade on its 1st, "processing" with the info colour
// (blue 6) on blue 1; where that is too light the tag's text takes TAG_TEXT_COLOR.
import { presetPalettes } from '@ant-design/colors';
import { describe, expect, it } from 'vitest';
import { DOSSIER_STATUS_CODES } from '../../shared/domain/dossier-status';
import { STATUS_TAG_COLOR, TAG_TEXT_COLOR } from './status-colors';

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((x) => (x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe('status tag colours', () => {
  it('antd green 7 on green 1 is below AA (why the override exists)', () => {
    expect(contrast(presetPalettes.green![6]!, presetPalettes.green![0]!)).toBeLessThan(4.5);
  });

  it.each(DOSSIER_STATUS_CODES.map((s) => [s, STATUS_TAG_COLOR[s]] as const))('status %i (%s): text at least 4.5:1 on its background', (_status, preset) => {
    if (preset === 'default') return expect(TAG_TEXT_COLOR[preset]).toBeUndefined(); // body text on grey 50
    const palette = presetPalettes[preset === 'processing' ? 'blue' : preset]!;
    const background = palette[0]!;
    const text = TAG_TEXT_COLOR[preset] ?? (preset === 'processing' ? palette[5]! : palette[6]!);
    expect(contrast(text, background)).toBeGreaterThanOrEqual(4.5);
  });
});
