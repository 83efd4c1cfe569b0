// The sync protocol between a desk (its outbox) and the province receiver (server/), version 1.
// Prose, with the rules this file cannot say: docs/sync-protocol.md. Both sides validate with these
// schemas; a change that an older peer could misread bumps SYNC_PROTOCOL_VERSION (the receiver
// answers 426 to any other version).
import { z } from 'zod';
import { calendarRowsProblem } from '../domain/calendar';
import { ApplicantRecordSchema, ChannelSchema, ComponentKindSchema, DossierStatusSchema, FeeChargedSchema, InstantSchema, PaidOnlineSchema, ProcedureFeeSchema } from '../domain/schemas';

export const SYNC_PROTOCOL_VERSION = 1;

/** Headers every /v1 request carries. */
export const SYNC_HEADERS = {
  /** The protocol version the desk speaks: "1". Missing or different → 426. */
  version: 'x-motcua-sync-version',
  /** The desk's clock when it sent the request (ISO 8601 with offset): the receiver measures skew. */
  deskTime: 'x-motcua-desk-time',
  /** File upload: bytes already held (HEAD answer; PUT request). */
  uploadOffset: 'upload-offset',
  /** File upload: the whole file's size in bytes (PUT request). */
  uploadLength: 'upload-length',
  /** File upload: "1" once the file is verified and served (HEAD answer). */
  uploadComplete: 'upload-complete',
} as const;

/** Beyond this the desk's clock is called off: its times are shifted by the skew for ordering. */
export const CLOCK_SKEW_TOLERANCE_MS = 2 * 60_000;

export const SYNC_MESSAGES = {
  PROTOCOL_VERSION: `Phần mềm tại quầy dùng phiên bản đồng bộ khác với máy chủ tỉnh (máy chủ dùng phiên bản ${SYNC_PROTOCOL_VERSION}). Hãy cập nhật phần mềm rồi đồng bộ lại.`,
  ENROLL_TOKEN_INVALID: 'Mã đăng ký máy không đúng, đã được dùng hoặc đã bị thu hồi. Hãy xin bộ phận CNTT của tỉnh một mã mới.',
  UNAUTHORIZED: 'Máy này chưa được đăng ký với máy chủ tỉnh hoặc đã bị thu hồi quyền đồng bộ. Hãy đăng ký lại bằng mã do bộ phận CNTT cấp.',
  FORBIDDEN_UNIT: 'Máy này không được nhận dữ liệu của đơn vị đã chọn.',
  BAD_REQUEST: 'Dữ liệu đồng bộ gửi lên không hợp lệ.',
  DESK_MISMATCH: 'Mục đồng bộ ghi mã máy khác với máy đang gửi.',
  SEQ_CONFLICT: 'Số thứ tự này đã được dùng cho một mục đồng bộ khác của cùng máy.',
  UNIT_MISMATCH: 'Hồ sơ thuộc đơn vị khác với đơn vị mà máy này được đăng ký.',
  FILE_MISSING: 'Tệp đính kèm chưa được tải lên máy chủ tỉnh: hãy tải tệp lên trước rồi gửi lại.',
  HASH_MISMATCH: 'Tệp tải lên không khớp mã kiểm tra SHA-256: tệp bị hỏng trên đường truyền, hãy tải lại từ đầu.',
  OFFSET_MISMATCH: 'Vị trí tiếp tục tải tệp không khớp với máy chủ: hãy hỏi lại vị trí rồi tải tiếp.',
  FILE_TOO_LARGE: 'Tệp quá lớn so với giới hạn của máy chủ tỉnh.',
  CLOCK_SKEW: 'Đồng hồ của máy này lệch nhiều so với máy chủ tỉnh: hãy chỉnh lại giờ hệ thống. Máy chủ đã dùng giờ của mình để sắp thứ tự thay đổi.',
  NOT_FOUND: 'Không tìm thấy dữ liệu yêu cầu.',
  INTERNAL: 'Máy chủ tỉnh gặp lỗi không mong muốn. Dữ liệu tại quầy không bị mất; việc đồng bộ sẽ tự thử lại.',
  STORE_UNAVAILABLE: 'Máy chủ tỉnh tạm thời không kết nối được kho lưu tệp. Dữ liệu tại quầy không bị mất; việc đồng bộ sẽ tự thử lại. Nếu lỗi kéo dài, hãy báo bộ phận CNTT của tỉnh.',
  STORAGE_FULL: 'Máy chủ tỉnh đã hết chỗ lưu trữ nên chưa nhận được dữ liệu này. Dữ liệu tại quầy không bị mất; việc đồng bộ sẽ tự thử lại. Hãy báo bộ phận CNTT của tỉnh.',
} as const;
export type SyncErrorCode = keyof typeof SYNC_MESSAGES;

export const SyncErrorSchema = z.object({ code: z.string(), message: z.string() });
export type SyncError = z.infer<typeof SyncErrorSchema>;

const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'Mã SHA-256 phải gồm 64 ký tự hex viết thường.');
export { Sha256Schema };
/** A unit code as the desk is configured with (A.B.C…). */
const UnitCodeSchema = z.string().min(1).max(64);

// ---- Enrollment ------------------------------------------------------------------------------

export const EnrollRequestSchema = z.object({
  /** The one-time token IT gave for this machine. */
  token: z.string().min(8).max(200),
  /** What IT sees in its list of desks (machine or counter name). */
  deskName: z.string().trim().min(1).max(200),
});
export type EnrollRequest = z.infer<typeof EnrollRequestSchema>;

export const DeskRoleSchema = z.enum(['officer', 'supervisor']);
export type DeskRole = z.infer<typeof DeskRoleSchema>;

export const EnrollResponseSchema = z.object({
  deskId: z.string(),
  /** Shown once; the receiver keeps only its hash. Sent as `Authorization: Bearer <deskId>.<secret>`. */
  secret: z.string(),
  unitCode: UnitCodeSchema,
  role: DeskRoleSchema,
  serverTime: InstantSchema,
});
export type EnrollResponse = z.infer<typeof EnrollResponseSchema>;

// ---- Push: outbox items ----------------------------------------------------------------------

/** The upstream key of a dossier: its code (MaHoSo) within its unit, fixed by the desk before any send. */
export const DossierKeySchema = z.object({ code: z.string().min(1).max(64), unitCode: UnitCodeSchema });
export type DossierKey = z.infer<typeof DossierKeySchema>;

/**
 * Reception data: what the desk is authoritative for. Every field is optional (send what changed);
 * fields the upstream owns (status, results, online payment, complaint) are not part of it and are
 * dropped if sent.
 */
export const DossierReceptionSchema = z.object({
  procedureCode: z.string().max(100),
  procedureName: z.string().max(1000),
  fieldCode: z.string().max(100),
  channel: ChannelSchema,
  applicant: ApplicantRecordSchema,
  /** LoaiDoiTuong: 1 citizen, 2 enterprise, 3 agency, 4 other. */
  applicantType: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  summary: z.string().max(2000),
  submittedAt: InstantSchema,
  receivedAt: InstantSchema,
  dueAt: InstantSchema.nullable(),
  officerName: z.string().max(200),
  fees: z.array(FeeChargedSchema),
}).partial();
export type DossierReception = z.infer<typeof DossierReceptionSchema>;

/**
 * TrichYeuHoSo of a dossier received at the counter, which records no summary of its own: the
 * procedure and the applicant ("Đăng ký khai sinh - Trần Thị Bích"), at most 2000 characters.
 */
export function receptionSummary(procedureName: string, applicantName: string): string {
  return [procedureName.trim(), applicantName.trim()].filter(Boolean).join(' - ').slice(0, 2000);
}
export const DESK_DOSSIER_FIELDS = Object.keys(DossierReceptionSchema.shape) as (keyof DossierReception)[];

/** What the upstream (the provincial processing system, the national portal) is authoritative for. */
export const DossierUpstreamSchema = z.object({
  status: DossierStatusSchema,
  resultCode: z.string().max(200).nullable(),
  resultFile: z.string().max(2000).nullable(),
  endedAt: InstantSchema.nullable(),
  returnedAt: InstantSchema.nullable(),
  paidOnline: PaidOnlineSchema,
  complaint: z.boolean(),
}).partial();
export type DossierUpstream = z.infer<typeof DossierUpstreamSchema>;
export const UPSTREAM_DOSSIER_FIELDS = Object.keys(DossierUpstreamSchema.shape) as (keyof DossierUpstream)[];

/**
 * Statuses a desk event sets on the dossier: what happens at the counter (registered, received,
 * refused, withdrawal asked for, result returned). A desk event with a processing status (4, 5, 6, 8,
 * 9) is kept in the dossier's history and relayed as a progress step, but the dossier's status
 * follows the upstream for those.
 */
export const DESK_STATUSES: readonly number[] = [1, 2, 3, 7, 10];

export const DossierPayloadSchema = DossierKeySchema.extend({ fields: DossierReceptionSchema });
export const DossierEventPayloadSchema = DossierKeySchema.extend({
  status: DossierStatusSchema,
  officerName: z.string().max(200).default(''),
  officerTitle: z.string().max(200).default(''),
  department: z.string().max(200).default(''),
  note: z.string().max(2000).default(''),
  /** NgayKetThucTheoQuyDinh of the step, when the desk knows it. */
  dueAt: InstantSchema.nullable().default(null),
});
export const ComponentFilePayloadSchema = DossierKeySchema.extend({
  /** MaThanhPhanHoSo, or the component's sequence as text when the procedure has no codes. */
  componentCode: z.string().min(1).max(100),
  name: z.string().min(1).max(500),
  sha256: Sha256Schema,
  /** DuocSoHoa / DuocTaiSuDung / DuocLayTuKhoDMQG. */
  digitized: z.boolean().default(true),
  reused: z.boolean().default(false),
  fromNationalStore: z.boolean().default(false),
  /** A withdrawn file: the component has no file any more. */
  removed: z.boolean().default(false),
});
/** Guided (assisted) online submissions and messages: opaque records kept last-writer-wins. */
export const RecordPayloadSchema = z.object({ unitCode: UnitCodeSchema, data: z.record(z.string(), z.unknown()) });

export const OUTBOX_KINDS = ['dossier', 'dossierEvent', 'componentFile', 'guided', 'message'] as const;
export const OutboxKindSchema = z.enum(OUTBOX_KINDS);
export type OutboxKind = z.infer<typeof OutboxKindSchema>;

export const PAYLOAD_SCHEMAS = {
  dossier: DossierPayloadSchema,
  dossierEvent: DossierEventPayloadSchema,
  componentFile: ComponentFilePayloadSchema,
  guided: RecordPayloadSchema,
  message: RecordPayloadSchema,
} as const;

/** One outbox item. The payload is checked per kind (PAYLOAD_SCHEMAS) item by item, so one bad item is rejected alone. */
export const OutboxItemSchema = z.object({
  deskId: z.string().min(1).max(64),
  /** Per desk, gapless and increasing from 1, assigned when the desk writes the item. */
  seq: z.number().int().min(1),
  /** Made by the desk (UUID). */
  id: z.string().uuid(),
  kind: OutboxKindSchema,
  /** The desk's id of the thing changed (dossier id, event id, component id…). */
  entityId: z.string().min(1).max(200),
  /** When the change happened, by the desk's clock. */
  at: InstantSchema,
  payload: z.unknown(),
});
export type OutboxItem = z.infer<typeof OutboxItemSchema>;

export const PushRequestSchema = z.object({ items: z.array(z.unknown()).min(1).max(500) });
export type PushRequest = { items: OutboxItem[] };

export const PushItemResultSchema = z.discriminatedUnion('outcome', [
  z.object({ seq: z.number().int(), id: z.string(), outcome: z.literal('accepted') }),
  z.object({ seq: z.number().int(), id: z.string(), outcome: z.literal('duplicate') }),
  z.object({ seq: z.number().int(), id: z.string(), outcome: z.literal('rejected'), code: z.string(), message: z.string() }),
]);
export type PushItemResult = z.infer<typeof PushItemResultSchema>;

export const ClockReportSchema = z.object({
  serverTime: InstantSchema,
  /** Desk clock minus receiver clock, in ms (0 when the desk sent no time). */
  skewMs: z.number(),
  /** Set when the skew is beyond CLOCK_SKEW_TOLERANCE_MS. */
  warning: z.string().optional(),
});
export type ClockReport = z.infer<typeof ClockReportSchema>;

export const PushResponseSchema = ClockReportSchema.extend({
  results: z.array(PushItemResultSchema),
  /** Every seq ≤ this is held by the receiver (accepted, duplicate or rejected): the desk may drop them. */
  contiguousSeq: z.number().int().min(0),
});
export type PushResponse = z.infer<typeof PushResponseSchema>;

// ---- Pull ------------------------------------------------------------------------------------

export const CHANGE_KINDS = ['dossier', 'dossierEvent', 'componentFile', 'catalog', 'calendar'] as const;
export const ChangeSchema = z.object({
  /** Monotonic; the next pull's cursor is the last one seen. */
  changeId: z.number().int().min(1),
  kind: z.enum(CHANGE_KINDS),
  /** "upstream", "admin" or "desk:<deskId>" (other desks' changes reach supervisor installs only). */
  origin: z.string(),
  /** The name IT gave the desk of a "desk:<id>" origin (shown as "Quầy tiếp nhận: …"); absent otherwise. */
  originName: z.string().optional(),
  /** null: every unit. */
  unitCode: z.string().nullable(),
  /** The dossier code, catalog entry id, calendar year… */
  entityKey: z.string(),
  at: InstantSchema,
  payload: z.unknown(),
});
export type Change = z.infer<typeof ChangeSchema>;

// What a pulled change's payload holds, per kind (the desk applies them; docs/sync-protocol.md
// "The desk side"). `dossier`: the key and the fields that took effect on the receiver (reception
// and/or upstream fields). `dossierEvent`: a desk's status step. `componentFile`: a component's file
// by SHA-256 (the desk keeps the reference, FILE_PATHS.public). `catalog` and `calendar`: the data
// the administrator posted to /admin/records, below.

export const PulledDossierSchema = DossierKeySchema.extend({ fields: z.record(z.string(), z.unknown()) });
export const PulledEventSchema = DossierEventPayloadSchema.extend({
  /** "<deskId>/<the desk's event id>": unique across desks. */
  eventId: z.string().min(1).max(300),
  /** When the step happened, by the desk's clock. */
  at: InstantSchema,
  /** The step set the dossier's status on the receiver (a counter status that was the newest). */
  statusApplied: z.boolean().default(false),
});
export const PulledComponentFileSchema = ComponentFilePayloadSchema;

/**
 * A procedure of the province's catalog (`kind: "catalog"`, entityId = the procedure's code, unit
 * null for every unit). Applied like a catalog import row (main/services/catalog.ts): by code, what
 * the record gives replaces the desk's value, what it leaves out keeps it; a new procedure needs
 * `processingDays` or `processingHours`. `retired: true` takes it out of reception's search.
 */
export const CatalogRecordSchema = z.object({
  code: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(500),
  field: z.string().max(200).optional(),
  level: z.string().max(20).optional(),
  processingDays: z.number().min(0).max(365).optional(),
  processingHours: z.number().min(0).max(10_000).nullable().optional(),
  after15hRule: z.boolean().optional(),
  fullyOnline: z.boolean().optional(),
  resultIsPaper: z.boolean().optional(),
  feeBearing: z.boolean().optional(),
  fees: z.array(ProcedureFeeSchema).max(50).optional(),
  portalUrl: z.string().max(1000).optional(),
  retired: z.boolean().optional(),
  components: z
    .array(z.object({ name: z.string().trim().min(1).max(500), required: z.boolean().default(true), copies: z.number().int().min(0).max(99).default(1), kind: ComponentKindSchema.default('original') }))
    .max(100)
    .optional(),
});
export type CatalogRecord = z.infer<typeof CatalogRecordSchema>;

/**
 * One year of the working calendar (`kind: "calendar"`, entityId = the year, e.g. "2032"; unit null
 * for the whole province): its rows (days off on weekdays, weekend days worked) replace the desk's
 * rows of that year, as a calendar import does. Other years stay.
 */
export const CalendarRecordSchema = z
  .object({
    year: z.number().int().min(2000).max(2200),
    days: z
      .array(
        z.object({
          date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
          kind: z.enum(['off', 'work']),
          name: z.string().trim().min(1).max(300),
          basis: z.string().trim().max(500).default(''),
          confirmed: z.boolean().default(true),
        }),
      )
      .max(400),
  })
  .superRefine((r, ctx) => {
    const problem = calendarRowsProblem(r.days);
    if (problem) ctx.addIssue({ code: 'custom', path: ['days'], message: problem });
    const stray = r.days.find((d) => Number(d.date.slice(0, 4)) !== r.year);
    if (stray) ctx.addIssue({ code: 'custom', path: ['days'], message: `Ngày ${stray.date} không thuộc năm ${r.year}.` });
  });
export type CalendarRecord = z.infer<typeof CalendarRecordSchema>;

export const PullResponseSchema = ClockReportSchema.extend({
  changes: z.array(ChangeSchema),
  /** Pass back as ?cursor= next time (unchanged when there was nothing new). */
  cursor: z.number().int().min(0),
  /** More changes wait beyond this page. */
  more: z.boolean(),
});
export type PullResponse = z.infer<typeof PullResponseSchema>;

// ---- Files -----------------------------------------------------------------------------------

export const FILE_PATHS = {
  /** HEAD: offset; PUT: append from Upload-Offset (desk credential). */
  upload: (sha256: string) => `/v1/files/${sha256}`,
  /** GET: the stable public URL the national portal downloads from. */
  public: (sha256: string) => `/files/${sha256}`,
} as const;

/** Ordering key of a change: (time on the receiver's clock, origin, seq). Larger wins. */
export interface Stamp {
  /** ms since epoch, receiver-corrected. */
  t: number;
  o: string;
  s: number;
}

export function compareStamps(a: Stamp, b: Stamp): number {
  if (a.t !== b.t) return a.t < b.t ? -1 : 1;
  if (a.o !== b.o) return a.o < b.o ? -1 : 1;
  return a.s === b.s ? 0 : a.s < b.s ? -1 : 1;
}
