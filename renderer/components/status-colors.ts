// The status tags' colours: antd's preset tag colour for each stage, and, where antd's own text shade
// (the palette's 7th) is too light on the tag's background (the 1st) for WCAG AA (4.5:1), a darker
// shade of the same palette for the text. Checked by status-colors.test.ts against antd's palettes.
import type { DossierStatusCode } from '../../shared/domain/dossier-status';

export type TagPreset = 'default' | 'processing' | 'blue' | 'red' | 'orange' | 'gold' | 'magenta' | 'volcano' | 'green' | 'cyan';

export const STATUS_TAG_COLOR: Record<DossierStatusCode, TagPreset> = {
  1: 'default',
  2: 'blue',
  3: 'red',
  4: 'processing',
  5: 'orange',
  6: 'gold',
  7: 'magenta',
  8: 'volcano',
  9: 'green',
  10: 'cyan',
};

/**
 * Text shades for presets whose default text fails 4.5:1 on their background (a preset: palette
 * index 8–9; "processing", drawn with the info blue 6: blue 7).
 */
export const TAG_TEXT_COLOR: Partial<Record<TagPreset, string>> = {
  processing: '#0958d9',
  orange: '#ad4e00',
  gold: '#874d00',
  volcano: '#ad2102',
  green: '#237804',
  cyan: '#006d75',
};
