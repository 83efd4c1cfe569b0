// Domain types shared by every process. Each type is a zod schema first, so the same definition
// validates data where it crosses a process boundary and gives the static type.
// Codes follow the national portal's sync standard (../shared/domain/one-stop-rules.md §2).
import { z } from 'zod';
import { DOSSIER_STATUS, type DossierStatusCode } from './dossier-status';
import { isLocalDay } from './vietnam-time';
import { citizenIdProblem } from './citizen-id';

/** National dossier status codes (`TrangThai`), 1–10: defined with their rules in ./dossier-status. */
export { DOSSIER_STATUS, type DossierStatusCode };

export const DossierStatusSchema = z
  .number()
  .int()
  .min(1)
  .max(10)
  .transform((n) => n as DossierStatusCode);

/** Channels (`KenhThucHien`): null in upstream data means 1. */
export const CHANNEL = {
  1: 'Trực tiếp',
  2: 'Trực tuyến',
  3: 'Dịch vụ bưu chính công ích',
} as const;
export type ChannelCode = keyof typeof CHANNEL;
export const ChannelSchema = z
  .number()
  .int()
  .min(1)
  .max(3)
  .transform((n) => n as ChannelCode);

export const IdSchema = z.string().min(1).max(64);
/** ISO-8601 instant with offset, e.g. 2026-11-23T09:15:00.000+07:00 or …Z. */
export const InstantSchema = z.string().datetime({ offset: true });

// Levels changed in 2025 (Decree 118): kept as data, not an enum.
export const UnitSchema = z.object({
  id: IdSchema,
  code: z.string().min(1).max(64),
  name: z.string().min(1).max(300),
  level: z.string().min(1).max(40),
  parentId: IdSchema.nullable(),
});
export type Unit = z.infer<typeof UnitSchema>;

export const RoleSchema = z.enum(['officer', 'supervisor', 'admin']);
export type Role = z.infer<typeof RoleSchema>;

export const OfficerSchema = z.object({
  id: IdSchema,
  username: z.string().min(1).max(64),
  fullName: z.string().min(1).max(200),
  unitId: IdSchema,
  desk: z.string().max(64).nullable(),
  role: RoleSchema,
  active: z.boolean(),
});
export type Officer = z.infer<typeof OfficerSchema>;

/** How a paper is handed in: the original, a copy (certified or plain), or only shown and given back. */
export const ComponentKindSchema = z.enum(['original', 'copy', 'shown']);
export type ComponentKind = z.infer<typeof ComponentKindSchema>;

export const ProcedureComponentTemplateSchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(500),
  required: z.boolean(),
  copies: z.number().int().min(0).max(99),
  /** Components stored before the catalog import (migration 013) read as 'original'. */
  kind: ComponentKindSchema.default('original'),
});
export type ProcedureComponentTemplate = z.infer<typeof ProcedureComponentTemplateSchema>;

/** A fee or charge of a procedure, in đồng; `onlineAmount` when submitting online costs less. */
export const ProcedureFeeSchema = z.object({
  name: z.string().trim().min(1).max(300),
  amount: z.number().int().min(0).max(1_000_000_000),
  onlineAmount: z.number().int().min(0).max(1_000_000_000).optional(),
});
export type ProcedureFee = z.infer<typeof ProcedureFeeSchema>;

/**
 * A procedure of the catalog. `level` is one of PROCEDURE_LEVELS (shared/domain/procedure-catalog.ts)
 * or '' (not given). `processingHours`, when set, counts the time in working hours instead of days.
 * `feeBearing` is derived from `fees` when fees are listed (any amount above 0), as given otherwise.
 * A `retired` procedure (removed from the province's catalog) is not offered for new dossiers; the
 * dossiers already received under it keep it.
 */
export const ProcedureSchema = z.object({
  id: IdSchema,
  code: z.string().min(1).max(64),
  name: z.string().min(1).max(500),
  field: z.string().max(200),
  level: z.string().max(20).default(''),
  processingDays: z.number().min(0).max(365),
  processingHours: z.number().min(0).max(10_000).nullable().default(null),
  after15hRule: z.boolean().default(false),
  fullyOnline: z.boolean(),
  resultIsPaper: z.boolean(),
  feeBearing: z.boolean(),
  fees: z.array(ProcedureFeeSchema).max(50).default([]),
  portalUrl: z.string().max(1000).default(''),
  retired: z.boolean().default(false),
  components: z.array(ProcedureComponentTemplateSchema),
});
export type Procedure = z.infer<typeof ProcedureSchema>;

/**
 * An applicant as stored and read back. The ID number is not checked here: dossiers received before
 * the CCCD check (below) must stay readable.
 */
export const ApplicantRecordSchema = z.object({
  name: z.string().trim().min(1).max(200),
  idNumber: z.string().trim().max(20),
  address: z.string().trim().max(500),
  phone: z.string().trim().max(20),
  email: z.string().trim().max(200),
});
export type Applicant = z.infer<typeof ApplicantRecordSchema>;

/**
 * An applicant as a desk declares one. The ID number is optional (empty) or the 12-digit citizen
 * identity number (CCCD), which must pass the check in ./citizen-id (province code, century and sex
 * digit, year of birth); the contract has no other document type.
 */
export const ApplicantSchema = ApplicantRecordSchema.superRefine((a, ctx) => {
  if (a.idNumber === '') return;
  const problem = /^\d{12}$/.test(a.idNumber) ? citizenIdProblem(a.idNumber) : 'Số định danh phải là số căn cước công dân gồm 12 chữ số (hoặc để trống).';
  if (problem) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: problem });
});

/** Digitization result of a component, as Circular 01/2023 step 3 assigns. */
export const DigitizationSchema = z.object({
  fileId: z.string().nullable(),
  resultCode: z.string().nullable(),
  digitizedAt: InstantSchema.nullable(),
  pageCount: z.number().int().min(0),
  /** Holder of the certificate that signed the current file; null = not signed. */
  signedBy: z.string().nullable(),
  /** The dossier whose already-digitized paper this copy was taken from (declare once); null = own. */
  reusedFrom: z.string().nullable(),
  /** A file held by the province receiver only (a component of another desk's dossier): its public address, not downloaded here. */
  remoteUrl: z.string().max(2000).nullable().optional(),
});
export type Digitization = z.infer<typeof DigitizationSchema>;

export const ComponentSchema = z.object({
  id: IdSchema,
  dossierId: IdSchema,
  sequence: z.number().int().min(1),
  name: z.string().min(1).max(500),
  required: z.boolean(),
  copies: z.number().int().min(0).max(99),
  received: z.boolean(),
  digitization: DigitizationSchema,
});
export type Component = z.infer<typeof ComponentSchema>;

export const PageSchema = z.object({
  id: IdSchema,
  componentId: IdSchema,
  sequence: z.number().int().min(1),
  /** Content address (SHA-256) of the cleaned page image. */
  imageId: z.string(),
  sourceName: z.string(),
  width: z.number().int().min(1),
  height: z.number().int().min(1),
  dpi: z.number().min(1),
  color: z.boolean(),
  rotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]),
  blank: z.boolean(),
  ocrStatus: z.enum(['pending', 'running', 'done', 'failed', 'skipped']),
  confidence: z.number().min(0).max(100).nullable(),
  needsReview: z.boolean(),
  error: z.string().nullable(),
});
export type Page = z.infer<typeof PageSchema>;

export const DossierEventSchema = z.object({
  id: IdSchema,
  dossierId: IdSchema,
  status: DossierStatusSchema,
  at: InstantSchema,
  officerId: IdSchema.nullable(),
  note: z.string().max(2000),
  /** What the event carries beyond its status: an apology's new date, the form printed, a result code. */
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type DossierEvent = z.infer<typeof DossierEventSchema>;

/** A fee charged on a dossier (DanhSachLePhi[].Gia), in đồng. */
export const FeeChargedSchema = z.object({
  name: z.string().trim().min(1, 'Nhập tên khoản phí, lệ phí.').max(200),
  amount: z.number().int('Số tiền phải là số nguyên (đồng).').min(0, 'Số tiền không được âm.').max(1_000_000_000_000),
});
export type FeeCharged = z.infer<typeof FeeChargedSchema>;

/** DuocThanhToanTrucTuyen: 0 not paid online, 1 on the national portal, 2 on the provincial portal. */
export const PaidOnlineSchema = z.union([z.literal(0), z.literal(1), z.literal(2)]);
export type PaidOnline = z.infer<typeof PaidOnlineSchema>;

/** Where a dossier record came from: received at this desk, imported history, or sync. */
export const DossierSourceSchema = z.enum(['desk', 'import', 'sync']);

export const DossierSchema = z.object({
  id: IdSchema,
  code: z.string().min(1).max(64),
  unitId: IdSchema,
  procedureId: IdSchema,
  procedureCode: z.string(),
  procedureName: z.string(),
  channel: ChannelSchema,
  status: DossierStatusSchema,
  applicant: ApplicantRecordSchema,
  receivedAt: InstantSchema,
  dueAt: InstantSchema.nullable(),
  endedAt: InstantSchema.nullable(),
  returnedAt: InstantSchema.nullable(),
  officerId: IdSchema.nullable(),
  createdAt: InstantSchema,
  updatedAt: InstantSchema,
  /** Fees charged (empty: none recorded). */
  fees: z.array(FeeChargedSchema),
  paidOnline: PaidOnlineSchema,
  /** MaKetQua: the result's code; with `resultFile` it makes an electronic result. */
  resultCode: z.string().max(200).nullable(),
  /** DuongDanTepTinKetQua: the result file (a stored file id at this desk, or a URL from sync/import). */
  resultFile: z.string().max(2000).nullable(),
  /** CoPhanAnhKienNghi: a complaint or a "dislike" on this dossier. */
  complaint: z.boolean(),
  source: DossierSourceSchema,
  /** The due moment the desk works to after pauses, resumes and apologies; null while paused. `dueAt` stays the original appointment. */
  currentDueAt: InstantSchema.nullable(),
  pausedSince: InstantSchema.nullable(),
  /** For source 'sync' (a dossier received at another desk, held read-only on a supervisor's install): that desk's name as IT registered it, and the officer who received it. */
  originDeskName: z.string().max(200).optional(),
  originOfficerName: z.string().max(200).optional(),
});
export type Dossier = z.infer<typeof DossierSchema>;

export const DossierDetailSchema = DossierSchema.extend({
  components: z.array(ComponentSchema),
  events: z.array(DossierEventSchema),
});
export type DossierDetail = z.infer<typeof DossierDetailSchema>;

export const AuditEntrySchema = z.object({
  id: z.number().int(),
  at: InstantSchema,
  officerId: IdSchema.nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  detail: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** A walk-in citizen guided through submitting online instead of on paper. */
export const AssistedSubmissionSchema = z.object({
  id: IdSchema,
  procedureId: IdSchema,
  procedureCode: z.string(),
  procedureName: z.string(),
  applicantName: z.string().min(1).max(200),
  applicantPhone: z.string().max(20),
  /** The dossier code the portal gave, when the citizen finished submitting. */
  portalCode: z.string().max(64),
  outcome: z.enum(['submitted', 'unfinished']),
  note: z.string().max(1000),
  officerId: IdSchema,
  officerName: z.string(),
  at: InstantSchema,
});
export type AssistedSubmission = z.infer<typeof AssistedSubmissionSchema>;

/** A local (Vietnam) calendar day, YYYY-MM-DD, that exists. */
export const LocalDaySchema = z.string().refine(isLocalDay, 'Ngày phải là một ngày có thật, viết dạng YYYY-MM-DD.');

const TargetRate = z.number().min(0, 'Mục tiêu từ 0 đến 100 %.').max(1, 'Mục tiêu từ 0 đến 100 %.').nullable();

/**
 * A campaign with dated targets, e.g. 92 days: online dossiers 80 %, digitization 100 %, no overdue
 * dossier (../shared/domain/one-stop-rules.md §8). Rates 0–1; null = not a target of this campaign.
 */
export const CampaignSchema = z
  .object({
    name: z.string().trim().min(1, 'Nhập tên chiến dịch.').max(200),
    from: LocalDaySchema,
    to: LocalDaySchema,
    targets: z.object({ online: TargetRate, digitization: TargetRate, onTime: TargetRate }),
  })
  .refine((c) => c.from <= c.to, 'Ngày bắt đầu chiến dịch phải trước hoặc bằng ngày kết thúc.');
export type Campaign = z.infer<typeof CampaignSchema>;
