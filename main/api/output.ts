// Outputs are parsed before they leave the core. When a *stored* record fails its schema (a flipped
// byte, a row edited by hand), the officer is told which record is damaged, and a list still loads
// its good rows: the damaged ones are left out and named (in `damaged` where the list has one, and
// in the log). Before this, one damaged row made the whole list fail with "Dữ liệu gửi lên không hợp
// lệ", as if the request were wrong.
import { z } from 'zod';
import type { DamagedRecord } from '../../shared/contract/api';
import { AppError } from '../../shared/contract/errors';

/** What a record of each area is called: [one (capitalized), others]. */
const LABELS: Record<string, [string, string]> = {
  dossiers: ['Hồ sơ', 'hồ sơ'],
  procedures: ['Thủ tục', 'thủ tục'],
  guide: ['Lượt hướng dẫn nộp trực tuyến', 'lượt hướng dẫn'],
  audit: ['Mục nhật ký', 'mục nhật ký'],
  digitize: ['Trang', 'trang'],
  officers: ['Cán bộ', 'cán bộ'],
};

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : null);

function recordName(value: unknown): { id: string; code: string | null } {
  const r = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const code = str(r.code) ?? str(r.username) ?? null;
  return { id: str(r.id) ?? '(không rõ)', code };
}

function fields(err: z.ZodError): string {
  return [...new Set(err.issues.map((i) => i.path.join('.') || '(gốc)'))].slice(0, 5).join(', ');
}

/** The Vietnamese line for one damaged stored record. */
export function damagedMessage(method: string, value: unknown, err: z.ZodError): string {
  const [one, others] = LABELS[method.split('.')[0]!] ?? ['Bản ghi', 'bản ghi'];
  const { id, code } = recordName(value);
  return `${one} ${code ?? id} trong cơ sở dữ liệu bị hỏng (trường ${fields(err)}); các ${others} khác không bị ảnh hưởng. Chạy \`motcua doctor\` để kiểm tra cơ sở dữ liệu, hoặc khôi phục bản ghi này từ bản sao lưu.`;
}

function salvage(method: string, element: z.ZodType, rows: unknown[]): { good: unknown[]; damaged: DamagedRecord[] } {
  const good: unknown[] = [];
  const damaged: DamagedRecord[] = [];
  for (const row of rows) {
    const r = element.safeParse(row);
    if (r.success) good.push(r.data);
    else damaged.push({ ...recordName(row), message: damagedMessage(method, row, r.error) });
  }
  return { good, damaged };
}

/**
 * Parses a handler's answer against the method's output schema. A list keeps the rows that parse
 * (`onDamaged` hears of the others); a single record that fails is STORE_CORRUPT naming it.
 */
export function parseOutput(method: string, schema: z.ZodType, output: unknown, onDamaged: (damaged: DamagedRecord[]) => void): unknown {
  const first = schema.safeParse(output);
  if (first.success) return first.data;
  if (schema instanceof z.ZodArray && Array.isArray(output)) {
    const { good, damaged } = salvage(method, schema.element as z.ZodType, output);
    const again = schema.safeParse(good);
    if (again.success && damaged.length) {
      onDamaged(damaged);
      return again.data;
    }
  }
  if (schema instanceof z.ZodObject && output && typeof output === 'object') {
    const items = (schema.shape as Record<string, z.ZodType>).items;
    const list = (output as { items?: unknown }).items;
    if (items instanceof z.ZodArray && Array.isArray(list)) {
      const { good, damaged } = salvage(method, items.element as z.ZodType, list);
      const earlier = (output as { damaged?: DamagedRecord[] }).damaged ?? [];
      const again = schema.safeParse({ ...output, items: good, ...('damaged' in schema.shape ? { damaged: [...earlier, ...damaged] } : {}) });
      if (again.success && damaged.length) {
        onDamaged(damaged);
        return again.data;
      }
    }
  }
  throw new AppError('STORE_CORRUPT', damagedMessage(method, output, first.error), { record: recordName(output), fields: fields(first.error) });
}
