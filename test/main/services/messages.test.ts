import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { databasePath, openDatabase } from '../../../main/data/database';
import { Store } from '../../../main/data/store';
import { queueDossierMessage } from '../../../main/services/messages';
import type { ServiceContext } from '../../../main/services/context';
import { readyCore, SAMPLE_APPLICANT, type TestCore } from '../../helpers/core';

const components = [{ name: 'Tờ khai', required: true, copies: 1, received: true }];

async function withOfficer(core: TestCore): Promise<TestCore> {
  await core.call('officers.create', { username: 'binh', fullName: 'Lê Văn Bình', pin: '135790', role: 'officer', desk: null });
  const officer = core.as('officer-window');
  await officer.call('auth.signIn', { username: 'binh', pin: '135790' });
  return officer;
}

describe('messages to the applicant', () => {
  it('queues the reception message exactly once, even when the request is retried with the same requestId', async () => {
    const { core, procedure } = await readyCore({ now: () => new Date('2026-03-02T09:00:00+07:00') });
    try {
      const input = { procedureId: procedure.id, applicant: SAMPLE_APPLICANT, components, requestId: crypto.randomUUID() };
      const first = await core.dispatch('dossiers.create', input);
      const retry = await core.dispatch('dossiers.create', input);
      expect(first.ok && retry.ok).toBe(true);
      const d = (first as { result: { id: string; code: string } }).result;
      expect((retry as { result: { id: string } }).result.id).toBe(d.id);
      const messages = await core.call('messages.forDossier', { dossierId: d.id });
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({
        kind: 'received',
        channel: 'sms',
        recipient: '0903123456',
        status: 'queued',
        attempts: 0,
        sentAt: null,
        text: `UBND xã Tân Phú đã tiếp nhận hồ sơ ${d.code} (Đăng ký khai sinh) của ông/bà Trần Văn Đức. Hẹn trả kết quả: 05/03/2026 17:00.`,
      });
      expect(await core.call('audit.list', { action: 'message.queue' })).toHaveLength(1);
    } finally {
      await core.close();
    }
  });

  it('an administrator edits a template (bad placeholder refused, nothing changed; audited); officers read but do not edit', async () => {
    const { core, procedure } = await readyCore({ now: () => new Date('2026-03-02T09:00:00+07:00') });
    try {
      const before = await core.call('messages.templates');
      expect(before.templates.find((t) => t.kind === 'received')).toMatchObject({ isDefault: true, enabled: true, updatedAt: null });
      const bad = await core.dispatch('messages.saveTemplate', { kind: 'received', text: 'Hồ sơ {maHoSo} của {hoten}', enabled: true });
      expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      expect(JSON.stringify(bad)).toContain('Mẫu tin nhắn chưa được lưu. Trường thay thế {hoten} không tồn tại.');
      expect(await core.call('messages.templates')).toEqual(before);
      expect(await core.call('audit.list', { action: 'message.template' })).toEqual([]);

      const text = 'Đã nhận hồ sơ {maHoSo} của {hoTen}, hẹn trả {hanTra}.';
      const after = await core.call('messages.saveTemplate', { kind: 'received', text, enabled: true });
      expect(after.templates.find((t) => t.kind === 'received')).toMatchObject({ text, isDefault: false, updatedAt: '2026-03-02T02:00:00.000Z' });
      const entries = await core.call('audit.list', { action: 'message.template' });
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ entity: 'message_template', entityId: 'received' });
      expect(JSON.parse(entries[0]!.detail)).toMatchObject({ after: text, before: expect.stringContaining('đã tiếp nhận hồ sơ {maHoSo}') });

      const officer = await withOfficer(core);
      expect(await officer.dispatch('messages.saveTemplate', { kind: 'received', text: 'x', enabled: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await officer.dispatch('messages.outbox', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await officer.dispatch('messages.scanDueSoon', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      const d = await officer.call('dossiers.create', { procedureId: procedure.id, applicant: SAMPLE_APPLICANT, components });
      expect((await officer.call('messages.forDossier', { dossierId: d.id })).map((m) => m.text)).toEqual([`Đã nhận hồ sơ ${d.code} của Trần Văn Đức, hẹn trả 05/03/2026 17:00.`]);
    } finally {
      await core.close();
    }
  });

  it('a disabled template queues nothing; without a phone the e-mail is used; without either the message is kept as not sent, with the reason', async () => {
    const { core, procedure } = await readyCore({ now: () => new Date('2026-03-02T09:00:00+07:00') });
    try {
      const noContact = await core.call('dossiers.create', { procedureId: procedure.id, applicant: { ...SAMPLE_APPLICANT, phone: '', email: '' }, components });
      expect(await core.call('messages.forDossier', { dossierId: noContact.id })).toEqual([
        expect.objectContaining({ kind: 'received', status: 'cancelled', channel: null, recipient: '', lastError: expect.stringMatching(/không để lại số điện thoại/) }),
      ]);
      const byMail = await core.call('dossiers.create', { procedureId: procedure.id, applicant: { ...SAMPLE_APPLICANT, phone: '', email: 'duc@example.vn' }, components });
      expect(await core.call('messages.forDossier', { dossierId: byMail.id })).toEqual([expect.objectContaining({ status: 'queued', channel: 'email', recipient: 'duc@example.vn' })]);

      await core.call('messages.saveTemplate', { kind: 'received', text: (await core.call('messages.templates')).templates[0]!.text, enabled: false });
      const quiet = await core.call('dossiers.create', { procedureId: procedure.id, applicant: SAMPLE_APPLICANT, components });
      expect(await core.call('messages.forDossier', { dossierId: quiet.id })).toEqual([]);
      expect((await core.call('messages.outbox', {})).total).toBe(2);
      expect((await core.call('messages.outbox', { status: 'cancelled' })).items.map((m) => m.dossierCode)).toEqual([noContact.code]);
    } finally {
      await core.close();
    }
  });

  it('queues the due-soon warning once per dossier and due moment, within one working day by the calendar', async () => {
    let now = new Date('2026-03-02T09:00:00+07:00');
    const { core, procedure } = await readyCore({ now: () => now, idleLockMinutes: 0 });
    try {
      // Mon 02/03 + 3 working days: due Thu 05/03/2026 17:00.
      const d = await core.call('dossiers.create', { procedureId: procedure.id, applicant: SAMPLE_APPLICANT, components });
      expect(d.dueAt).toBe('2026-03-05T10:00:00.000Z');
      now = new Date('2026-03-04T16:00:00+07:00'); // 9 working hours left
      expect(await core.call('messages.scanDueSoon')).toEqual({ checked: 0, queued: 0 });
      now = new Date('2026-03-04T17:00:00+07:00'); // one working day (8 h) left
      expect(await core.call('messages.scanDueSoon')).toEqual({ checked: 1, queued: 1 });
      now = new Date('2026-03-05T09:00:00+07:00');
      expect(await core.call('messages.scanDueSoon')).toEqual({ checked: 1, queued: 0 });
      const dueSoon = (await core.call('messages.forDossier', { dossierId: d.id })).filter((m) => m.kind === 'dueSoon');
      expect(dueSoon).toEqual([expect.objectContaining({ status: 'queued', eventRef: 'due:2026-03-05T10:00:00.000Z', text: expect.stringContaining('sẽ đến hạn trả kết quả lúc 05/03/2026 17:00') })]);
      // Past the due moment, or finished: no warning.
      now = new Date('2026-03-05T17:30:00+07:00');
      expect(await core.call('messages.scanDueSoon')).toEqual({ checked: 0, queued: 0 });

      // A longer warning (two working days), set with the due-soon template.
      const view = await core.call('messages.saveTemplate', { kind: 'dueSoon', text: 'Hồ sơ {maHoSo} đến hạn lúc {hanTra}.', enabled: true, dueSoonWorkingHours: 16 });
      expect(view.dueSoonWorkingHours).toBe(16);
      expect(await core.dispatch('messages.saveTemplate', { kind: 'received', text: '{maHoSo}', enabled: true, dueSoonWorkingHours: 4 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      now = new Date('2026-03-09T09:00:00+07:00');
      const e = await core.call('dossiers.create', { procedureId: procedure.id, applicant: SAMPLE_APPLICANT, components }); // due Thu 12/03 17:00
      now = new Date('2026-03-10T17:00:00+07:00'); // 16 working hours left
      expect(await core.call('messages.scanDueSoon')).toMatchObject({ queued: 1 });
      expect((await core.call('messages.forDossier', { dossierId: e.id })).map((m) => m.text)).toContain(`Hồ sơ ${e.code} đến hạn lúc 12/03/2026 17:00.`);
    } finally {
      await core.close();
    }
  });

  it('records delivery for sync: sent stays sent, failures are counted once per request, a cancelled message takes no result', async () => {
    const { core, procedure } = await readyCore({ now: () => new Date('2026-03-02T09:00:00+07:00') });
    try {
      const d = await core.call('dossiers.create', { procedureId: procedure.id, applicant: SAMPLE_APPLICANT, components });
      const [m] = await core.call('messages.forDossier', { dossierId: d.id });
      const failure = { id: m!.id, error: 'Nhà mạng không phản hồi', requestId: crypto.randomUUID() };
      await core.call('messages.markFailed', failure);
      const again = await core.call('messages.markFailed', failure);
      expect(again).toMatchObject({ status: 'failed', attempts: 1, lastError: 'Nhà mạng không phản hồi' });
      const sent = await core.call('messages.markSent', { id: m!.id });
      expect(sent).toMatchObject({ status: 'sent', attempts: 2, lastError: null, sentAt: '2026-03-02T02:00:00.000Z' });
      expect(await core.call('messages.markSent', { id: m!.id })).toEqual(sent);
      expect(await core.call('messages.markFailed', { id: m!.id, error: 'muộn' })).toEqual(sent);
      expect((await core.call('audit.list', {})).filter((a) => a.action.startsWith('message.')).map((a) => a.action)).toEqual(['message.sent', 'message.failed', 'message.queue']);

      const none = await core.call('dossiers.create', { procedureId: procedure.id, applicant: { ...SAMPLE_APPLICANT, phone: '' }, components });
      const [cancelled] = await core.call('messages.forDossier', { dossierId: none.id });
      expect(await core.dispatch('messages.markSent', { id: cancelled!.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    } finally {
      await core.close();
    }
  });

  it('lifecycle kinds: rendered with the event’s values inside the caller’s transaction, idempotent on the event; a missing value is kept as not sent', async () => {
    const now = () => new Date('2026-03-02T09:00:00+07:00');
    const { core, procedure } = await readyCore({ now });
    const db = openDatabase(databasePath(core.dataDir));
    try {
      const d = await core.call('dossiers.create', { procedureId: procedure.id, applicant: SAMPLE_APPLICANT, components });
      const store = new Store(db);
      const ctx = { store, now, emit: () => {}, policy: { tokenLibraries: [], watchRoots: [], upstreamUrl: null, unit: null, idleLockMinutes: null }, sessionId: 'lifecycle', session: null } as unknown as ServiceContext;
      const r = store.tx(() => queueDossierMessage(ctx, d.id, 'supplement', { lyDo: 'thiếu bản sao Giấy chứng sinh' }, 'event-1'));
      expect(r).toMatchObject({ queued: true, message: { status: 'queued', text: expect.stringContaining('cần bổ sung: thiếu bản sao Giấy chứng sinh.') } });
      expect(queueDossierMessage(ctx, d.id, 'supplement', { lyDo: 'khác' }, 'event-1')).toMatchObject({ queued: false, reason: 'duplicate' });
      // A rolled-back caller leaves no message.
      expect(() => store.tx(() => {
        queueDossierMessage(ctx, d.id, 'feePaid', { soTien: 50000 }, 'event-2');
        throw new Error('refused');
      })).toThrow('refused');
      expect(store.messages.byEvent(d.id, 'feePaid', 'event-2')).toBeNull();
      const apology = queueDossierMessage(ctx, d.id, 'apology', { ngayHenMoi: '2026-03-10' }, 'event-3');
      expect(apology).toMatchObject({ queued: true, message: { status: 'cancelled', lastError: expect.stringMatching(/cần giá trị cho \{lyDo\}/) } });
      expect((await core.call('messages.forDossier', { dossierId: d.id })).map((m) => [m.kind, m.status])).toEqual([
        ['received', 'queued'],
        ['supplement', 'queued'],
        ['apology', 'cancelled'],
      ]);
    } finally {
      db.close();
      await core.close();
    }
  });
});
