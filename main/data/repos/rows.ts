// Small helpers for mapping SQLite rows (integers for booleans, JSON text) to domain values.
export const bool = (v: unknown): boolean => v === 1 || v === true;
export const int = (b: boolean): number => (b ? 1 : 0);
export function json<T>(text: unknown, fallback: T): T {
  if (typeof text !== 'string') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
