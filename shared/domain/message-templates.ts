// Messages to the applicant (issue 17; one-stop-rules.md §8 "three messages", kept configurable):
// the kinds, the default Vietnamese SMS-length templates, the placeholders each kind may use, and
// the one renderer. Pure: no I/O, so the core (queueing), the renderer (live preview) and tests use
// the same rules.
//
// - A placeholder is `{name}`. A template naming an unknown placeholder, or one its kind has no value
//   for (e.g. `{soTien}` in the reception message), is refused when saved, naming the placeholder.
// - Rendering never drops anything silently: an unknown placeholder or a known one without a value
//   throws; Vietnamese text is kept exactly as written (no folding, no stripping of diacritics).
// - Moments are written in Vietnam time, dd/MM/yyyy HH:mm (./vietnam-time.ts).
import { formatLocalDay, formatVietnamDateTime, isLocalDay } from './vietnam-time';

export const MESSAGE_KINDS = ['received', 'supplement', 'feePaid', 'resultReady', 'resultReturned', 'apology', 'dueSoon'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export function isMessageKind(k: unknown): k is MessageKind {
  return typeof k === 'string' && (MESSAGE_KINDS as readonly string[]).includes(k);
}

/** What each kind is, as the screens name it. */
export const MESSAGE_KIND_LABELS: Record<MessageKind, string> = {
  received: 'Đã tiếp nhận hồ sơ',
  supplement: 'Yêu cầu bổ sung hồ sơ',
  feePaid: 'Đã nộp phí, lệ phí',
  resultReady: 'Đã có kết quả',
  resultReturned: 'Đã trả kết quả',
  apology: 'Xin lỗi, hẹn lại ngày trả',
  dueSoon: 'Sắp đến hạn trả kết quả',
};

export const PLACEHOLDERS = {
  hoTen: 'Họ tên người nộp hồ sơ',
  maHoSo: 'Mã hồ sơ',
  tenThuTuc: 'Tên thủ tục hành chính',
  hanTra: 'Thời điểm hẹn trả kết quả (dd/MM/yyyy HH:mm)',
  donVi: 'Tên đơn vị tiếp nhận',
  lyDo: 'Lý do (bổ sung, xin lỗi)',
  ngayHenMoi: 'Ngày hẹn trả mới (xin lỗi)',
  soTien: 'Số tiền phí, lệ phí đã nộp',
} as const;
export type Placeholder = keyof typeof PLACEHOLDERS;

const COMMON: readonly Placeholder[] = ['hoTen', 'maHoSo', 'tenThuTuc', 'hanTra', 'donVi'];

/** The placeholders a kind has values for. */
export const KIND_PLACEHOLDERS: Record<MessageKind, readonly Placeholder[]> = {
  received: COMMON,
  supplement: [...COMMON, 'lyDo'],
  feePaid: [...COMMON, 'soTien'],
  resultReady: COMMON,
  resultReturned: COMMON,
  apology: [...COMMON, 'lyDo', 'ngayHenMoi'],
  dueSoon: COMMON,
};

/** Shipped templates (used while an administrator has not saved one of their own). */
export const DEFAULT_TEMPLATES: Record<MessageKind, string> = {
  received: '{donVi} đã tiếp nhận hồ sơ {maHoSo} ({tenThuTuc}) của ông/bà {hoTen}. Hẹn trả kết quả: {hanTra}.',
  supplement: 'Hồ sơ {maHoSo} của ông/bà {hoTen} cần bổ sung: {lyDo}. Đề nghị liên hệ {donVi} để bổ sung.',
  feePaid: '{donVi} đã nhận {soTien} phí, lệ phí của hồ sơ {maHoSo}. Hẹn trả kết quả: {hanTra}.',
  resultReady: 'Hồ sơ {maHoSo} ({tenThuTuc}) đã có kết quả. Mời ông/bà {hoTen} đến {donVi} nhận kết quả.',
  resultReturned: '{donVi} đã trả kết quả hồ sơ {maHoSo} cho ông/bà {hoTen}. Trân trọng cảm ơn.',
  apology: '{donVi} xin lỗi ông/bà {hoTen}: hồ sơ {maHoSo} chưa giải quyết đúng hẹn do {lyDo}. Hẹn trả lại: {ngayHenMoi}.',
  dueSoon: 'Hồ sơ {maHoSo} ({tenThuTuc}) của ông/bà {hoTen} sẽ đến hạn trả kết quả lúc {hanTra}.',
};

/** Longest template an administrator may save (a few SMS segments once filled in). */
export const MAX_TEMPLATE_LENGTH = 480;

/** What a dossier gives a message. Instants are ISO; `ngayHenMoi` may also be a local day yyyy-MM-dd. */
export interface MessageVars {
  hoTen: string;
  maHoSo: string;
  tenThuTuc: string;
  /** null: no due moment (the clock is paused); written "chưa xác định". */
  hanTra: string | null;
  donVi: string;
  lyDo?: string;
  ngayHenMoi?: string;
  /** Đồng. */
  soTien?: number;
}

/** A sample dossier for the live preview in Cài đặt. */
export const SAMPLE_MESSAGE_VARS: MessageVars = {
  hoTen: 'Nguyễn Văn An',
  maHoSo: 'H48.22-260105-0001',
  tenThuTuc: 'Đăng ký khai sinh',
  hanTra: '2026-01-08T10:00:00.000Z',
  donVi: 'UBND xã Tân Phú',
  lyDo: 'thiếu bản sao Giấy chứng sinh',
  ngayHenMoi: '2026-01-12T10:00:00.000Z',
  soTien: 50000,
};

const TOKEN = /\{([^{}]*)\}/g;

/** The placeholders written in a template, in order of first appearance. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(TOKEN)].map((m) => m[1]!))];
}

/** Why a template cannot be saved for `kind` (Vietnamese, naming the bad placeholder), or null. */
export function templateProblem(kind: MessageKind, text: string): string | null {
  const label = MESSAGE_KIND_LABELS[kind];
  if (!text.trim()) return `Mẫu tin nhắn “${label}” không được để trống.`;
  if (text.length > MAX_TEMPLATE_LENGTH) return `Mẫu tin nhắn “${label}” dài ${text.length} ký tự; tối đa ${MAX_TEMPLATE_LENGTH} ký tự.`;
  const stray = text.replace(TOKEN, '');
  if (stray.includes('{') || stray.includes('}')) return `Mẫu tin nhắn “${label}” có dấu ngoặc { } không khớp. Mỗi trường thay thế viết dạng {tenTruong}.`;
  const allowed = KIND_PLACEHOLDERS[kind];
  for (const name of placeholdersIn(text)) {
    if (!(name in PLACEHOLDERS)) return `Trường thay thế {${name}} không tồn tại. Các trường dùng được: ${allowed.map((p) => `{${p}}`).join(', ')}.`;
    if (!allowed.includes(name as Placeholder)) return `Trường thay thế {${name}} không dùng được trong mẫu “${label}”. Các trường dùng được: ${allowed.map((p) => `{${p}}`).join(', ')}.`;
  }
  return null;
}

/** 1234567 → "1.234.567 đồng". */
export function formatDong(n: number): string {
  const digits = String(Math.round(Math.abs(n))).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${n < 0 ? '-' : ''}${digits} đồng`;
}

function valueOf(name: Placeholder, vars: MessageVars): string | undefined {
  switch (name) {
    case 'hanTra':
      return vars.hanTra ? formatVietnamDateTime(vars.hanTra) : 'chưa xác định';
    case 'ngayHenMoi':
      if (vars.ngayHenMoi === undefined) return undefined;
      return isLocalDay(vars.ngayHenMoi) ? formatLocalDay(vars.ngayHenMoi) : formatVietnamDateTime(vars.ngayHenMoi);
    case 'soTien':
      return vars.soTien === undefined ? undefined : formatDong(vars.soTien);
    default:
      return vars[name];
  }
}

/**
 * The message for `kind` from `text`. Throws (Vietnamese) on a template its kind may not use, and on
 * a placeholder the caller gave no value for: nothing is left out silently.
 */
export function renderTemplate(kind: MessageKind, text: string, vars: MessageVars): string {
  const problem = templateProblem(kind, text);
  if (problem) throw new Error(problem);
  return text.replace(TOKEN, (_whole, name: string) => {
    const v = valueOf(name as Placeholder, vars);
    if (v === undefined || v.trim() === '') throw new Error(`Tin nhắn “${MESSAGE_KIND_LABELS[kind]}” cần giá trị cho {${name}} (${PLACEHOLDERS[name as Placeholder]}).`);
    return v;
  });
}

/** Characters that fit the GSM 7-bit alphabet (an SMS of 160 characters); anything else is UCS-2 (70). */
const GSM7 = /^[A-Za-z0-9 @£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà\n\r]*$/;

/** How many SMS segments a message takes (Vietnamese with diacritics is UCS-2: 70, then 67 each). */
export function smsSegments(text: string): { chars: number; segments: number; unicode: boolean } {
  const chars = [...text].length;
  const unicode = !GSM7.test(text);
  const [single, multi] = unicode ? [70, 67] : [160, 153];
  return { chars, unicode, segments: chars === 0 ? 0 : chars <= single ? 1 : Math.ceil(chars / multi) };
}
