// Messages to the applicant (issue 17): templates an administrator edits, rendered per dossier into
// an outbox that sync (a later issue) delivers; the dossier shows what was queued and sent.
//
// Rules, decided here:
// - One message per (dossier, kind, eventRef) (UNIQUE in migration 015): queueing again with the
//   same eventRef changes nothing, so a retried request or a repeated scan never queues twice.
// - A disabled template queues nothing (the desk chose not to send that kind): nothing is recorded.
// - An applicant with neither a usable phone number nor an e-mail address, or a message that cannot
//   be rendered (a value the template needs was not given), is recorded as 'cancelled' with the
//   reason, so the officer sees in the dossier why the citizen got no message. A message problem
//   never blocks the desk's own work: the caller's transaction goes on.
// - The phone number is preferred (SMS-length templates); e-mail only when there is no phone.
// - Every message recorded leaves an audit entry in the same transaction as the caller's change.
// - Due-soon warnings: `queueDueSoonWarnings` queues, once per dossier and due moment, the warning for
//   dossiers received or in processing whose due moment is within the warning (default one working
//   day, 8 working hours, by the desk's calendar). The core runs it every few minutes and a
//   supervisor can run it now (messages.scanDueSoon).
import crypto from 'node:crypto';
import type { MethodParsedInput, MessageTemplatesView } from '../../shared/contract/api';
import { AppError } from '../../shared/contract/errors';
import { addWorkingTime } from '../../shared/domain/due-moment';
import {
  DEFAULT_TEMPLATES,
  KIND_PLACEHOLDERS,
  MESSAGE_KINDS,
  renderTemplate,
  templateProblem,
  type MessageKind,
  type MessageVars,
} from '../../shared/domain/message-templates';
import type { OutboxMessage } from '../data/repos/messages';
import { loadCalendar } from './calendar';
import { audit, requireSession, type AppContext, type ServiceContext } from './context';
import { getSettings } from './settings';

/** Default warning before the due moment: one working day of the default shifts. */
export const DEFAULT_DUE_SOON_WORKING_HOURS = 8;
const DUE_SOON_KEY = 'messages.dueSoonWorkingHours';
/** How often the core looks for dossiers due soon. */
export const DUE_SOON_SCAN_MS = 5 * 60_000;

/** What the lifecycle gives a message beyond the dossier itself. */
export type ExtraMessageVars = Pick<MessageVars, 'lyDo' | 'ngayHenMoi' | 'soTien'>;

export type QueueResult = { queued: true; message: OutboxMessage } | { queued: false; reason: 'disabled' | 'duplicate'; message: OutboxMessage | null };

/** The event ref of the reception message (one reception per dossier). */
export const RECEPTION_EVENT_REF = 'reception';

function dueSoonWorkingHours(ctx: Pick<AppContext, 'store'>): number {
  const v = ctx.store.settings.all()[DUE_SOON_KEY];
  return typeof v === 'number' && v > 0 ? v : DEFAULT_DUE_SOON_WORKING_HOURS;
}

function effectiveTemplate(ctx: Pick<AppContext, 'store'>, kind: MessageKind): { text: string; enabled: boolean } {
  const stored = ctx.store.messages.template(kind);
  return stored ?? { text: DEFAULT_TEMPLATES[kind], enabled: true };
}

/** A phone number as the SMS gateway takes it (spaces, dots and dashes dropped), or null. */
export function smsNumber(phone: string): string | null {
  const p = phone.replace(/[\s.\-()]/g, '');
  return /^\+?\d{8,15}$/.test(p) ? p : null;
}

const emailAddress = (email: string): string | null => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim()) ? email.trim() : null);

/**
 * Renders `kind` for a dossier and puts it in the outbox, inside the caller's transaction when there
 * is one (it opens its own otherwise). Idempotent on (dossier, kind, eventRef). See the rules above.
 * `vars` carries what the event knows: `lyDo` (supplement, apology), `ngayHenMoi` (apology),
 * `soTien` (feePaid).
 */
export function queueDossierMessage(ctx: ServiceContext, dossierId: string, kind: MessageKind, vars: ExtraMessageVars, eventRef: string): QueueResult {
  return ctx.store.tx(() => {
    const existing = ctx.store.messages.byEvent(dossierId, kind, eventRef);
    if (existing) return { queued: false, reason: 'duplicate', message: existing };
    const template = effectiveTemplate(ctx, kind);
    if (!template.enabled) return { queued: false, reason: 'disabled', message: null };
    const d = ctx.store.dossiers.get(dossierId);
    if (!d) throw new AppError('NOT_FOUND', 'Không tìm thấy hồ sơ.');
    const unitName = getSettings(ctx).unitName || ctx.store.people.unit(d.unitId)?.name || '';
    const all: MessageVars = { hoTen: d.applicant.name, maHoSo: d.code, tenThuTuc: d.procedureName, hanTra: d.currentDueAt ?? d.dueAt, donVi: unitName, ...vars };
    let text: string;
    let problem: string | null = null;
    try {
      text = renderTemplate(kind, template.text, all);
    } catch (err) {
      text = template.text;
      problem = `Không tạo được tin nhắn: ${(err as Error).message}`;
    }
    const phone = smsNumber(d.applicant.phone);
    const email = phone ? null : emailAddress(d.applicant.email);
    if (!problem && !phone && !email) problem = 'Công dân không để lại số điện thoại hay địa chỉ thư điện tử dùng được.';
    const message = {
      id: crypto.randomUUID(),
      dossierId,
      kind,
      eventRef,
      channel: problem ? null : phone ? ('sms' as const) : ('email' as const),
      recipient: phone ?? email ?? '',
      text,
      status: problem ? ('cancelled' as const) : ('queued' as const),
      createdAt: ctx.now().toISOString(),
      lastError: problem,
    };
    ctx.store.messages.insert(message);
    audit(ctx, 'message.queue', 'dossier', dossierId, { kind, eventRef, status: message.status, channel: message.channel, ...(problem ? { reason: problem } : {}) });
    return { queued: true, message: ctx.store.messages.get(message.id)! };
  });
}

export function listTemplates(ctx: ServiceContext): MessageTemplatesView {
  requireSession(ctx);
  const stored = new Map(ctx.store.messages.templates().map((t) => [t.kind, t]));
  return {
    templates: MESSAGE_KINDS.map((kind) => {
      const s = stored.get(kind);
      return { kind, text: s?.text ?? DEFAULT_TEMPLATES[kind], enabled: s?.enabled ?? true, isDefault: !s, updatedAt: s?.updatedAt ?? null, placeholders: [...KIND_PLACEHOLDERS[kind]] };
    }),
    dueSoonWorkingHours: dueSoonWorkingHours(ctx),
  };
}

/** Saves a kind's template; a bad placeholder is refused, naming it, and nothing changes. Audited. */
export function saveTemplate(ctx: ServiceContext, input: MethodParsedInput<'messages.saveTemplate'>): MessageTemplatesView {
  requireSession(ctx);
  const problem = templateProblem(input.kind, input.text);
  if (problem) throw new AppError('BAD_REQUEST', `Mẫu tin nhắn chưa được lưu. ${problem}`);
  if (input.dueSoonWorkingHours !== undefined && input.kind !== 'dueSoon') throw new AppError('BAD_REQUEST', 'Thời gian báo trước chỉ đặt cho tin nhắn “Sắp đến hạn trả kết quả”.');
  const before = effectiveTemplate(ctx, input.kind);
  ctx.store.tx(() => {
    ctx.store.messages.saveTemplate({ kind: input.kind, text: input.text, enabled: input.enabled, updatedAt: ctx.now().toISOString() });
    if (input.dueSoonWorkingHours !== undefined) ctx.store.settings.set(DUE_SOON_KEY, input.dueSoonWorkingHours);
    audit(ctx, 'message.template', 'message_template', input.kind, {
      before: before.text,
      after: input.text,
      enabled: input.enabled,
      ...(input.dueSoonWorkingHours !== undefined ? { dueSoonWorkingHours: input.dueSoonWorkingHours } : {}),
    });
  });
  return listTemplates(ctx);
}

export function messagesForDossier(ctx: ServiceContext, dossierId: string): OutboxMessage[] {
  requireSession(ctx);
  if (!ctx.store.dossiers.get(dossierId)) throw new AppError('NOT_FOUND', 'Không tìm thấy hồ sơ.');
  return ctx.store.messages.forDossier(dossierId);
}

export function listOutbox(ctx: ServiceContext, input: MethodParsedInput<'messages.outbox'>) {
  requireSession(ctx);
  return ctx.store.messages.list(input);
}

function outboxMessage(ctx: ServiceContext, id: string): OutboxMessage {
  const m = ctx.store.messages.get(id);
  if (!m) throw new AppError('NOT_FOUND', 'Không tìm thấy tin nhắn.');
  if (m.status === 'cancelled') throw new AppError('CONFLICT', 'Tin nhắn này đã hủy (không gửi), không ghi nhận kết quả gửi được.');
  return m;
}

/** Sync delivered the message. A message already sent stays as it was. Audited. */
export function markSent(ctx: ServiceContext, id: string): OutboxMessage {
  requireSession(ctx);
  const m = outboxMessage(ctx, id);
  if (m.status === 'sent') return m;
  ctx.store.tx(() => {
    ctx.store.messages.markSent(id, ctx.now().toISOString());
    audit(ctx, 'message.sent', 'dossier', m.dossierId, { message: id, kind: m.kind });
  });
  ctx.emit('dossier.changed', { dossierId: m.dossierId });
  return ctx.store.messages.get(id)!;
}

/** Sync could not deliver the message (attempts counted). A message already sent stays sent. Audited. */
export function markFailed(ctx: ServiceContext, id: string, error: string): OutboxMessage {
  requireSession(ctx);
  const m = outboxMessage(ctx, id);
  if (m.status === 'sent') return m;
  ctx.store.tx(() => {
    ctx.store.messages.markFailed(id, error);
    audit(ctx, 'message.failed', 'dossier', m.dossierId, { message: id, kind: m.kind, error });
  });
  ctx.emit('dossier.changed', { dossierId: m.dossierId });
  return ctx.store.messages.get(id)!;
}

/**
 * Queues the due-soon warning for every dossier received or in processing (status 2 or 4) whose due
 * moment is after `now` and within the warning (working time by the desk's calendar), once per
 * dossier and due moment (eventRef `due:<dueAt>`: a due moment moved by an apology warns again).
 */
export function queueDueSoonWarnings(ctx: ServiceContext, now: Date): { checked: number; queued: number } {
  const cal = loadCalendar(ctx.store);
  const limit = addWorkingTime(cal, now.getTime(), dueSoonWorkingHours(ctx) * 3600_000);
  const running = ctx.store.messages.runningDueBetween(now.toISOString(), new Date(limit).toISOString());
  let queued = 0;
  for (const d of running) {
    const r = queueDossierMessage(ctx, d.id, 'dueSoon', {}, `due:${d.dueAt}`);
    if (r.queued) {
      queued++;
      ctx.emit('dossier.changed', { dossierId: d.id });
    }
  }
  return { checked: running.length, queued };
}

/** messages.scanDueSoon: a supervisor runs the scan now. */
export function scanDueSoon(ctx: ServiceContext): { checked: number; queued: number } {
  requireSession(ctx);
  return queueDueSoonWarnings(ctx, ctx.now());
}

/** The core's timer: scans without a caller (audit entries name no officer). Errors are logged, never thrown. */
export function startDueSoonSchedule(app: AppContext, everyMs = DUE_SOON_SCAN_MS): { stop(): void } {
  const run = () => {
    try {
      queueDueSoonWarnings({ ...app, sessionId: 'system:messages', session: null }, app.now());
    } catch (err) {
      console.error('[motcua] Quét tin nhắn sắp đến hạn không thành công:', err);
    }
  };
  const timer = setInterval(run, everyMs);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}
