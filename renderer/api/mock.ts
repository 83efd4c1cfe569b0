// Development-only in-memory core (loaded by `vite` with ?mock=1; never part of the production
// bundle). It answers every contract method with plausible data so screens can be built and looked
// at without the real host. It goes through the same ApiClient, so outputs are still validated.
import type { Job, Session, Settings } from '../../shared/contract/api';
import { isMethodName } from '../../shared/contract/api';
import { ERROR_MESSAGES, type ErrorCode } from '../../shared/contract/errors';
import type { FileKind } from '../../shared/contract/transport';
import type { AssistedSubmission, AuditEntry, DossierDetail, Officer, Page, Procedure, Unit } from '../../shared/domain/schemas';
import { computeIndex } from '../../shared/domain/national-index';
import { ApiClient } from './client';
import type { Transport } from './transport';

class MockError extends Error {
  constructor(readonly code: ErrorCode) {
    super(ERROR_MESSAGES[code]);
  }
}

const now = () => new Date().toISOString();
let seq = 1;
const id = (p: string) => `${p}${seq++}`;

export function createMockClient(): ApiClient {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));

  let unit: Unit | null = null;
  const officers: (Officer & { pin: string })[] = [];
  let session: Session | null = null;
  const procedures: Procedure[] = [];
  const dossiers: DossierDetail[] = [];
  const pages: Page[] = [];
  const texts = new Map<string, string>();
  const jobs = new Map<string, Job>();
  const audit: AuditEntry[] = [];
  const assisted: AssistedSubmission[] = [];
  let settings: Settings = {
    unitName: '',
    deskName: 'Quầy 1',
    dossierCodePattern: '{unit}-{yymmdd}-{seq4}',
    ocrLanguages: 'vie+eng',
    lowConfidenceThreshold: 60,
    scanDpi: 300,
    scanColor: true,
    watchFolder: '',
    portalUrlTemplate: 'https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-dung-chung.html?ma_thu_tuc={code}',
    tokenLibraries: [],
    campaign: null,
    idleLockMinutes: 5,
  };
  let captureStatus = { targetComponentId: null as string | null, watchFolder: '/srv/scan', watching: true, lastError: null, imported: 0 };
  const log = (action: string, entity: string, entityId: string | null, detail = '') =>
    audit.unshift({ id: audit.length + 1, at: now(), officerId: session?.officer.id ?? null, action, entity, entityId, detail });
  const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'd').toLowerCase();
  const need = () => {
    if (!session) throw new MockError('UNAUTHORIZED');
    return session;
  };
  const dossierOf = (componentId: string) => dossiers.find((d) => d.components.some((c) => c.id === componentId));
  const renumber = (componentId: string) => {
    pages.filter((p) => p.componentId === componentId).sort((a, b) => a.sequence - b.sequence).forEach((p, i) => (p.sequence = i + 1));
    const d = dossierOf(componentId);
    const c = d?.components.find((x) => x.id === componentId);
    if (c) c.digitization.pageCount = pages.filter((p) => p.componentId === componentId).length;
  };
  const runJob = (kind: Job['kind'], total: number, step: (i: number) => void, done?: () => void) => {
    const job: Job = { id: id('job'), kind, state: 'running', done: 0, total, message: '', errors: [] };
    jobs.set(job.id, job);
    let i = 0;
    const tick = () => {
      if (i < total) {
        step(i);
        i++;
        job.done = i;
        emit('job.progress', { ...job });
        setTimeout(tick, 400);
      } else {
        job.state = 'done';
        done?.();
        emit('job.progress', { ...job });
      }
    };
    setTimeout(tick, 200);
    return { jobId: job.id };
  };

  // Signing in the mock: any file with passphrase "1234" is a certificate of the signed-in officer.
  let signing = { configured: false, unlocked: false, expired: false, kind: null as null | 'p12', token: null, certificate: null as null | Record<string, string | null> };
  const certificateFor = () => ({ subject: session?.officer.fullName ?? 'Cán bộ', organization: unit?.name ?? null, issuer: 'CA thử nghiệm', serial: '01', notBefore: now(), notAfter: '2030-12-31T00:00:00.000Z' });

  const handlers: Record<string, (input: any) => unknown> = {
    'signing.status': () => signing,
    'signing.setCertificate': (i) => {
      if (i.passphrase !== '1234') throw new MockError('CERTIFICATE_PASSWORD');
      signing = { configured: true, unlocked: true, expired: false, kind: 'p12', token: null, certificate: certificateFor() };
      return signing;
    },
    'signing.unlock': (i) => {
      if (!signing.configured) throw new MockError('NOT_FOUND');
      if (i.passphrase !== '1234') throw new MockError('CERTIFICATE_PASSWORD');
      return (signing = { ...signing, unlocked: true });
    },
    'signing.lock': () => (signing = { ...signing, unlocked: false }),
    'signing.remove': () => (signing = { configured: false, unlocked: false, expired: false, kind: null, token: null, certificate: null }),
    'signing.tokens': () => [],
    'app.info': () => ({ name: 'Một Cửa Số', version: '0.1.0-dev', host: 'browser', dataDir: '/tmp/motcua-mock', schemaVersion: 1, needsSetup: !unit, session }),
    'app.doctor': () => ({
      ok: true,
      checks: [
        { id: 'db', label: 'Cơ sở dữ liệu', ok: true, detail: 'SQLite hoạt động bình thường' },
        { id: 'ocr', label: 'Dữ liệu OCR tiếng Việt', ok: true, detail: 'vie, eng' },
        { id: 'disk', label: 'Dung lượng ổ đĩa', ok: true, detail: 'Còn trống 120 GB' },
      ],
    }),
    'setup.initialize': (i) => {
      if (unit) throw new MockError('ALREADY_SET_UP');
      unit = { id: id('u'), code: i.unitCode, name: i.unitName, level: i.unitLevel, parentId: null };
      settings.unitName = i.unitName;
      const o = { id: id('o'), username: i.username, fullName: i.fullName, unitId: unit.id, desk: 'Quầy 1', role: 'admin' as const, active: true, pin: i.pin };
      officers.push(o);
      session = { officer: { ...o, pin: undefined } as unknown as Officer, unit, desk: o.desk, signedInAt: now(), locked: false };
      return session;
    },
    'auth.officers': () => officers.map((o) => ({ id: o.id, username: o.username, fullName: o.fullName })),
    'auth.signIn': (i) => {
      const o = officers.find((x) => x.username === i.username && x.pin === i.pin);
      if (!o || !unit) throw new MockError('BAD_CREDENTIALS');
      const { pin: _pin, ...officer } = o;
      session = { officer, unit, desk: officer.desk, signedInAt: now(), locked: false };
      return session;
    },
    'auth.signOut': () => {
      session = null;
      return { ok: true };
    },
    'officers.list': () => (need(), officers.map(({ pin: _pin, ...o }) => ({ ...o, failedAttempts: 0, lockedUntil: null, locked: false }))),
    'officers.update': (i) => {
      need();
      const o = officers.find((x) => x.id === i.id);
      if (!o) throw new MockError('NOT_FOUND');
      Object.assign(o, Object.fromEntries(Object.entries(i).filter(([k, v]) => k !== 'id' && v !== undefined)));
      const { pin: _pin, ...out } = o;
      return { ...out, failedAttempts: 0, lockedUntil: null, locked: false };
    },
    'officers.resetPin': (i) => {
      need();
      const o = officers.find((x) => x.id === i.id);
      if (!o) throw new MockError('NOT_FOUND');
      o.pin = i.pin;
      const { pin: _pin, ...out } = o;
      return { ...out, failedAttempts: 0, lockedUntil: null, locked: false };
    },
    'officers.unlock': (i) => {
      need();
      const o = officers.find((x) => x.id === i.id);
      if (!o) throw new MockError('NOT_FOUND');
      const { pin: _pin, ...out } = o;
      return { ...out, failedAttempts: 0, lockedUntil: null, locked: false };
    },
    'officers.create': (i) => {
      const s = need();
      if (officers.some((o) => o.username === i.username)) throw new MockError('CONFLICT');
      const o = { id: id('o'), username: i.username, fullName: i.fullName, unitId: s.unit.id, desk: i.desk, role: i.role, active: true, pin: i.pin };
      officers.push(o);
      const { pin: _pin, ...out } = o;
      return out;
    },
    'settings.get': () => (need(), settings),
    'settings.update': (i) => ((settings = { ...settings, ...i }), settings),
    'audit.list': (i) => audit.slice(i.offset ?? 0, (i.offset ?? 0) + (i.limit ?? 100)).map((e) => ({ ...e, officerName: officers.find((o) => o.id === e.officerId)?.fullName ?? null, hash: '0'.repeat(64) })),
    'audit.exportCsv': () => ({ fileName: 'nhat-ky-thao-tac.csv', csv: '\uFEFF"STT","Thời điểm","Cán bộ","Thao tác"\r\n', rows: 0 }),
    'procedures.search': (i) => {
      need();
      const q = fold(i.query ?? '');
      return procedures.filter((p) => !q || fold(`${p.code} ${p.name} ${p.field}`).includes(q)).slice(0, i.limit ?? 50);
    },
    'procedures.upsert': (i) => {
      need();
      const p: Procedure = { ...i, id: i.id ?? id('p'), components: i.components.map((c: { id?: string }) => ({ ...c, id: c.id ?? id('tp') })) };
      const at = procedures.findIndex((x) => x.id === p.id);
      if (at >= 0) procedures[at] = p;
      else procedures.push(p);
      log('procedure.upsert', 'procedure', p.id, p.code);
      return p;
    },
    'dossiers.create': (i) => {
      const s = need();
      const p = procedures.find((x) => x.id === i.procedureId);
      if (!p) throw new MockError('NOT_FOUND');
      const dId = id('d');
      const at = now();
      const due = new Date(Date.now() + p.processingDays * 86400000).toISOString();
      const ymd = at.slice(2, 10).replace(/-/g, '');
      const d: DossierDetail = {
        id: dId,
        code: `${s.unit.code}-${ymd}-${String(dossiers.length + 1).padStart(4, '0')}`,
        unitId: s.unit.id,
        procedureId: p.id,
        procedureCode: p.code,
        procedureName: p.name,
        channel: i.channel ?? 1,
        status: 2,
        applicant: i.applicant,
        receivedAt: at,
        dueAt: due,
        endedAt: null,
        returnedAt: null,
        officerId: s.officer.id,
        createdAt: at,
        updatedAt: at,
        components: i.components.map((c: { name: string; required: boolean; copies: number; received: boolean }, n: number) => ({
          id: id('c'),
          dossierId: dId,
          sequence: n + 1,
          ...c,
          digitization: { fileId: null, resultCode: null, digitizedAt: null, pageCount: 0, signedBy: null, reusedFrom: null },
        })),
        events: [{ id: id('e'), dossierId: dId, status: 2, at, officerId: s.officer.id, note: '' }],
      };
      dossiers.unshift(d);
      log('dossier.create', 'dossier', d.id, d.code);
      return d;
    },
    'dossiers.list': (i) => {
      need();
      const q = fold(i.query ?? '');
      const all = dossiers.filter((d) => (!q || fold(`${d.code} ${d.applicant.name} ${d.applicant.idNumber}`).includes(q)) && (!i.status || d.status === i.status));
      const off = i.offset ?? 0;
      return { items: all.slice(off, off + (i.limit ?? 50)).map(({ components: _c, events: _e, ...d }) => d), total: all.length };
    },
    'dossiers.get': (i) => {
      const d = dossiers.find((x) => x.id === i.id);
      if (!d) throw new MockError('NOT_FOUND');
      return d;
    },
    'dossiers.setStatus': (i) => {
      const s = need();
      const d = dossiers.find((x) => x.id === i.id);
      if (!d) throw new MockError('NOT_FOUND');
      d.status = i.status;
      d.updatedAt = now();
      d.events.push({ id: id('e'), dossierId: d.id, status: i.status, at: now(), officerId: s.officer.id, note: i.note ?? '' });
      return d;
    },
    'applicants.lookup': (i) => {
      need();
      const mine = dossiers.filter((d) => d.applicant.idNumber === i.idNumber);
      if (!mine.length) return null;
      return { applicant: mine[0]!.applicant, lastSeen: mine[0]!.receivedAt, dossiers: mine.length, digitized: [] as { componentId: string; dossierCode: string; componentName: string; digitizedAt: string }[] };
    },
    'guide.record': (i) => {
      const s = need();
      const p = procedures.find((x) => x.id === i.procedureId);
      if (!p) throw new MockError('NOT_FOUND');
      const r = { id: id('as'), procedureId: p.id, procedureCode: p.code, procedureName: p.name, applicantName: i.applicantName, applicantPhone: i.applicantPhone ?? '', portalCode: i.portalCode ?? '', outcome: i.outcome, note: i.note ?? '', officerId: s.officer.id, officerName: s.officer.fullName, at: now() };
      assisted.unshift(r);
      return r;
    },
    'guide.list': () => (need(), assisted),
    'dossiers.receipt': (i) => {
      if (!dossiers.some((d) => d.id === i.id)) throw new MockError('NOT_FOUND');
      return { fileId: 'receipt', fileName: 'giay-tiep-nhan.pdf' };
    },
    'metrics.index': (i) => {
      need();
      const index = computeIndex(
        dossiers.map((d) => ({
          receivedAt: d.receivedAt,
          dueAt: d.dueAt,
          channel: d.channel,
          events: d.events.filter((e) => e.status !== 2).map((e) => ({ status: e.status, at: e.at })),
          resultIsPaper: procedures.find((p) => p.id === d.procedureId)?.resultIsPaper ?? true,
          electronicResult: false,
          componentsDigitized: d.components.some((c) => c.digitization.fileId !== null),
          reused: false,
          feeBearing: false,
          fees: [],
          paidOnline: 0,
          complaint: false,
        })),
        i,
      );
      return { ...index, period: i, notRecorded: ['electronicResult', 'reuse', 'payment', 'complaints'], byOfficer: [], byDay: [] };
    },
    'capture.status': () => captureStatus,
    'capture.setTarget': (i) => ((captureStatus = { ...captureStatus, targetComponentId: i.componentId }), captureStatus),
    'capture.devices': () => [{ id: 'test:0', name: 'Máy quét thử nghiệm', kind: 'sane' }],
    'digitize.importFiles': (i) =>
      runJob('import', i.files.length, (n) => {
        const f = i.files[n];
        const pId = id('pg');
        pages.push({
          id: pId,
          componentId: i.componentId,
          sequence: pages.filter((p) => p.componentId === i.componentId).length + 1,
          imageId: pId,
          sourceName: f.name,
          width: 1654,
          height: 2339,
          dpi: 200,
          color: false,
          rotation: 0,
          blank: n % 5 === 4,
          ocrStatus: 'done',
          confidence: n % 3 === 1 ? 48 : 91,
          needsReview: n % 3 === 1,
          error: null,
        });
        texts.set(pId, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nĐƠN ĐỀ NGHỊ cấp bản sao trích lục hộ tịch');
        renumber(i.componentId);
        emit('pages.changed', { componentId: i.componentId });
      }),
    'digitize.scan': (i) => handlers['digitize.importFiles']!({ componentId: i.componentId, files: [{ name: 'scan.png' }, { name: 'scan2.png' }] }),
    'digitize.pages': (i) => pages.filter((p) => p.componentId === i.componentId).sort((a, b) => a.sequence - b.sequence),
    'digitize.reorder': (i) => {
      i.pageIds.forEach((pid: string, n: number) => {
        const p = pages.find((x) => x.id === pid);
        if (p) p.sequence = n + 1;
      });
      return handlers['digitize.pages']!({ componentId: i.componentId });
    },
    'digitize.rotate': (i) => {
      const p = pages.find((x) => x.id === i.pageId);
      if (!p) throw new MockError('NOT_FOUND');
      p.rotation = ((p.rotation + i.degrees) % 360) as Page['rotation'];
      return p;
    },
    'digitize.deletePage': (i) => {
      const at = pages.findIndex((x) => x.id === i.pageId);
      if (at < 0) throw new MockError('NOT_FOUND');
      const [p] = pages.splice(at, 1);
      renumber(p!.componentId);
      return { ok: true };
    },
    'digitize.movePages': (i) => {
      const from = new Set<string>();
      for (const pid of i.pageIds) {
        const p = pages.find((x) => x.id === pid);
        if (p) {
          from.add(p.componentId);
          p.componentId = i.toComponentId;
          p.sequence = 10_000 + p.sequence;
        }
      }
      [...from, i.toComponentId].forEach(renumber);
      return { ok: true };
    },
    'digitize.pageText': (i) => {
      const text = texts.get(i.pageId) ?? '';
      const words = text.split(/\s+/).filter(Boolean).map((w, n) => ({ text: w, confidence: n % 4 === 2 ? 41 : 93, bbox: { x0: 0, y0: 0, x1: 1, y1: 1 } }));
      return { text, words };
    },
    'digitize.correctPage': (i) => {
      texts.set(i.pageId, i.text);
      const p = pages.find((x) => x.id === i.pageId)!;
      p.needsReview = false;
      return p;
    },
    'digitize.buildPdf': (i) =>
      runJob('build-pdf', 3, () => undefined, () => {
        const d = dossierOf(i.componentId);
        const c = d?.components.find((x) => x.id === i.componentId);
        if (c) c.digitization = { fileId: id('pdf'), resultCode: i.resultCode ?? null, digitizedAt: now(), pageCount: c.digitization.pageCount, signedBy: null, reusedFrom: null };
        if (d) emit('dossier.changed', { dossierId: d.id });
      }),
    'jobs.get': (i) => {
      const j = jobs.get(i.jobId);
      if (!j) throw new MockError('NOT_FOUND');
      return j;
    },
    'search.fullText': (i) => {
      const q = fold(i.query);
      return pages
        .filter((p) => fold(texts.get(p.id) ?? '').includes(q))
        .map((p) => {
          const d = dossierOf(p.componentId)!;
          const c = d.components.find((x) => x.id === p.componentId)!;
          return { dossierId: d.id, dossierCode: d.code, componentId: c.id, componentName: c.name, pageId: p.id, pageSequence: p.sequence, snippet: (texts.get(p.id) ?? '').slice(0, 120) };
        });
    },
  };

  const thumb = (label: string) =>
    `data:image/svg+xml;utf8,${encodeURIComponent(
      `<svg xmlns="http://www.w3.org/2000/svg" width="210" height="297" viewBox="0 0 210 297"><rect width="210" height="297" fill="#fff"/><g fill="#c9d1dc">${Array.from({ length: 14 }, (_, i) => `<rect x="20" y="${40 + i * 16}" width="${120 + ((i * 37) % 50)}" height="6" rx="2"/>`).join('')}</g><text x="105" y="24" font-size="12" text-anchor="middle" fill="#1a4a8a" font-family="sans-serif">${label}</text></svg>`,
    )}`;

  const transport: Transport = {
    kind: 'mock',
    async call(method, input) {
      await new Promise((r) => setTimeout(r, 120));
      if (!isMethodName(method) || !handlers[method]) return { ok: false, error: { code: 'UNKNOWN_METHOD', message: ERROR_MESSAGES.UNKNOWN_METHOD } };
      try {
        return { ok: true, result: structuredClone(handlers[method](input)) };
      } catch (err) {
        const code = err instanceof MockError ? err.code : 'INTERNAL';
        return { ok: false, error: { code, message: ERROR_MESSAGES[code] } };
      }
    },
    on(event, listener) {
      let s = listeners.get(event);
      if (!s) listeners.set(event, (s = new Set()));
      s.add(listener);
      return () => s.delete(listener);
    },
    fileUrl: (kind: FileKind, fileId: string) => (kind === 'pdf' ? 'about:blank' : thumb(fileId)),
    connected: () => true,
    onConnection: () => () => {},
  };
  return new ApiClient(transport);
}
