// Every visible string comes from the catalog; keys are typed, so a missing string is a compile error.
import { vi, type MessageKey } from './vi';

export type { MessageKey };

/** Looks a message up and fills `{name}` placeholders. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text: string = vi[key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

const numberFormat = new Intl.NumberFormat('vi-VN');
export function formatNumber(n: number): string {
  return numberFormat.format(n);
}
