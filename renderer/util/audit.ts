// How an audit entry reads on screen: the entity in Vietnamese with a short id, and the detail
// (stored as JSON) as "key: value" pairs an officer can read, not raw JSON.
const ENTITY_LABELS: Record<string, string> = {
  dossier: 'Hồ sơ',
  component: 'Thành phần hồ sơ',
  page: 'Trang',
  officer: 'Cán bộ',
  unit: 'Đơn vị',
  settings: 'Cài đặt',
  procedure: 'Thủ tục',
  assisted_submission: 'Hướng dẫn trực tuyến',
  calendar: 'Lịch làm việc',
  file: 'Tệp',
  query: 'Tra cứu',
  audit: 'Nhật ký',
  backup: 'Sao lưu',
};

export function auditEntityText(entity: string, entityId: string | null): string {
  const label = ENTITY_LABELS[entity] ?? entity;
  if (!entityId) return label;
  const short = /^[0-9a-f-]{32,}$/i.test(entityId) ? entityId.slice(0, 8) : entityId;
  return `${label} · ${short}`;
}

function valueText(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(valueText).join(', ');
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('from' in o && 'to' in o && Object.keys(o).length === 2) return `${valueText(o.from)} → ${valueText(o.to)}`;
    return Object.entries(o)
      .map(([k, x]) => `${k}: ${valueText(x)}`)
      .join(', ');
  }
  return String(v);
}

/** The stored detail as readable text: JSON objects become "key: value; …", other text stays. */
export function auditDetailText(detail: string): string {
  const s = detail.trim();
  if (!s.startsWith('{') && !s.startsWith('[')) return s;
  try {
    const parsed = JSON.parse(s) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return Object.entries(parsed as Record<string, unknown>)
        .map(([k, v]) => `${k}: ${valueText(v)}`)
        .join('; ');
    }
    return valueText(parsed);
  } catch {
    return s;
  }
}
