// The one typed contract between the renderer and the core. Every host (Electron IPC, the browser
// host, tests) dispatches through these schemas: inputs are parsed where they enter the core,
// outputs where they enter the renderer. Adding a method here is the only way to expose one.
import { z } from 'zod';
import { isProcedureLevel } from '../domain/procedure-catalog';
import {
  ApplicantRecordSchema,
  ApplicantSchema,
  InstantSchema,
  AssistedSubmissionSchema,
  CampaignSchema,
  LocalDaySchema,
  AuditEntrySchema,
  ChannelSchema,
  DossierDetailSchema,
  DossierSchema,
  DossierStatusSchema,
  FeeChargedSchema,
  IdSchema,
  PaidOnlineSchema,
  OfficerSchema,
  PageSchema,
  ProcedureComponentTemplateSchema,
  ProcedureFeeSchema,
  ProcedureSchema,
  RoleSchema,
  UnitSchema,
} from '../domain/schemas';
import { MESSAGE_KINDS } from '../domain/message-templates';
import { SyncStatusSchema } from './sync-desk';

const Empty = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });

/** Uploaded bytes travel as base64 so the same payload works over IPC and HTTP. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
export const UploadSchema = z.object({
  name: z.string().min(1).max(260),
  dataBase64: z.string().max(Math.ceil((MAX_UPLOAD_BYTES * 4) / 3) + 8),
});

export const SessionSchema = z.object({
  officer: OfficerSchema,
  unit: UnitSchema,
  /** The desk the officer sits at (from their account). */
  desk: z.string().nullable(),
  signedInAt: z.string(),
  /** Locked after the idle limit: only the PIN (auth.unlock) or signing out opens it again. */
  locked: z.boolean(),
});
export type Session = z.infer<typeof SessionSchema>;

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'browser', 'cli', 'test']),
  dataDir: z.string(),
  schemaVersion: z.number().int(),
  needsSetup: z.boolean(),
  session: SessionSchema.nullable(),
  /** Minutes without activity before the desk locks (0: never). */
  idleLockMinutes: z.number().int().min(0),
});

export const DoctorCheckSchema = z.object({
  id: z.string(),
  label: z.string(),
  ok: z.boolean(),
  detail: z.string(),
});
export const DoctorReportSchema = z.object({ ok: z.boolean(), checks: z.array(DoctorCheckSchema) });
export type DoctorReport = z.infer<typeof DoctorReportSchema>;

export const SettingsSchema = z.object({
  unitName: z.string().max(300),
  deskName: z.string().max(100),
  dossierCodePattern: z.string().max(100),
  /** Not used: OCR always reads Vietnamese (vie); kept so stored settings and older clients still parse. */
  ocrLanguages: z.string().max(40),
  lowConfidenceThreshold: z.number().min(0).max(100),
  scanDpi: z.number().int().min(100).max(1200),
  scanColor: z.boolean(),
  watchFolder: z.string().max(1000),
  portalUrlTemplate: z.string().max(1000),
  /** PKCS#11 libraries of the USB signing tokens IT allows on this PC (absolute paths). */
  tokenLibraries: z.array(z.string().trim().min(1).max(1000)).max(20),
  /** The province's current campaign with dated targets (Thống kê measures progress); null: none. */
  campaign: CampaignSchema.nullable(),
  /** Minutes without activity before the desk locks (the machine policy may fix it). */
  idleLockMinutes: z.number().int().min(1).max(120),
  /** Scheduled backups (main/services/backup.ts): folder ('' = off), every N hours, keep the newest K. */
  backupFolder: z.string().max(1000),
  backupIntervalHours: z.number().int().min(0).max(24 * 31),
  backupKeep: z.number().int().min(1).max(1000),
  /**
   * The reading of the index formula where the rules leave one open (shared/domain/national-index.ts
   * INDEX_READINGS): 'portal' (digitization 4 × rate, as live scores fit) or 'document' (full at 80 %).
   */
  indexReading: z.enum(['portal', 'document']),
});
export type Settings = z.infer<typeof SettingsSchema>;

/**
 * The machine policy (a JSON file IT installs; the app reads it and never writes it). Settings it
 * holds are shown read-only in Cài đặt and refused by settings.update.
 */
export const MachinePolicySchema = z
  .object({
    /** PKCS#11 libraries of the USB signing tokens allowed on this PC (absolute paths). */
    tokenLibraries: z.array(z.string().trim().min(1).max(1000)).max(20).default([]),
    /** Folders under which a watched scan folder may live (absolute paths or UNC shares). */
    watchRoots: z.array(z.string().trim().min(1).max(1000)).max(20).default([]),
    /** The province's receiver (sync). */
    upstreamUrl: z.string().trim().max(1000).regex(/^https?:\/\//, 'Địa chỉ máy chủ phải bắt đầu bằng http:// hoặc https://').nullable().default(null),
    /** The unit's identity, fixed by IT for this PC. */
    unit: z.object({ code: z.string().trim().min(1).max(64), name: z.string().trim().min(1).max(300) }).nullable().default(null),
    /** Idle lock, fixed by IT (minutes). */
    idleLockMinutes: z.number().int().min(1).max(120).nullable().default(null),
    /**
     * A one-time enrollment token from the province receiver: a desk not yet enrolled enrolls itself
     * with it (named after the computer) as soon as the receiver answers. Never shown back.
     */
    syncEnrollmentToken: z.string().trim().min(8).max(200).nullable().default(null),
  })
  .strict();
export type MachinePolicy = z.infer<typeof MachinePolicySchema>;
export type MachinePolicyInput = z.input<typeof MachinePolicySchema>;
export const PolicyViewSchema = z.object({
  path: z.string(),
  loaded: z.boolean(),
  error: z.string().nullable(),
  values: MachinePolicySchema,
  /** Settings keys the policy fixes (refused by settings.update). */
  locked: z.array(z.string()).default([]),
});
export type PolicyView = z.infer<typeof PolicyViewSchema>;

export const CertificateInfoSchema = z.object({
  /** The holder's common name (CN), as the CA wrote it. */
  subject: z.string(),
  organization: z.string().nullable(),
  issuer: z.string(),
  serial: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
});
export type CertificateInfo = z.infer<typeof CertificateInfoSchema>;

/** The signed-in officer's signing certificate: configured (stored), unlocked for this session. */
export const SigningStatusSchema = z.object({
  configured: z.boolean(),
  unlocked: z.boolean(),
  expired: z.boolean(),
  /** Where the key is: a .p12/.pfx file kept by the app, or a USB token (PKCS#11). */
  kind: z.enum(['p12', 'pkcs11']).nullable(),
  token: z.object({ library: z.string(), serial: z.string() }).nullable(),
  certificate: CertificateInfoSchema.nullable(),
});
export const TokenInfoSchema = z.object({
  serial: z.string(),
  label: z.string(),
  manufacturer: z.string(),
  certificates: z.array(CertificateInfoSchema.extend({ keyId: z.string() })),
});
export type SigningStatus = z.infer<typeof SigningStatusSchema>;

export const JobSchema = z.object({
  id: z.string(),
  kind: z.enum(['import', 'scan', 'build-pdf', 'ocr']),
  state: z.enum(['queued', 'running', 'done', 'failed']),
  done: z.number().int().min(0),
  total: z.number().int().min(0),
  message: z.string(),
  /** Per-item problems: the batch goes on, each failure is reported in Vietnamese. */
  errors: z.array(z.object({ item: z.string(), message: z.string() })),
});
export type Job = z.infer<typeof JobSchema>;

export const OcrWordSchema = z.object({
  text: z.string(),
  confidence: z.number(),
  bbox: z.object({ x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() }),
});
export type OcrWord = z.infer<typeof OcrWordSchema>;

export const CaptureDeviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['sane', 'wia', 'folder']),
});

export const CaptureStatusSchema = z.object({
  /** Where scan-to-folder files go; null = the watcher waits and leaves files where they are. */
  targetComponentId: IdSchema.nullable(),
  watchFolder: z.string(),
  watching: z.boolean(),
  lastError: z.string().nullable(),
  imported: z.number().int().min(0),
});
export type CaptureStatus = z.infer<typeof CaptureStatusSchema>;

export const SearchHitSchema = z.object({
  dossierId: IdSchema,
  dossierCode: z.string(),
  componentId: IdSchema,
  componentName: z.string(),
  pageId: IdSchema,
  pageSequence: z.number().int(),
  snippet: z.string(),
});

// --- statistics (national index, daily totals) ---------------------------------------------------
const RatioSchema = z.object({ count: z.number().int(), of: z.number().int(), rate: z.number().nullable() });
export const IndexReportSchema = z.object({
  period: z.object({ from: LocalDaySchema, to: LocalDaySchema }),
  received: z.number().int(),
  onTime: RatioSchema.extend({ points: z.number().nullable() }),
  overdue: RatioSchema,
  online: RatioSchema.extend({ fraction: z.number().nullable() }),
  digitization: RatioSchema.extend({ points: z.number().nullable() }),
  reuse: RatioSchema.extend({ points: z.number().nullable() }),
  payment: RatioSchema.extend({ points: z.number().nullable() }),
  satisfaction: z.object({ rate: z.number().nullable(), complaints: z.number().int(), points: z.number().nullable() }),
  /** Criteria whose inputs the desk does not record yet (they arrive with sync): shown, but flagged. */
  notRecorded: z.array(z.enum(['electronicResult', 'reuse', 'payment', 'complaints'])),
  /** `guided`: walk-in citizens guided through submitting online (Hướng dẫn nộp trực tuyến). */
  byOfficer: z.array(z.object({ officerId: z.string().nullable(), name: z.string(), desk: z.string(), received: z.number().int(), digitized: z.number().int(), online: z.number().int(), onTime: z.number().int(), guided: z.number().int() })),
  byDay: z.array(z.object({ day: LocalDaySchema, received: z.number().int(), digitized: z.number().int(), online: z.number().int(), guided: z.number().int() })),
});
export type IndexReport = z.infer<typeof IndexReportSchema>;

/** What an import of dossier histories did (`motcua import-dossiers`, Cài đặt → Nhập lịch sử hồ sơ). */
export const HistoryImportResultSchema = z.object({
  unitCode: z.string(),
  lines: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  refused: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
  errorsNotListed: z.number().int(),
});
export type HistoryImportResult = z.infer<typeof HistoryImportResultSchema>;
// --- Thống kê for supervisors (stored verdict facts: main/services/stats.ts) ---------------------
const StatsPeriodFields = { from: LocalDaySchema, to: LocalDaySchema };
const inOrder = (p: { from: string; to: string }) => p.from <= p.to;
const withinYears = (years: number) => (p: { from: string; to: string }) => Date.parse(p.to) - Date.parse(p.from) <= years * 366 * 86400_000;
export const StatsCountsSchema = z.object({
  received: z.number().int(),
  onTime: z.number().int(),
  online: z.number().int(),
  digitized: z.number().int(),
  reused: z.number().int(),
  paid: z.number().int(),
  paidOf: z.number().int(),
  complaint: z.number().int(),
});
export type StatsCounts = z.infer<typeof StatsCountsSchema>;
export const STATS_GROUPS = ['desk', 'officer', 'procedure', 'field'] as const;
export const STATS_CRITERIA = ['received', 'onTime', 'overdue', 'online', 'digitized', 'reused', 'paid', 'complaint'] as const;
export type StatsCriterion = (typeof STATS_CRITERIA)[number];
export const StatsIndexSchema = IndexReportSchema.pick({ period: true, received: true, onTime: true, overdue: true, online: true, digitization: true, reuse: true, payment: true, satisfaction: true, notRecorded: true }).extend({
  /** The instant the period is judged at (its end, or now while it runs). */
  judgedAt: InstantSchema,
  counts: StatsCountsSchema,
});
export type StatsIndex = z.infer<typeof StatsIndexSchema>;
export const StatsTrendSchema = z.object({
  judgedAt: InstantSchema,
  granularity: z.enum(['day', 'week', 'month']),
  buckets: z.array(StatsCountsSchema.extend({ key: LocalDaySchema, from: LocalDaySchema, to: LocalDaySchema })),
});
export type StatsTrend = z.infer<typeof StatsTrendSchema>;
export const StatsBreakdownSchema = z.object({
  judgedAt: InstantSchema,
  by: z.enum(STATS_GROUPS),
  rows: z.array(StatsCountsSchema.extend({ key: z.string(), label: z.string() })),
});
export type StatsBreakdown = z.infer<typeof StatsBreakdownSchema>;
export const StatsDrillItemSchema = z.object({
  id: z.string(),
  code: z.string(),
  procedureCode: z.string(),
  procedureName: z.string(),
  applicantName: z.string(),
  officerName: z.string(),
  receivedAt: InstantSchema,
  dueAt: InstantSchema.nullable(),
  endedAt: InstantSchema.nullable(),
  status: DossierStatusSchema,
  channel: z.number().int(),
});
export const StatsWorkItemSchema = z.object({
  id: z.string(),
  code: z.string(),
  procedureName: z.string(),
  applicantName: z.string(),
  officerName: z.string(),
  status: DossierStatusSchema,
  dueAt: InstantSchema,
  /** Within the configured due-soon warning (Cài đặt → Mẫu tin nhắn). */
  warning: z.boolean(),
});
export const StatsWorklistSchema = z.object({
  asOf: InstantSchema,
  warningHours: z.number(),
  overdue: z.array(StatsWorkItemSchema),
  /** Due within one working day (8 working hours by the desk's calendar). */
  dueIn1: z.array(StatsWorkItemSchema),
  /** Due after one and within three working days. */
  dueIn3: z.array(StatsWorkItemSchema),
});
export type StatsWorklist = z.infer<typeof StatsWorklistSchema>;
export const StatsCampaignSchema = z.object({
  campaign: CampaignSchema,
  asOf: InstantSchema,
  elapsedDays: z.number().int(),
  remainingDays: z.number().int(),
  targets: z.array(
    z.object({
      key: z.enum(['online', 'digitization', 'onTime']),
      target: z.number(),
      count: z.number().int(),
      of: z.number().int(),
      current: z.number().nullable(),
      projected: z.number().nullable(),
    }),
  ),
});
export type StatsCampaign = z.infer<typeof StatsCampaignSchema>;

// --- audit log -----------------------------------------------------------------------------------
const AuditFilterFields = z.object({
  officerId: IdSchema.optional(),
  action: z.string().trim().min(1).max(64).optional(),
  from: LocalDaySchema.optional(),
  to: LocalDaySchema.optional(),
});
const periodInOrder = (f: { from?: string; to?: string }) => !f.from || !f.to || f.from <= f.to;
const PERIOD_ORDER = 'Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.';
export const AuditFilterSchema = AuditFilterFields.refine(periodInOrder, PERIOD_ORDER);
export const AuditListEntrySchema = AuditEntrySchema.extend({
  officerName: z.string().nullable(),
  /** SHA-256 chaining this entry to the previous one (`motcua doctor` verifies the chain). */
  hash: z.string(),
});
export type AuditListEntry = z.infer<typeof AuditListEntrySchema>;

/** An officer as administrators see it: with the sign-in guard's state. */
export const OfficerAccountSchema = OfficerSchema.extend({
  failedAttempts: z.number().int().min(0),
  /** Attempts are refused until this instant (growing delay after wrong PINs); null: none. */
  lockedUntil: z.string().nullable(),
  /** Locked after too many wrong PINs: only an administrator lifts it. */
  locked: z.boolean(),
});
export type OfficerAccount = z.infer<typeof OfficerAccountSchema>;

/** A desk PIN: digits only, long enough that guessing it meets the delays and the lockout. */
export const PinSchema = z.string().max(64).refine((p) => /^\d{6,12}$/.test(p), 'Mã PIN gồm 6 đến 12 chữ số.');

type Role = z.infer<typeof RoleSchema>;
/** Who may call a method. The dispatcher enforces it, in one place, before any handler runs. */
export const ANY_ROLE: readonly Role[] = ['officer', 'supervisor', 'admin'];
const SUPERVISION: readonly Role[] = ['supervisor', 'admin'];
const ADMIN: readonly Role[] = ['admin'];

interface MethodOptions {
  /** Callable without signing in (start-up, sign-in). */
  public?: boolean;
  /** Roles allowed (default: every signed-in officer). */
  roles?: readonly Role[];
  /** Allowed while the desk is locked (unlock, sign out, what the lock screen shows). */
  whileLocked?: boolean;
  /** A background poll, not the officer's activity: it does not hold off the idle lock. */
  passive?: boolean;
  /**
   * A creating call: its input carries the client's `requestId` (see `withRequestId`), and a retry
   * with the same id gets the first answer instead of doing the work again (the dispatcher).
   */
  idempotent?: boolean;
}

/** The client's id for one logical action (a UUID); the same id on a retry. */
export const RequestIdSchema = z.string().uuid();
/** Adds the optional-but-sent `requestId` to a creating method's input. */
const REQUEST_ID = { requestId: RequestIdSchema.optional() };
function withRequestId<Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape>) {
  return schema.extend(REQUEST_ID);
}

function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, opts: MethodOptions = {}) {
  return {
    input,
    output,
    public: opts.public ?? false,
    roles: opts.roles ?? ANY_ROLE,
    whileLocked: opts.whileLocked ?? false,
    passive: opts.passive ?? false,
    idempotent: opts.idempotent ?? false,
  };
}

// --- applicant profiles (issue 20; main/services/applicants.ts) -------------------------------------
/** Where a profile value came from: read from the CCCD's QR, typed or corrected by an officer, taken from a dossier received before profiles, read from the card's face (to check). */
export const ValueSourceSchema = z.enum(['card', 'officer', 'dossier', 'ocr']);
export type ValueSource = z.infer<typeof ValueSourceSchema>;
export const ProfileFieldSchema = z.enum(['name', 'dob', 'sex', 'address', 'phone', 'email']);
export type ProfileField = z.infer<typeof ProfileFieldSchema>;
export const ProvenanceSchema = z.object({
  source: ValueSourceSchema,
  at: InstantSchema,
  officerName: z.string().nullable(),
  toCheck: z.boolean(),
  /** An officer corrected the value in Cài đặt → Người nộp (shown "Cán bộ sửa"), rather than typing it at reception. */
  corrected: z.boolean().optional(),
});
export type Provenance = z.infer<typeof ProvenanceSchema>;
/** A citizen's profile in full (dob yyyy-MM-dd or ''; sex '' when not known), with each value's provenance. */
export const ApplicantProfileSchema = z.object({
  idNumber: z.string(),
  ref: z.string(),
  name: z.string(),
  dob: z.string(),
  sex: z.enum(['', 'male', 'female']),
  address: z.string(),
  phone: z.string(),
  email: z.string(),
  updatedAt: InstantSchema,
  provenance: z.object({ name: ProvenanceSchema, dob: ProvenanceSchema, sex: ProvenanceSchema, address: ProvenanceSchema, phone: ProvenanceSchema, email: ProvenanceSchema }).partial(),
  dossiers: z.number().int(),
});
export type ApplicantProfileView = z.infer<typeof ApplicantProfileSchema>;
/** A profile in a list: ID number and address masked, `ref` to open it. */
export const ApplicantListItemSchema = z.object({ ref: z.string(), idNumberMasked: z.string(), name: z.string(), addressMasked: z.string(), updatedAt: InstantSchema });

/** A citizen ID card as read from its QR code (shared/domain/citizen-card.ts); dates yyyy-MM-dd. */
export const CitizenCardSchema = z.object({
  id: z.string().regex(/^\d{12}$/),
  oldId: z.string().max(12),
  name: z.string().min(1).max(200),
  dob: LocalDaySchema,
  sex: z.enum(['male', 'female']),
  address: z.string().min(1).max(500),
  issueDate: LocalDaySchema,
});
export type CitizenCardView = z.infer<typeof CitizenCardSchema>;
/** One value read from a card's face by OCR: always to check; `problem` says why it looks wrong (null: passes the checks). */
export const FrontValueSchema = z.object({ value: z.string().max(500), problem: z.string().nullable() });
/** The printed fields of a card with no readable QR (shared/domain/card-front.ts); dates yyyy-MM-dd, sex 'Nam'/'Nữ'. */
export const CardFrontReadSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    kind: z.enum(['cccd', 'cmnd', 'unknown']),
    fields: z.object({ id: FrontValueSchema, name: FrontValueSchema, dob: FrontValueSchema, sex: FrontValueSchema, nationality: FrontValueSchema, origin: FrontValueSchema, address: FrontValueSchema, expiry: FrontValueSchema }).partial(),
  }),
  z.object({ ok: z.literal(false), error: z.enum(['no-fields', 'unreadable']), message: z.string() }),
]);
export type CardFrontReadResult = z.infer<typeof CardFrontReadSchema>;
/** The card, or why it was not read (no QR, another QR, a failed check, scanner mangling) in Vietnamese. */
export const CardReadSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), card: CitizenCardSchema }),
  z.object({ ok: z.literal(false), error: z.enum(['no-qr', 'not-card', 'invalid', 'mangled', 'unreadable']), message: z.string() }),
]);
export type CardReadResult = z.infer<typeof CardReadSchema>;

/** A stored record that failed its schema, left out of a list (the rest still loads). */
export const DamagedRecordSchema = z.object({ id: z.string(), code: z.string().nullable(), message: z.string() });
export type DamagedRecord = z.infer<typeof DamagedRecordSchema>;

// --- the working calendar (issue 17; shared/domain/calendar.ts) -----------------------------------
export const CalendarDaySchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày viết dạng YYYY-MM-DD.'),
  kind: z.enum(['off', 'work']),
  name: z.string().trim().min(1).max(300),
  basis: z.string().trim().max(500),
  confirmed: z.boolean(),
});
const ShiftSchema = z.object({ start: z.string().regex(/^\d{2}:\d{2}$/), end: z.string().regex(/^\d{2}:\d{2}$/) });
export const OfficeHoursSchema = z.array(z.array(ShiftSchema).max(6)).length(7);
export const CalendarViewSchema = z.object({ days: z.array(CalendarDaySchema), officeHours: OfficeHoursSchema, knownYears: z.array(z.number().int()) });
export type CalendarView = z.infer<typeof CalendarViewSchema>;
export const DueMomentSchema = z.object({
  dueAt: z.string().nullable(),
  pausedSince: z.string().nullable(),
  toConfirm: z.object({ years: z.array(z.number().int()), days: z.array(CalendarDaySchema) }),
  note: z.string().nullable(),
});
const YearSchema = z.number().int().min(1900).max(2200);
// --- dossier lifecycle actions (issue 17; main/services/lifecycle.ts) -----------------------------
const Reason = (msg: string) => z.string().trim().max(2000).refine((v) => v.length > 0, msg);
const Note = z.string().trim().max(2000).default('');
/** A result file the officer attaches (PDF, JPEG or PNG). */
export const MAX_RESULT_BYTES = 30 * 1024 * 1024;
export const LifecycleActionSchema = z.discriminatedUnion('kind', [
  /** 2/6 → 4: handed to the processing department (or processing resumes after payment). */
  z.object({ kind: z.literal('process'), note: Note }),
  /** → 5 with Form 02: what is missing and why; pauses the clock. */
  z.object({
    kind: z.literal('requestSupplement'),
    papers: z.array(z.string().trim().min(1).max(500)).max(50).refine((p) => p.length > 0, 'Nhập ít nhất một giấy tờ cần bổ sung.'),
    reason: Reason('Nhập lý do yêu cầu bổ sung.'),
  }),
  /** 5 → 4 (resume), or 5 → 2 when the dossier restarts at the desk (the full time again). */
  z.object({ kind: z.literal('supplementReceived'), restart: z.boolean().default(false), note: Note }),
  /** → 6: a financial obligation to fulfil. */
  z.object({ kind: z.literal('requestPayment'), note: Note }),
  /** → 3 with Form 03. */
  z.object({ kind: z.literal('refuse'), reason: Reason('Nhập lý do từ chối tiếp nhận.') }),
  /** → 7: the citizen withdraws the dossier. */
  z.object({ kind: z.literal('withdraw'), reason: Reason('Nhập lý do rút hồ sơ.') }),
  /** → 8: processing stopped. */
  z.object({ kind: z.literal('stop'), reason: Reason('Nhập lý do dừng xử lý.') }),
  /** 4 → 9: the department's result: its code and, digitized, its file (signed when the officer signs). */
  z.object({
    kind: z.literal('resultReceived'),
    resultCode: z.string().trim().max(200).refine((v) => v.length > 0, 'Nhập mã kết quả (số, ký hiệu văn bản kết quả).'),
    file: UploadSchema.refine((f) => Math.floor((f.dataBase64.length * 3) / 4) <= MAX_RESULT_BYTES, 'Tệp kết quả quá lớn (tối đa 30 MB).').optional(),
    note: Note,
  }),
  /** 9 → 10: the result handed to the citizen. */
  z.object({ kind: z.literal('returnResult'), note: Note }),
  /** Not a status change: Form 04, a new appointment (end of that working day). */
  z.object({ kind: z.literal('apologize'), newDue: LocalDaySchema, reason: Reason('Nhập lý do xin lỗi, hẹn lại.') }),
]);
export type LifecycleAction = z.input<typeof LifecycleActionSchema>;


// --- messages to the applicant (issue 17; shared/domain/message-templates.ts) ---------------------
export const MessageKindSchema = z.enum(MESSAGE_KINDS);
export const MessageStatusSchema = z.enum(['queued', 'sent', 'failed', 'cancelled']);
export const MessageTemplateSchema = z.object({
  kind: MessageKindSchema,
  text: z.string(),
  enabled: z.boolean(),
  /** The shipped default (no template saved for this kind). */
  isDefault: z.boolean(),
  updatedAt: z.string().nullable(),
  /** The placeholders this kind may use. */
  placeholders: z.array(z.string()),
});
export const MessageTemplatesViewSchema = z.object({
  templates: z.array(MessageTemplateSchema),
  /** How long before the due moment the due-soon warning is queued, in working hours. */
  dueSoonWorkingHours: z.number(),
});
export type MessageTemplatesView = z.infer<typeof MessageTemplatesViewSchema>;
export const OutboxMessageSchema = z.object({
  id: IdSchema,
  dossierId: IdSchema,
  dossierCode: z.string(),
  kind: MessageKindSchema,
  eventRef: z.string(),
  channel: z.enum(['sms', 'email']).nullable(),
  recipient: z.string(),
  text: z.string(),
  status: MessageStatusSchema,
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
});
export type OutboxMessageView = z.infer<typeof OutboxMessageSchema>;

// --- the procedure catalog (issue 17; main/services/catalog.ts) ------------------------------------
/** A catalog file is refused above this size (the core says so in Vietnamese; main/catalog/read.ts). */
export const MAX_CATALOG_FILE_BYTES = 20 * 1024 * 1024;
export const CatalogUploadSchema = z.object({
  name: z.string().min(1).max(260),
  dataBase64: z.string().max(Math.ceil((MAX_CATALOG_FILE_BYTES * 4) / 3) + 8, `Tệp danh mục tối đa ${MAX_CATALOG_FILE_BYTES / 1024 / 1024} MB.`),
});
/** What an import did (or, with dryRun, would do): codes created, updated, retired; each bad row. */
export const CatalogImportReportSchema = z.object({
  fileName: z.string(),
  format: z.enum(['json', 'csv', 'xlsx']),
  /** 'full': the file is the whole catalog (stored procedures it does not name are retired). */
  mode: z.enum(['update', 'full']),
  dryRun: z.boolean(),
  /** Procedure rows read from the file. */
  rows: z.number().int(),
  created: z.array(z.string()),
  updated: z.array(z.string()),
  /** Among `updated`: retired procedures the file brings back into force. */
  unretired: z.array(z.string()),
  unchanged: z.number().int(),
  retired: z.array(z.string()),
  /** Full mode with bad rows retires nothing: how many would have been retired. */
  retireSkipped: z.number().int(),
  errors: z.array(z.object({ where: z.string(), line: z.number().int().nullable(), code: z.string().nullable(), message: z.string() })),
  warnings: z.array(z.string()),
});
export type CatalogImportReport = z.infer<typeof CatalogImportReportSchema>;

export const api = {
  // --- app and session -------------------------------------------------------------------------
  'app.info': method(Empty, AppInfoSchema, { public: true, passive: true }),
  'app.doctor': method(Empty, DoctorReportSchema, { public: true }),
  /** First run only: creates the unit and its first administrator. */
  'setup.initialize': method(
    z.object({
      unitCode: z.string().trim().min(1).max(64),
      unitName: z.string().trim().min(1).max(300),
      unitLevel: z.string().trim().min(1).max(40),
      username: z.string().trim().min(2).max(64),
      fullName: z.string().trim().min(1).max(200),
      pin: PinSchema,
      /** Also load the sample commune-level catalog (samples/catalog-sample.json) to try the app at once. */
      loadSampleCatalog: z.boolean().default(false),
    }),
    SessionSchema,
    { public: true },
  ),
  'auth.officers': method(Empty, z.array(OfficerSchema.pick({ id: true, username: true, fullName: true })), {
    public: true,
  }),
  'auth.signIn': method(z.object({ username: z.string().trim().min(1).max(64), pin: z.string().min(1).max(64) }), SessionSchema, {
    public: true,
  }),
  'auth.signOut': method(Empty, Ok, { whileLocked: true }),
  /** Locks the desk now (the officer steps away); the signing key is locked with it. */
  'auth.lock': method(Empty, Ok, { whileLocked: true }),
  /** Opens a locked desk again with the officer's PIN (audited). */
  'auth.unlock': method(z.object({ pin: z.string().min(1).max(64) }), SessionSchema, { whileLocked: true }),
  /** The officer is at the desk (keyboard, mouse): holds off the idle lock. */
  'session.activity': method(Empty, Ok),
  /** The machine policy as read (shown read-only in Cài đặt). */
  'policy.get': method(Empty, PolicyViewSchema, { public: true, passive: true }),
  'officers.create': method(
    withRequestId(
      z.object({
        username: z.string().trim().min(2).max(64),
        fullName: z.string().trim().min(1).max(200),
        pin: PinSchema,
        role: RoleSchema,
        desk: z.string().trim().max(64).nullable(),
      }),
    ),
    OfficerSchema,
    { roles: ADMIN, idempotent: true },
  ),
  'officers.list': method(Empty, z.array(OfficerAccountSchema), { roles: SUPERVISION }),
  /** An administrator changes an officer's name, desk, role or active flag (audited). */
  'officers.update': method(
    z.object({
      id: IdSchema,
      fullName: z.string().trim().min(1).max(200).optional(),
      desk: z.string().trim().max(64).nullable().optional(),
      role: RoleSchema.optional(),
      active: z.boolean().optional(),
    }),
    OfficerAccountSchema,
    { roles: ADMIN },
  ),
  /** An administrator sets a new PIN for an officer (it also lifts a lockout); audited. */
  'officers.resetPin': method(z.object({ id: IdSchema, pin: PinSchema }), OfficerAccountSchema, { roles: ADMIN }),
  /** An administrator lifts a lockout after repeated wrong PINs; audited. */
  'officers.unlock': method(z.object({ id: IdSchema }), OfficerAccountSchema, { roles: ADMIN }),

  // --- settings and audit ----------------------------------------------------------------------
  'settings.get': method(Empty, SettingsSchema),
  /** Admins only; keys the machine policy fixes (token libraries always) are refused. */
  'settings.update': method(SettingsSchema.partial(), SettingsSchema, { roles: ADMIN }),
  /**
   * The unit's code (an admin corrects what setup was given): used for dossier codes from now on;
   * codes already given are unchanged. Audited.
   */
  'unit.update': method(z.object({ code: z.string().trim().min(1).max(64) }), UnitSchema, { roles: ADMIN }),
  /** The province's campaign (Thống kê), set by a supervisor. */
  'campaign.set': method(z.object({ campaign: CampaignSchema.nullable() }), SettingsSchema, { roles: SUPERVISION }),
  /** The working calendar (days off, Saturdays worked, office shifts); edits are admin-only and audited. */
  'calendar.get': method(Empty, CalendarViewSchema),
  'calendar.saveYear': method(z.object({ year: YearSchema, days: z.array(CalendarDaySchema).max(400) }), CalendarViewSchema, { roles: ADMIN }),
  'calendar.propose': method(z.object({ year: YearSchema }), z.array(CalendarDaySchema), { roles: ADMIN }),
  'calendar.import': method(z.object({ text: z.string().max(2_000_000) }), CalendarViewSchema, { roles: ADMIN }),
  'calendar.export': method(z.object({ format: z.enum(['json', 'ics']) }), z.object({ fileName: z.string(), mime: z.string(), text: z.string() })),
  'calendar.setOfficeHours': method(z.object({ officeHours: OfficeHoursSchema }), CalendarViewSchema, { roles: ADMIN }),
  /** A due moment by this desk's calendar (preview). */
  'calendar.due': method(
    z.object({ receivedAt: z.string().datetime({ offset: true }), days: z.number().min(0).max(365), hours: z.number().min(0).max(10000).nullable().optional(), after15hRule: z.boolean().optional() }),
    DueMomentSchema,
  ),
  /** The officer's own signing certificate (.p12/.pfx); the passphrase is kept for the session only. */
  'signing.status': method(Empty, SigningStatusSchema, { passive: true }),
  'signing.setCertificate': method(z.object({ file: UploadSchema, passphrase: z.string().max(200) }), SigningStatusSchema),
  'signing.unlock': method(z.object({ passphrase: z.string().max(200) }), SigningStatusSchema),
  'signing.tokens': method(z.object({ library: z.string().max(1000) }), z.array(TokenInfoSchema)),
  'signing.useToken': method(
    z.object({ library: z.string().max(1000), serial: z.string().max(100), keyId: z.string().regex(/^[0-9a-f]{0,256}$/i), pin: z.string().min(1).max(100) }),
    SigningStatusSchema,
  ),
  'signing.lock': method(Empty, SigningStatusSchema),
  'signing.remove': method(Empty, SigningStatusSchema),
  /** The audit log, newest first, filtered by officer, action and local days (inclusive). */
  'audit.list': method(
    AuditFilterFields.extend({ limit: z.number().int().min(1).max(500).default(100), offset: z.number().int().min(0).default(0) }).refine(periodInOrder, PERIOD_ORDER),
    z.array(AuditListEntrySchema),
    { roles: SUPERVISION },
  ),
  /** The filtered log as CSV for Excel (UTF-8 with BOM, Vietnamese headers, the hash column); audited. */
  'audit.exportCsv': method(AuditFilterSchema, z.object({ fileName: z.string(), csv: z.string(), rows: z.number().int() }), { roles: SUPERVISION }),

  // --- procedures and dossiers -----------------------------------------------------------------
  /** Reception's search (accents, case, i/y and initials ignored; ranked by this desk's use); retired ones only on request. */
  'procedures.search': method(
    z.object({ query: z.string().max(200).default(''), limit: z.number().int().min(1).max(200).default(50), includeRetired: z.boolean().default(false) }),
    z.array(ProcedureSchema),
  ),
  'procedures.upsert': method(
    withRequestId(
      ProcedureSchema.omit({ id: true, components: true, level: true, portalUrl: true }).extend({
        id: IdSchema.optional(),
        level: z.string().default('').refine(isProcedureLevel, 'Cấp thực hiện không có trong danh sách.'),
        portalUrl: z.string().trim().max(1000).refine((u) => u === '' || /^https?:\/\/\S+$/i.test(u), 'Địa chỉ trang thủ tục phải bắt đầu bằng http:// hoặc https://.').default(''),
        fees: z.array(ProcedureFeeSchema).max(50).default([]),
        components: z.array(ProcedureComponentTemplateSchema.extend({ id: z.string().max(64).optional() })).max(100),
      }),
    ),
    ProcedureSchema,
    { roles: SUPERVISION, idempotent: true },
  ),
  /** Imports a catalog file (JSON, CSV, .xlsx): good rows import, bad ones are reported; dryRun checks only. */
  'procedures.import': method(
    z.object({ file: CatalogUploadSchema, mode: z.enum(['update', 'full']).default('update'), dryRun: z.boolean().default(false) }),
    CatalogImportReportSchema,
    { roles: ADMIN },
  ),
  /** "Nạp danh mục mẫu": the sample commune-level catalog shipped with the app, added to the desk's. */
  'procedures.loadSample': method(z.object({ dryRun: z.boolean().default(false) }), CatalogImportReportSchema, { roles: ADMIN }),
  /** The catalog (or the sample) as a file to edit and import again. */
  'procedures.export': method(
    z.object({ format: z.enum(['json', 'csv', 'xlsx']), sample: z.boolean().default(false) }),
    z.object({ fileName: z.string(), mime: z.string(), dataBase64: z.string() }),
  ),
  'dossiers.create': method(
    withRequestId(z.object({
      procedureId: IdSchema,
      channel: ChannelSchema.default(1),
      applicant: ApplicantSchema,
      components: z
        .array(
          z.object({
            name: z.string().trim().min(1).max(500),
            required: z.boolean(),
            copies: z.number().int().min(0).max(99),
            received: z.boolean(),
            /** A component of this citizen's earlier dossier whose electronic copy is reused (declare once). */
            reuseFrom: IdSchema.optional(),
          }),
        )
        .max(100),
      note: z.string().max(2000).default(''),
      /**
       * The officer confirmed receiving although required papers (required, not received) are
       * missing; without it such a dossier is refused. The missing papers are recorded.
       */
      acceptMissing: z.boolean().default(false),
      /** Where each applicant value came from (the form prefilled from a CCCD: 'card'); a field not named is the officer's. */
      applicantSource: z.object({ name: ValueSourceSchema, address: ValueSourceSchema, phone: ValueSourceSchema, email: ValueSourceSchema, dob: ValueSourceSchema, sex: ValueSourceSchema }).partial().optional(),
      /** What the card gives beyond the dossier's applicant fields, kept in the citizen's profile. */
      applicantDetails: z.object({ dob: LocalDaySchema, sex: z.enum(['male', 'female']) }).partial().optional(),
    })),
    DossierDetailSchema,
    { idempotent: true },
  ),
  'dossiers.list': method(
    z.object({
      query: z.string().max(200).default(''),
      status: DossierStatusSchema.optional(),
      limit: z.number().int().min(1).max(500).default(50),
      offset: z.number().int().min(0).default(0),
    }),
    z.object({
      items: z.array(DossierSchema),
      total: z.number().int(),
      /** Stored dossiers that failed their schema: left out of `items`, named here. */
      damaged: z.array(DamagedRecordSchema).default([]),
    }),
  ),
  'dossiers.get': method(z.object({ id: IdSchema }), DossierDetailSchema),
  'dossiers.setStatus': method(
    withRequestId(z.object({ id: IdSchema, status: DossierStatusSchema, note: z.string().max(2000).default('') })),
    DossierDetailSchema,
    { idempotent: true },
  ),
  /**
   * A desk action on a dossier's lifecycle (main/services/lifecycle.ts): each writes its status event
   * (or, for an apology, an event at the current status) with its detail, replays the clock, audits.
   */
  'dossiers.act': method(withRequestId(z.object({ id: IdSchema, action: LifecycleActionSchema })), DossierDetailSchema, { idempotent: true }),
  /** What the national index needs that the desk records: fees charged, paid online (0/1/2), a complaint. */
  'dossiers.setIndexFields': method(
    withRequestId(z.object({ id: IdSchema, fees: z.array(FeeChargedSchema).max(50), paidOnline: PaidOnlineSchema, complaint: z.boolean() })),
    DossierDetailSchema,
    { idempotent: true },
  ),
  /** Forms 02–05 of a dossier as a PDF (file kind 'receipt'); audited. */
  'dossiers.form': method(z.object({ id: IdSchema, form: z.enum(['02', '03', '04', '05']) }), z.object({ fileId: z.string(), fileName: z.string() })),
  /** Form 06, the register of dossiers received in a period of local days, as a PDF (A4) or Excel; audited. */
  'dossiers.register': method(
    z
      .object({ from: LocalDaySchema, to: LocalDaySchema, format: z.enum(['pdf', 'xlsx']) })
      .refine((p) => p.from <= p.to, 'Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.')
      .refine((p) => Date.parse(p.to) - Date.parse(p.from) <= 366 * 86400_000, 'Khoảng thời gian tối đa là một năm.'),
    z.object({ fileId: z.string(), fileName: z.string(), rows: z.number().int() }),
  ),
  /** Records a citizen guided through submitting online (Hướng dẫn nộp trực tuyến). */
  'guide.record': method(
    withRequestId(z.object({
      procedureId: IdSchema,
      applicantName: z.string().trim().min(1, 'Nhập họ tên người được hướng dẫn.').max(200),
      applicantPhone: z.string().trim().max(20).refine((p) => p === '' || /^\+?[0-9 .]{8,20}$/.test(p), 'Số điện thoại chỉ gồm chữ số (8–15 số).').default(''),
      portalCode: z.string().trim().max(64).default(''),
      outcome: z.enum(['submitted', 'unfinished']),
      note: z.string().trim().max(1000).default(''),
    })),
    AssistedSubmissionSchema,
    { idempotent: true },
  ),
  /** Guided submissions in a period of local days, newest first. */
  'guide.list': method(z.object({ from: LocalDaySchema, to: LocalDaySchema, limit: z.number().int().min(1).max(1000).default(200) }), z.array(AssistedSubmissionSchema)),
  /** What the desk already holds of a citizen by ID number ("declare once"); null if nothing. */
  'applicants.lookup': method(
    z.object({ idNumber: z.string().regex(/^\d{12}$/) }),
    z
      .object({
        applicant: ApplicantRecordSchema,
        lastSeen: InstantSchema,
        dossiers: z.number().int(),
        digitized: z.array(z.object({ componentId: IdSchema, dossierCode: z.string(), componentName: z.string(), digitizedAt: InstantSchema })),
        /** The profile the details come from, with each value's source and date. */
        profile: ApplicantProfileSchema,
      })
      .nullable(),
  ),
  /** An officer corrects one value of a citizen's profile (audited with before and after). */
  'applicants.correct': method(
    withRequestId(z.object({ idNumber: z.string().regex(/^\d{12}$/, 'Số định danh gồm 12 chữ số.'), field: ProfileFieldSchema, value: z.string().trim().max(500) })),
    ApplicantProfileSchema,
    { idempotent: true },
  ),
  /** Profiles newest first, ID number and address masked (supervisors, admins); a name or the exact ID number filters. */
  'applicants.list': method(
    z.object({ query: z.string().max(200).default(''), limit: z.number().int().min(1).max(200).default(50), offset: z.number().int().min(0).default(0) }),
    z.object({ items: z.array(ApplicantListItemSchema), total: z.number().int() }),
    { roles: SUPERVISION },
  ),
  /** One profile in full; every call is audited as a view of personal data. */
  'applicants.get': method(z.object({ ref: z.string().min(1).max(64) }), ApplicantProfileSchema, { roles: SUPERVISION }),
  /**
   * Deletes a citizen's profile on their request (admin, reason required, audited). The dossiers
   * received for them are not deleted: they are records the office keeps.
   */
  'applicants.delete': method(
    withRequestId(z.object({ ref: z.string().min(1).max(64), reason: z.string().trim().min(5, 'Ghi lý do xóa (ít nhất 5 ký tự), ví dụ: theo đề nghị của công dân ngày …').max(500) })),
    z.object({ dossiersKept: z.number().int() }),
    { roles: ADMIN, idempotent: true },
  ),
  /** Reads the QR code of a citizen ID card on an uploaded image, scan or camera frame (audited, ID hashed). */
  'idcard.read': method(z.object({ file: UploadSchema }), CardReadSchema),
  /** Parses the line a keyboard-mode 2D scanner typed from a card's QR (mangled input refused). */
  'idcard.parse': method(z.object({ text: z.string().max(2000) }), CardReadSchema),
  /**
   * The OCR fallback for a card whose QR cannot be read (damaged card, old CMND): the fields printed
   * on its front, each one to check (audited, ID hashed; nothing stored).
   */
  'idcard.readFront': method(z.object({ file: UploadSchema }), CardFrontReadSchema),
  /** Form 01, the receipt with its QR code, as a PDF to show and print (file kind 'receipt'). */
  'dossiers.receipt': method(z.object({ id: IdSchema }), z.object({ fileId: z.string(), fileName: z.string() })),
  /** The national index criteria and daily totals over dossiers received in a period of local days. */
  'metrics.index': method(
    z
      .object({ from: LocalDaySchema, to: LocalDaySchema })
      .refine((p) => p.from <= p.to, 'Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.')
      .refine((p) => Date.parse(p.to) - Date.parse(p.from) <= 366 * 86400_000, 'Khoảng thời gian tối đa là một năm.'),
    IndexReportSchema,
  ),
  /**
   * Dossier histories from the national portal's sync records (JSON Lines), into the signed-in
   * unit: upserted by MaHoSo, history replaced; bad lines reported by number, the rest imported.
   */
  'dossiers.importHistories': method(z.object({ fileName: z.string().max(300), text: z.string().max(50_000_000) }), HistoryImportResultSchema, { roles: ADMIN }),

  // --- Thống kê for supervisors (from stored verdict facts; drill-down and worklist name citizens)
  /** The index over a period of local days, from the stored facts (same numbers as metrics.index). */
  'stats.index': method(z.object(StatsPeriodFields).refine(inOrder, PERIOD_ORDER).refine(withinYears(5), 'Khoảng thời gian tối đa là năm năm.'), StatsIndexSchema, { roles: SUPERVISION }),
  /** Totals per day, week (from Monday) or month of receipt, all judged at the period's end (or now). */
  'stats.trend': method(
    z.object({ ...StatsPeriodFields, granularity: z.enum(['day', 'week', 'month']) }).refine(inOrder, PERIOD_ORDER).refine(withinYears(5), 'Khoảng thời gian tối đa là năm năm.').refine((p) => p.granularity !== 'day' || withinYears(1)(p), 'Theo ngày: tối đa một năm.'),
    StatsTrendSchema,
    { roles: SUPERVISION },
  ),
  /** The index criteria per desk, officer, procedure or field. */
  'stats.breakdown': method(z.object({ ...StatsPeriodFields, by: z.enum(STATS_GROUPS) }).refine(inOrder, PERIOD_ORDER).refine(withinYears(1), 'Khoảng thời gian tối đa là một năm.'), StatsBreakdownSchema, { roles: SUPERVISION }),
  /** The dossiers behind a number (newest first, paginated); the read of citizens' names is audited. */
  'stats.drill': method(
    z
      .object({
        ...StatsPeriodFields,
        criterion: z.enum(STATS_CRITERIA),
        verdict: z.boolean(),
        group: z.object({ by: z.enum(STATS_GROUPS), key: z.string().max(200) }).optional(),
        limit: z.number().int().min(1).max(200).default(20),
        offset: z.number().int().min(0).default(0),
      })
      .refine(inOrder, PERIOD_ORDER)
      .refine(withinYears(1), 'Khoảng thời gian tối đa là một năm.'),
    z.object({ total: z.number().int(), items: z.array(StatsDrillItemSchema) }),
    { roles: SUPERVISION },
  ),
  /** Dossiers in progress overdue, due within 1 and within 3 working days (desk calendar). */
  'stats.worklist': method(Empty, StatsWorklistSchema, { roles: SUPERVISION }),
  /** The campaign's progress and each target's projected rate at its close; null: no campaign. */
  'stats.campaign': method(Empty, StatsCampaignSchema.nullable(), { roles: SUPERVISION }),
  /** The period's report as an Excel workbook or a printable PDF (file kind 'report'). */
  'stats.export': method(
    z.object({ ...StatsPeriodFields, format: z.enum(['xlsx', 'pdf']) }).refine(inOrder, PERIOD_ORDER).refine(withinYears(1), 'Khoảng thời gian tối đa là một năm.'),
    z.object({ fileId: z.string(), fileName: z.string() }),
    { roles: SUPERVISION },
  ),

  // --- messages to the applicant (templates: admins; the outbox is delivered by sync) -----------
  'messages.templates': method(Empty, MessageTemplatesViewSchema),
  /** Saves one kind's template (placeholders checked, Vietnamese message naming a bad one); audited. */
  'messages.saveTemplate': method(
    z.object({
      kind: MessageKindSchema,
      text: z.string().max(2000),
      enabled: z.boolean(),
      /** Only with kind dueSoon: the warning, in working hours before the due moment. */
      dueSoonWorkingHours: z.number().min(0.5).max(80).optional(),
    }),
    MessageTemplatesViewSchema,
    { roles: ADMIN },
  ),
  /** What was queued and sent to the applicant of a dossier, oldest first. */
  'messages.forDossier': method(z.object({ dossierId: IdSchema }), z.array(OutboxMessageSchema)),
  /** The outbox, oldest first, by status (sync, IT). */
  'messages.outbox': method(
    z.object({ status: MessageStatusSchema.optional(), limit: z.number().int().min(1).max(500).default(100), offset: z.number().int().min(0).default(0) }),
    z.object({ items: z.array(OutboxMessageSchema), total: z.number().int() }),
    { roles: SUPERVISION },
  ),
  /** Sync delivered a message (a sent message stays sent; a retry changes nothing). */
  'messages.markSent': method(withRequestId(z.object({ id: IdSchema })), OutboxMessageSchema, { roles: SUPERVISION, idempotent: true }),
  /** Sync could not deliver a message (counted; a sent message stays sent). */
  'messages.markFailed': method(withRequestId(z.object({ id: IdSchema, error: z.string().trim().min(1).max(1000) })), OutboxMessageSchema, { roles: SUPERVISION, idempotent: true }),
  /** Queues the due-soon warning for dossiers due within the warning (once per dossier and due moment). */
  'messages.scanDueSoon': method(Empty, z.object({ checked: z.number().int(), queued: z.number().int() }), { roles: SUPERVISION }),

  // Sync with the province receiver (issue 19; docs/sync-protocol.md). Every officer sees the status
  // and may press "Đồng bộ ngay" or "Gửi lại"; only an administrator enrolls the machine.
  'sync.status': method(Empty, SyncStatusSchema, { passive: true }),
  'sync.now': method(Empty, SyncStatusSchema),
  'sync.enroll': method(z.object({ token: z.string().trim().min(8, 'Mã đăng ký máy quá ngắn.').max(200), deskName: z.string().trim().max(200).optional() }), SyncStatusSchema, { roles: ADMIN }),
  'sync.resend': method(z.object({ seq: z.number().int().min(1).nullable() }), SyncStatusSchema),

  // --- digitization ----------------------------------------------------------------------------
  'capture.devices': method(Empty, z.array(CaptureDeviceSchema)),
  'capture.status': method(Empty, CaptureStatusSchema, { passive: true }),
  'capture.setTarget': method(z.object({ componentId: IdSchema.nullable() }), CaptureStatusSchema),
  'digitize.importFiles': method(
    withRequestId(z.object({ componentId: IdSchema, files: z.array(UploadSchema).min(1).max(500) })),
    z.object({ jobId: z.string() }),
    { idempotent: true },
  ),
  'digitize.scan': method(
    withRequestId(z.object({ componentId: IdSchema, deviceId: z.string().max(300), adf: z.boolean().default(false) })),
    z.object({ jobId: z.string() }),
    { idempotent: true },
  ),
  'digitize.pages': method(z.object({ componentId: IdSchema }), z.array(PageSchema), { passive: true }),
  'digitize.reorder': method(z.object({ componentId: IdSchema, pageIds: z.array(IdSchema).max(2000) }), z.array(PageSchema)),
  'digitize.rotate': method(z.object({ pageId: IdSchema, degrees: z.union([z.literal(90), z.literal(180), z.literal(270)]) }), PageSchema),
  'digitize.deletePage': method(z.object({ pageId: IdSchema }), Ok),
  'digitize.movePages': method(z.object({ pageIds: z.array(IdSchema).min(1).max(2000), toComponentId: IdSchema }), Ok),
  'digitize.pageText': method(z.object({ pageId: IdSchema }), z.object({ text: z.string(), words: z.array(OcrWordSchema) })),
  'digitize.correctPage': method(z.object({ pageId: IdSchema, text: z.string().max(200_000) }), PageSchema),
  'digitize.buildPdf': method(
    withRequestId(z.object({ componentId: IdSchema, resultCode: z.string().max(100).nullable().default(null) })),
    z.object({ jobId: z.string() }),
    { idempotent: true },
  ),
  'jobs.get': method(z.object({ jobId: z.string() }), JobSchema, { passive: true }),
  'search.fullText': method(z.object({ query: z.string().trim().min(1).max(200), limit: z.number().int().min(1).max(200).default(50) }), z.array(SearchHitSchema)),
} as const;

export type Api = typeof api;
export type MethodName = keyof Api;
export type MethodInput<M extends MethodName> = z.input<Api[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Api[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Api[M]['output']>;
export const methodNames = Object.keys(api) as MethodName[];
export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(api, name);
}

// --- events the core pushes to the renderer ------------------------------------------------------
export const events = {
  'job.progress': JobSchema,
  'pages.changed': z.object({ componentId: IdSchema }),
  'dossier.changed': z.object({ dossierId: IdSchema }),
  'capture.status': CaptureStatusSchema,
} as const;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/** What a transport returns for one call. */
export const ErrorPayloadSchema = z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() });
export type ErrorPayload = z.infer<typeof ErrorPayloadSchema>;
export type CallResult<T> = { ok: true; result: T } | { ok: false; error: ErrorPayload };
