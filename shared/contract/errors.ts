// Errors that cross a process boundary carry a stable code and a Vietnamese message an officer can
// act on. Internal errors are mapped to INTERNAL so stack traces never reach the renderer.
import { z } from 'zod';
import type { ErrorPayload } from './api';

export const ERROR_MESSAGES = {
  BAD_REQUEST: 'Dữ liệu gửi lên không hợp lệ.',
  UNKNOWN_METHOD: 'Chức năng không tồn tại.',
  UNAUTHORIZED: 'Bạn cần đăng nhập để thực hiện thao tác này.',
  FORBIDDEN: 'Tài khoản của bạn không có quyền thực hiện thao tác này.',
  LOCKED: 'Màn hình đang khóa: nhập mã PIN để mở lại.',
  BAD_CREDENTIALS: 'Tên đăng nhập hoặc mã PIN không đúng.',
  TOO_MANY_ATTEMPTS: 'Nhập sai mã PIN nhiều lần: hãy đợi một lát rồi thử lại.',
  ACCOUNT_LOCKED: 'Tài khoản đã bị khóa do nhập sai mã PIN quá nhiều lần: nhờ quản trị viên mở khóa.',
  ALREADY_SET_UP: 'Ứng dụng đã được thiết lập trước đó.',
  NOT_FOUND: 'Không tìm thấy dữ liệu yêu cầu.',
  CONFLICT: 'Dữ liệu đã tồn tại hoặc vừa bị thay đổi.',
  TRANSITION_FORBIDDEN: 'Không thể chuyển hồ sơ sang trạng thái này.',
  FILE_TOO_LARGE: 'Tệp quá lớn.',
  FILE_EMPTY: 'Tệp rỗng (0 byte).',
  FILE_CORRUPT: 'Tệp bị hỏng hoặc không đọc được.',
  FILE_UNSUPPORTED: 'Định dạng tệp không được hỗ trợ.',
  IMAGE_TOO_LARGE: 'Ảnh có kích thước quá lớn.',
  PDF_UNSAFE: 'Tệp PDF chứa mã lệnh (JavaScript) nên không được nhận.',
  DISK_FULL: 'Ổ đĩa đã đầy, không thể ghi dữ liệu. Hãy giải phóng dung lượng rồi thử lại.',
  SCANNER_UNAVAILABLE: 'Không kết nối được máy quét.',
  SCANNER_ERROR: 'Máy quét báo lỗi.',
  FOLDER_UNREADABLE: 'Không đọc được thư mục quét.',
  OCR_FAILED: 'Nhận dạng ký tự (OCR) thất bại.',
  LANGUAGE_DATA_MISSING: 'Thiếu dữ liệu ngôn ngữ OCR.',
  CERTIFICATE_INVALID: 'Tệp chứng thư số không hợp lệ: cần tệp .p12 hoặc .pfx có khóa bí mật.',
  CERTIFICATE_PASSWORD: 'Mật khẩu chứng thư số không đúng.',
  CERTIFICATE_EXPIRED: 'Chứng thư số đã hết hạn hoặc chưa có hiệu lực.',
  TOKEN_UNAVAILABLE: 'Không dùng được USB token ký số.',
  SIGNING_LOCKED: 'Chữ ký số của bạn chưa được mở khóa: vào Cài đặt → Chữ ký số, nhập mật khẩu chứng thư số rồi tạo lại PDF. Các trang đã quét vẫn được giữ nguyên.',
  SIGNING_FAILED: 'Không ký số được tệp PDF. Các trang đã quét vẫn được giữ nguyên; hãy thử lại.',
  STORE_CORRUPT: 'Cơ sở dữ liệu bị lỗi.',
  INTERNAL: 'Đã xảy ra lỗi không mong muốn. Dữ liệu của bạn không bị mất; hãy thử lại.',
} as const;
export type ErrorCode = keyof typeof ERROR_MESSAGES;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message?: string, details?: unknown) {
    super(message ?? ERROR_MESSAGES[code]);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  toPayload(): ErrorPayload {
    return { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) };
  }
}

/** Turns zod issues into one readable Vietnamese line naming the fields at fault. */
export function describeZodError(err: z.ZodError): string {
  const fields = [...new Set(err.issues.map((i) => i.path.join('.') || '(gốc)'))];
  // The contract's own checks (refinements) carry Vietnamese messages written for the user; zod's
  // built-in ones are English and stay out.
  const own = [...new Set(err.issues.filter((i) => i.code === 'custom').map((i) => i.message))];
  return `${ERROR_MESSAGES.BAD_REQUEST}${own.length ? ` ${own.slice(0, 3).join(' ')}` : ''} Trường sai: ${fields.slice(0, 5).join(', ')}.`;
}

/** Node's errno codes that mean "the disk is full" on the platforms we ship to. */
export function isDiskFull(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL';
}

/** What migration 019's triggers say when a write reaches a dossier received at another desk (held read-only). */
export const OTHER_DESK_READ_ONLY = 'Hồ sơ do quầy khác tiếp nhận: máy này chỉ được xem, không được sửa.';

export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof AppError) return err.toPayload();
  const e = err as { code?: unknown; message?: unknown } | null;
  if (e?.code === 'SQLITE_CONSTRAINT_TRIGGER' && e.message === OTHER_DESK_READ_ONLY) return { code: 'FORBIDDEN', message: OTHER_DESK_READ_ONLY };
  if (err instanceof z.ZodError) {
    // An upload over the limit is a file problem the officer can act on, not a malformed request.
    if (err.issues.some((i) => i.code === 'too_big' && i.path[i.path.length - 1] === 'dataBase64')) {
      return { code: 'FILE_TOO_LARGE', message: `${ERROR_MESSAGES.FILE_TOO_LARGE} Mỗi tệp tối đa 200 MB.` };
    }
    return { code: 'BAD_REQUEST', message: describeZodError(err) };
  }
  if (isDiskFull(err)) return { code: 'DISK_FULL', message: ERROR_MESSAGES.DISK_FULL };
  return { code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL };
}
