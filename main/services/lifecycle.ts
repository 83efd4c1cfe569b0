// The dossier's lifecycle at the desk (issue 17): hand to the processing department (4), supplement
// request (5, Form 02) and supplement received, financial obligation (6), refusal (3, Form 03),
// withdrawal (7), stop (8), result received (9: result code and file), result returned (10), and the
// apology with a new date (Form 04), which is not a status change.
//
// Every action is one transaction: the status model (shared/domain/dossier-status.ts) decides, the
// event is written with its detail, the clock is replayed from the history (pause on a supplement
// request, resume or restart on the status after it, a new date on an apology) and stored as
// `current_due_at` / `paused_since`; `due_at` (NgayHenTra, the original appointment) never changes.
// A refused action changes nothing.
import crypto from 'node:crypto';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { MethodParsedInput } from '../../shared/contract/api';
import { AppError } from '../../shared/contract/errors';
import { canTransition, DOSSIER_STATUS, endsProcessing, isFinal, transitionRefusal, type DossierStatusCode } from '../../shared/domain/dossier-status';
import { endOfPeriod, type ClockEvent } from '../../shared/domain/due-moment';
import type { Dossier, DossierDetail, DossierEvent } from '../../shared/domain/schemas';
import { formatLocalDay, formatVietnamDateTime, toLocalDay } from '../../shared/domain/vietnam-time';
import { BlobStore } from '../storage/blob-store';
import type { StoredFile } from '../core/types';
import { dueMomentFor, loadCalendar } from './calendar';
import { audit, nowIso, requireSession, type ServiceContext } from './context';
import { getDossier } from './dossiers';
import { queueDossierMessage } from './messages';
import { captureSigner } from './signing';

export type LifecycleAction = MethodParsedInput<'dossiers.act'>['action'];
export type LifecycleKind = LifecycleAction['kind'] | 'status';

/** The event kind an apology is recorded with (its status stays the dossier's current one). */
export const APOLOGY_KIND = 'apology';

/** The status each action leads to (an apology keeps the current one; supplementReceived: 4 or 2). */
function targetStatus(a: LifecycleAction, current: DossierStatusCode): DossierStatusCode {
  switch (a.kind) {
    case 'process':
      return 4;
    case 'requestSupplement':
      return 5;
    case 'supplementReceived':
      return a.restart ? 2 : 4;
    case 'requestPayment':
      return 6;
    case 'refuse':
      return 3;
    case 'withdraw':
      return 7;
    case 'stop':
      return 8;
    case 'resultReceived':
      return 9;
    case 'returnResult':
      return 10;
    case 'apologize':
      return current;
  }
}

/** What an event has happened, handed to the applicant-messages outbox (wired by the integrator). */
export interface LifecycleEvent {
  kind: LifecycleKind;
  event: DossierEvent;
}

/**
 * THE one place per action where the applicant is told (issue 17, "messages to the applicant"):
 * called inside the action's transaction, after its event is written; the outbox row commits or
 * rolls back with the action, and the event's id keeps a retried action from queuing twice.
 */
export function onLifecycleEvent(ctx: ServiceContext, dossier: Dossier, event: LifecycleEvent): void {
  const ref = event.event.id;
  const detail = event.event.detail;
  const reason = typeof detail.reason === 'string' ? detail.reason : '';
  switch (event.kind) {
    case 'requestSupplement': {
      const papers = typeof detail.papers === 'string' ? (JSON.parse(detail.papers) as string[]) : [];
      queueDossierMessage(ctx, dossier.id, 'supplement', { lyDo: [papers.join('; '), reason].filter(Boolean).join('. ') }, ref);
      return;
    }
    case 'resultReceived':
      queueDossierMessage(ctx, dossier.id, 'resultReady', {}, ref);
      return;
    case 'returnResult':
      queueDossierMessage(ctx, dossier.id, 'resultReturned', {}, ref);
      return;
    case 'apologize':
      queueDossierMessage(ctx, dossier.id, 'apology', { lyDo: reason, ngayHenMoi: String(detail.newDue ?? '') }, ref);
      return;
    case 'process': {
      // Processing resumes after the financial obligation (6): the fees are paid.
      const history = ctx.store.dossiers.events(dossier.id);
      const before = history.length >= 2 ? history[history.length - 2]! : null;
      if (before?.status === 6) queueDossierMessage(ctx, dossier.id, 'feePaid', { soTien: dossier.fees.reduce((sum, f) => sum + f.amount, 0) }, ref);
      return;
    }
    default:
      return;
  }
}

/**
 * The clock events of a dossier's history: a supplement request (5) pauses; the status after it
 * resumes (4 and others) or restarts (2, the dossier received again at the desk); an apology sets a
 * new date. The history alone gives the clock, whichever method wrote it.
 */
export function clockEventsOf(events: readonly DossierEvent[]): ClockEvent[] {
  const out: ClockEvent[] = [];
  let prev: DossierStatusCode | null = null;
  for (const e of events) {
    if (e.detail.kind === APOLOGY_KIND && typeof e.detail.newDue === 'string') {
      out.push({ kind: 'apology', at: e.at, newDue: e.detail.newDue });
      continue;
    }
    if (e.status === 5 && prev !== 5) out.push({ kind: 'pause', at: e.at });
    else if (prev === 5 && e.status !== 5) out.push({ kind: e.status === 2 ? 'restart' : 'resume', at: e.at });
    prev = e.status;
  }
  return out;
}

/** Replays the clock from the stored history and stores the current due moment (inside a transaction). */
export function replayClock(ctx: ServiceContext, dossierId: string): { currentDueAt: string | null; pausedSince: string | null } {
  const d = ctx.store.dossiers.get(dossierId)!;
  const procedure = ctx.store.procedures.get(d.procedureId);
  if (!procedure) return { currentDueAt: d.currentDueAt, pausedSince: d.pausedSince };
  const m = dueMomentFor(ctx, d.receivedAt, procedure, clockEventsOf(ctx.store.dossiers.events(dossierId)));
  const clock = { currentDueAt: m.dueAt, pausedSince: m.pausedSince };
  ctx.store.dossiers.setClock(dossierId, clock);
  return clock;
}

/** The event's detail and note for an action (what the forms print later). */
function eventOf(a: LifecycleAction, d: Dossier): { note: string; detail: DossierEvent['detail'] } {
  switch (a.kind) {
    case 'requestSupplement':
      return { note: `Yêu cầu bổ sung: ${a.papers.join('; ')}. Lý do: ${a.reason}`, detail: { action: a.kind, papers: JSON.stringify(a.papers), reason: a.reason } };
    case 'refuse':
    case 'withdraw':
    case 'stop':
      return { note: a.reason, detail: { action: a.kind, reason: a.reason } };
    case 'resultReceived':
      return { note: [`Mã kết quả: ${a.resultCode}`, a.note].filter(Boolean).join('. '), detail: { action: a.kind, resultCode: a.resultCode } };
    case 'apologize':
      return {
        note: `Xin lỗi và hẹn lại ngày trả kết quả: ${formatLocalDay(a.newDue)}. Lý do: ${a.reason}`,
        detail: { action: a.kind, kind: APOLOGY_KIND, newDue: a.newDue, previousDue: d.currentDueAt, reason: a.reason },
      };
    case 'supplementReceived':
      return { note: a.note || (a.restart ? 'Đã nhận bổ sung, tiếp nhận lại từ đầu.' : 'Đã nhận bổ sung, tiếp tục xử lý.'), detail: { action: a.kind, restart: a.restart } };
    default:
      return { note: a.note, detail: { action: a.kind } };
  }
}

/** Checks that do not depend on the status model: a refusal in Vietnamese, or null. */
function actionProblem(ctx: ServiceContext, a: LifecycleAction, d: Dossier): string | null {
  if (a.kind === 'requestSupplement' && (endsProcessing(d.status) || isFinal(d.status))) {
    return `Không thể yêu cầu bổ sung: hồ sơ đã kết thúc («${DOSSIER_STATUS[d.status]}»).`;
  }
  if (a.kind === 'supplementReceived' && d.status !== 5) return `Hồ sơ không chờ bổ sung (đang ở trạng thái «${DOSSIER_STATUS[d.status]}»).`;
  if (a.kind === 'apologize') {
    if (endsProcessing(d.status)) return `Không thể hẹn lại: hồ sơ đã kết thúc («${DOSSIER_STATUS[d.status]}»).`;
    if (d.pausedSince) return 'Không thể hẹn lại khi hồ sơ đang tạm dừng chờ bổ sung: ghi nhận đã nhận bổ sung trước.';
    const cal = loadCalendar(ctx.store);
    const day = a.newDue;
    const now = ctx.now().getTime();
    if (day < toLocalDay(now)) return `Ngày hẹn lại ${formatLocalDay(day)} đã qua: chọn một ngày từ hôm nay trở đi.`;
    if (!cal.isWorkingDay(day)) return `Ngày hẹn lại ${formatLocalDay(day)} là ngày nghỉ${cal.row(day)?.name ? ` (${cal.row(day)!.name})` : ''}: chọn một ngày làm việc.`;
    const end = endOfPeriod(cal, day);
    if (end <= now) return `Ngày hẹn lại ${formatLocalDay(day)} đã hết giờ làm việc: chọn một ngày sau hôm nay.`;
    if (d.currentDueAt && end <= Date.parse(d.currentDueAt)) return `Ngày hẹn lại phải sau hạn hiện tại (${formatVietnamDateTime(d.currentDueAt)}).`;
  }
  return null;
}

/** The officer's result file as a PDF: a PDF as given, an image placed on a page of its size. */
async function resultPdf(file: { name: string; dataBase64: string }): Promise<Uint8Array> {
  const bytes = Buffer.from(file.dataBase64, 'base64');
  const refuse = () => new AppError('BAD_REQUEST', `Tệp kết quả “${file.name}” không đọc được: chỉ nhận PDF, JPEG hoặc PNG.`);
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') {
    try {
      await PDFDocument.load(bytes, { updateMetadata: false });
    } catch {
      throw refuse();
    }
    return bytes;
  }
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  const isPng = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  if (!isJpeg && !isPng) throw refuse();
  try {
    const doc = await PDFDocument.create();
    const img = isJpeg ? await doc.embedJpg(bytes) : await doc.embedPng(bytes);
    // 200 dpi assumed for a scan (Circular 01/2019's minimum): points = pixels × 72 / 200.
    const w = (img.width * 72) / 200;
    const h = (img.height * 72) / 200;
    doc.addPage([w, h]).drawImage(img, { x: 0, y: 0, width: w, height: h });
    doc.setTitle(file.name);
    return await doc.save();
  } catch {
    throw refuse();
  }
}

export interface Lifecycle {
  act(ctx: ServiceContext, input: MethodParsedInput<'dossiers.act'>): Promise<DossierDetail>;
  setStatus(ctx: ServiceContext, id: string, status: DossierStatusCode, note: string): DossierDetail;
  setIndexFields(ctx: ServiceContext, input: MethodParsedInput<'dossiers.setIndexFields'>): DossierDetail;
  /** A stored result file (kind 'pdf'), when it is a dossier's electronic result. */
  resolveResult(fileId: string): StoredFile | null;
}

/** Why this desk cannot act on a dossier received at another desk (held read-only on a supervisor's install); null when it can. */
export function otherDeskRefusal(d: Pick<Dossier, 'source' | 'originDeskName' | 'originOfficerName'>): AppError | null {
  if (d.source !== 'sync') return null;
  const where = d.originDeskName || d.originOfficerName;
  return new AppError('FORBIDDEN', `Hồ sơ này do quầy khác tiếp nhận${where ? ` (${where})` : ''}: máy này chỉ được xem. Việc xử lý hồ sơ do quầy đã tiếp nhận thực hiện.`);
}

export function createLifecycle(app: { dataDir: string; store: ServiceContext['store'] }): Lifecycle {
  const blobs = new BlobStore(path.join(app.dataDir, 'files'));

  /** The one write path of every status change: check, event, dossier, clock, audit, hook. */
  function commit(ctx: ServiceContext, id: string, kind: LifecycleKind, to: DossierStatusCode | null, ev: { note: string; detail: DossierEvent['detail'] }, extra?: (d: Dossier, at: string) => void, auditDetail: Record<string, unknown> = {}): void {
    const session = requireSession(ctx);
    const at = nowIso(ctx);
    ctx.store.tx(() => {
      const before = ctx.store.dossiers.get(id);
      if (!before) throw new AppError('NOT_FOUND', 'Không tìm thấy hồ sơ.');
      const refused = otherDeskRefusal(before);
      if (refused) throw refused;
      const status = to ?? before.status;
      if (to !== null && !canTransition(before.status, to)) throw new AppError('TRANSITION_FORBIDDEN', transitionRefusal(before.status, to), { from: before.status, to });
      if (to !== null) {
        ctx.store.dossiers.updateStatus(id, to, {
          endedAt: endsProcessing(to) && !before.endedAt ? at : null,
          returnedAt: to === 10 && !before.returnedAt ? at : null,
          updatedAt: at,
        });
      } else ctx.store.dossiers.touch(id, at);
      extra?.(before, at);
      const event: DossierEvent = { id: crypto.randomUUID(), dossierId: id, status, at, officerId: session.officer.id, note: ev.note, detail: ev.detail };
      ctx.store.dossiers.insertEvent(event);
      const clock = replayClock(ctx, id);
      audit(ctx, kind === 'status' ? 'status' : kind, 'dossier', id, {
        code: before.code,
        from: before.status,
        to: status,
        label: DOSSIER_STATUS[status],
        currentDueAt: clock.currentDueAt,
        pausedSince: clock.pausedSince,
        ...auditDetail,
      });
      onLifecycleEvent(ctx, ctx.store.dossiers.get(id)!, { kind, event });
      // Thống kê's stored verdict facts change with the dossier, in the same transaction.
      ctx.store.stats.refreshFacts(id);
    });
    ctx.emit('dossier.changed', { dossierId: id });
  }

  return {
    async act(ctx, input) {
      requireSession(ctx);
      const a = input.action;
      const d = getDossier(ctx, input.id);
      const refused = otherDeskRefusal(d);
      if (refused) throw refused;
      const to = a.kind === 'apologize' ? null : targetStatus(a, d.status);
      // Refused before any work (a file stored, a signature made) when the dossier cannot take it.
      const problem = actionProblem(ctx, a, d);
      if (problem) throw new AppError(a.kind === 'supplementReceived' || a.kind === 'requestSupplement' ? 'TRANSITION_FORBIDDEN' : 'BAD_REQUEST', problem);
      if (to !== null && !canTransition(d.status, to)) throw new AppError('TRANSITION_FORBIDDEN', transitionRefusal(d.status, to), { from: d.status, to });
      let resultFile: { id: string; signedBy: string | null } | null = null;
      if (a.kind === 'resultReceived' && a.file) {
        // Digitized and signed with the officer's certificate when one is set up (a locked one stops here).
        let signer: ReturnType<typeof captureSigner>;
        try {
          signer = captureSigner(ctx);
        } catch (err) {
          if (err instanceof AppError && err.code === 'SIGNING_LOCKED') throw new AppError('SIGNING_LOCKED', 'Chữ ký số của bạn chưa được mở khóa: vào Cài đặt → Chữ ký số, nhập mật khẩu chứng thư số rồi ghi nhận kết quả lại. Hồ sơ chưa thay đổi.');
          throw err;
        }
        const signed = await signer(await resultPdf(a.file), { dossierCode: d.code, component: `Kết quả giải quyết ${a.resultCode}` });
        const ref = await blobs.put(signed.bytes, 'pdf');
        resultFile = { id: ref.id, signedBy: signed.signedBy };
      }
      const ev = eventOf(a, d);
      if (resultFile) ev.detail = { ...ev.detail, resultFile: resultFile.id, signedBy: resultFile.signedBy };
      commit(
        ctx,
        d.id,
        a.kind,
        to,
        ev,
        (before, at) => {
          if (a.kind === 'resultReceived') ctx.store.dossiers.setResult(d.id, { resultCode: a.resultCode, resultFile: resultFile?.id ?? before.resultFile, updatedAt: at });
        },
        { ...ev.detail, ...(a.kind === 'apologize' ? { previousDue: d.currentDueAt } : {}) },
      );
      return getDossier(ctx, d.id);
    },

    setStatus(ctx, id, status, note) {
      requireSession(ctx);
      commit(ctx, id, 'status', status, { note, detail: {} });
      return getDossier(ctx, id);
    },

    setIndexFields(ctx, input) {
      requireSession(ctx);
      const at = nowIso(ctx);
      ctx.store.tx(() => {
        const before = ctx.store.dossiers.get(input.id);
        if (!before) throw new AppError('NOT_FOUND', 'Không tìm thấy hồ sơ.');
        const refused = otherDeskRefusal(before);
        if (refused) throw refused;
        ctx.store.dossiers.setIndexFields(input.id, { fees: input.fees, paidOnline: input.paidOnline, complaint: input.complaint, updatedAt: at });
        ctx.store.stats.refreshFacts(input.id);
        audit(ctx, 'index-fields', 'dossier', input.id, {
          code: before.code,
          before: { fees: before.fees, paidOnline: before.paidOnline, complaint: before.complaint },
          after: { fees: input.fees, paidOnline: input.paidOnline, complaint: input.complaint },
        });
      });
      ctx.emit('dossier.changed', { dossierId: input.id });
      return getDossier(ctx, input.id);
    },

    resolveResult(fileId) {
      if (!/^[0-9a-f]{64}$/.test(fileId)) return null;
      const d = app.store.dossiers.resultFileDossier(fileId);
      return d ? { path: blobs.pathOf(fileId, 'pdf'), mime: 'application/pdf', name: `${d.code}-ket-qua.pdf` } : null;
    },
  };
}
