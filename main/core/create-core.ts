// The one composition root: opens the store, builds the services and wires them to the contract.
// Electron, the browser host, the CLI and tests all get their Core from here.
import fs from 'node:fs';
import { tuneImageLibrary } from './process-tuning';
import { databasePath, openDatabase, schemaVersion } from '../data/database';
import { Store } from '../data/store';
import { createDispatcher, type Handlers } from '../api/dispatch';
import { callContext, type AppContext } from '../services/context';
import * as auditLog from '../services/audit-log';
import { Sessions, DEFAULT_IDLE_LOCK_MINUTES } from './sessions';
import { defaultPolicyPath, loadPolicy, shownPolicy } from '../config/policy';
import * as auth from '../services/auth';
import * as settings from '../services/settings';
import * as calendar from '../services/calendar';
import * as procedures from '../services/procedures';
import * as catalog from '../services/catalog';
import * as dossiers from '../services/dossiers';
import * as applicants from '../services/applicants';
import * as metrics from '../services/metrics';
import * as stats from '../services/stats';
import * as guide from '../services/guide';
import * as messages from '../services/messages';
import * as sync from '../services/sync';
import { secretVault } from '../sync/secret-vault';
import * as idcard from '../idcard/service';
import { createReceipts } from '../services/receipts';
import { createLifecycle } from '../services/lifecycle';
import * as forms from '../services/forms';
import * as signing from '../services/signing';
import { runDoctor } from '../services/doctor';
import { EventBus } from './events';
import type { Core, CoreOptions } from './types';
import { MachinePolicySchema } from '../../shared/contract/api';
import { APP_VERSION } from './version';
import { createDigitizer } from '../services/digitize';
import { acquireInstanceLock } from '../fs/instance-lock';
import { CodeMarks, databaseBehindWarnings } from '../storage/code-marks';
import { startBackupSchedule } from '../services/backup';
import { importHistoriesFromApp } from '../services/history-import';

export async function createCore(opts: CoreOptions): Promise<Core> {
  tuneImageLibrary();
  fs.mkdirSync(opts.dataDir, { recursive: true });
  // One instance per data directory: a second host (or core) on this folder stops here.
  const lock = acquireInstanceLock(opts.dataDir, opts.host);
  let db: ReturnType<typeof openDatabase>;
  try {
    db = openDatabase(databasePath(opts.dataDir));
  } catch (err) {
    lock.release();
    throw err;
  }
  const store = new Store(db);
  const codeMarks = new CodeMarks(opts.dataDir);
  // A database behind the marks kept beside it (restored from an older backup, lost commits): said
  // at start and in app.doctor; codes still continue after the marks.
  const startWarnings = databaseBehindWarnings(db, codeMarks.snapshot());
  for (const w of startWarnings) console.warn(`[motcua] CẢNH BÁO: ${w}`);
  const bus = new EventBus();
  const now = opts.now ?? (() => new Date());
  const loaded = opts.policy ? { policy: MachinePolicySchema.parse(opts.policy), view: null } : loadPolicy(opts.policyFile ?? defaultPolicyPath(process.env, process.platform));
  const policy = loaded.policy;
  const policyView = loaded.view ?? { path: '(tests)', loaded: true, error: null, values: shownPolicy(policy) };
  // The idle limit is read when checked (settings change while the app runs); `app` is defined below.
  const sessions = new Sessions(now, () => {
    if (opts.idleLockMinutes !== undefined) return opts.idleLockMinutes;
    try {
      return settings.getSettings(app).idleLockMinutes;
    } catch {
      return DEFAULT_IDLE_LOCK_MINUTES;
    }
  });
  const app: AppContext = {
    store,
    dataDir: opts.dataDir,
    now,
    emit: (event, payload) => bus.emit(event, payload),
    sessions,
    policy,
    policyView,
    codeMarks,
  };
  const digitizer = createDigitizer(app, {
    ocrPoolSize: opts.ocrPoolSize,
    ocrFactory: opts.ocrFactory ?? (opts.fakeOcr ? async () => (await import('../ocr/fake-engine')).fakeEngine() : undefined),
    blobFs: opts.blobFs,
    ocrRetryMs: opts.ocrRetryMs,
  });
  const receipts = createReceipts(app);
  const lifecycle = createLifecycle(app);
  const statsExports = stats.createStatsExports(app);
  sessions.listen({
    onLock(s) {
      signing.forgetSigningSecret(s);
      digitizer.sessionEnded(s.id);
      try {
        store.tx(() => store.audit.append({ at: now().toISOString(), officerId: s.officer.id, action: 'lock', entity: 'officer', entityId: s.officer.id, detail: JSON.stringify({ reason: 'idle' }) }));
      } catch {
        // The lock itself never fails on a store that cannot write.
      }
    },
    onEnd(s) {
      signing.forgetSigningSecret(s);
      digitizer.sessionEnded(s.id);
    },
    onStart(s) {
      digitizer.sessionStarted(s.id);
    },
  });
  // Idle sessions are locked even when nobody calls, so a key is never left unlocked on an empty desk.
  const idleTimer = setInterval(() => sessions.sweep(), 15_000);
  idleTimer.unref?.();
  // Scheduled backups set by an admin in Cài đặt (folder, every N hours, keep K): checked every few
  // minutes, unref'd; each result is written to the audit log.
  const backups = startBackupSchedule({
    dataDir: opts.dataDir,
    now,
    schedule: () => {
      const s = settings.getSettings(app);
      return s.backupFolder ? { folder: s.backupFolder, intervalHours: s.backupIntervalHours, keep: s.backupKeep } : null;
    },
    onResult: (r) => {
      const detail = r.ok ? { dir: r.result.dir, files: r.result.manifest.files.length, removed: r.result.removed.length } : { error: r.error.message };
      if (!r.ok) console.error(`[motcua] Sao lưu định kỳ không thành công: ${r.error.message}`);
      try {
        store.tx(() => store.audit.append({ at: now().toISOString(), officerId: null, action: r.ok ? 'backup' : 'backup-failed', entity: 'system', entityId: null, detail: JSON.stringify(detail) }));
      } catch {
        // A store that cannot write is reported elsewhere.
      }
    },
  });

  // Due-soon warnings to applicants (main/services/messages.ts): scanned every few minutes, unref'd.
  const dueSoon = messages.startDueSoonSchedule(app);

  // Sync with the province receiver (main/services/sync.ts): a background pass every few minutes
  // once the desk is enrolled; timers unref'd; the core already runs off the window's thread.
  const deskSync = new sync.DeskSync({
    store,
    dataDir: opts.dataDir,
    upstreamUrl: () => policy.upstreamUrl,
    vault: secretVault(opts.dataDir, opts.secretCodec),
    now,
    fetch: opts.syncFetch,
    onDossiersChanged: (ids) => {
      for (const id of ids) bus.emit('dossier.changed', { dossierId: id });
    },
    ...sync.policyEnrollment(store, () => policy.syncEnrollmentToken, now),
  });
  const syncInterval = opts.syncIntervalMs ?? 120_000;
  if (syncInterval > 0) deskSync.start(syncInterval);

  const handlers: Handlers = {
    'app.info': (_i, ctx) => ({
      name: 'Một Cửa Số',
      version: APP_VERSION,
      host: opts.host,
      dataDir: opts.dataDir,
      schemaVersion: schemaVersion(db),
      needsSetup: auth.needsSetup(ctx),
      session: ctx.session ? (sessions.checkIdle(ctx.session), auth.toSession(ctx)) : null,
      idleLockMinutes: settings.getSettings(app).idleLockMinutes,
    }),
    'app.doctor': (_i, ctx) => runDoctor(store, opts.dataDir, { startWarnings, backupFolder: settings.getSettings(app).backupFolder || undefined, files: ctx.session !== null }),
    'setup.initialize': async (i, ctx) => {
      const session = auth.initialize(ctx, i);
      // The sample catalog, when asked for at first run: a new desk tries the app at once.
      if (i.loadSampleCatalog) await catalog.loadSampleCatalog(ctx, { dryRun: false }, 'setup');
      return session;
    },
    'auth.officers': (_i, ctx) => store.people.officers().filter((o) => o.active).map(({ id, username, fullName }) => ({ id, username, fullName })),
    'auth.signIn': (i, ctx) => auth.signIn(ctx, i.username, i.pin),
    'auth.signOut': (_i, ctx) => (auth.signOut(ctx), { ok: true as const }),
    'auth.lock': (_i, ctx) => (auth.lock(ctx), { ok: true as const }),
    'auth.unlock': (i, ctx) => auth.unlock(ctx, i.pin),
    'session.activity': () => ({ ok: true as const }),
    'policy.get': () => settings.policyView(app),
    'officers.create': (i, ctx) => auth.createOfficer(ctx, i),
    'officers.list': (_i, ctx) => auth.listAccounts(ctx),
    'officers.update': (i, ctx) => auth.updateOfficer(ctx, i),
    'officers.resetPin': (i, ctx) => auth.resetPin(ctx, i.id, i.pin),
    'officers.unlock': (i, ctx) => auth.unlockAccount(ctx, i.id),
    'settings.get': (_i, ctx) => settings.getSettings(ctx),
    'settings.update': (i, ctx) => {
      const updated = settings.updateSettings(ctx, i);
      digitizer.settingsChanged();
      return updated;
    },
    'unit.update': (i, ctx) => settings.updateUnitCode(ctx, i.code),
    'campaign.set': (i, ctx) => settings.updateSettings(ctx, { campaign: i.campaign }),
    'calendar.get': (_i, ctx) => calendar.getCalendar(ctx),
    'calendar.saveYear': (i, ctx) => calendar.saveCalendarYear(ctx, i),
    'calendar.propose': (i, ctx) => calendar.proposeCalendarYear(ctx, i.year),
    'calendar.import': (i, ctx) => calendar.importCalendar(ctx, i.text),
    'dossiers.importHistories': (i, ctx) => importHistoriesFromApp(ctx, i),
    'calendar.export': (i, ctx) => calendar.exportCalendar(ctx, i.format),
    'calendar.setOfficeHours': (i, ctx) => calendar.setOfficeHours(ctx, i.officeHours),
    'calendar.due': (i, ctx) => calendar.previewDue(ctx, i),
    'signing.status': (_i, ctx) => signing.signingStatus(ctx),
    'signing.setCertificate': (i, ctx) => signing.setCertificate(ctx, Buffer.from(i.file.dataBase64, 'base64'), i.passphrase),
    'signing.unlock': (i, ctx) => signing.unlockCertificate(ctx, i.passphrase),
    'signing.tokens': (i, ctx) => signing.tokens(ctx, i.library),
    'signing.useToken': (i, ctx) => signing.useToken(ctx, i),
    'signing.lock': (_i, ctx) => signing.lockCertificate(ctx),
    'signing.remove': (_i, ctx) => signing.removeCertificate(ctx),
    'audit.list': (i, ctx) => auditLog.listAudit(ctx, i),
    'audit.exportCsv': (i, ctx) => auditLog.exportAuditCsv(ctx, i),
    'procedures.search': (i, ctx) => procedures.searchProcedures(ctx, i.query, i.limit, i.includeRetired),
    'procedures.upsert': (i, ctx) => procedures.upsertProcedure(ctx, i),
    'procedures.import': (i, ctx) => catalog.importCatalog(ctx, i),
    'procedures.loadSample': (i, ctx) => catalog.loadSampleCatalog(ctx, i),
    'procedures.export': (i, ctx) => catalog.exportCatalog(ctx, i),
    'dossiers.create': (i, ctx) => dossiers.createDossier(ctx, i),
    'dossiers.list': (i, ctx) => {
      const r = dossiers.listDossiers(ctx, i);
      auditLog.auditQuery(ctx, 'dossiers.list', i.query, { results: r.total });
      return r;
    },
    'dossiers.get': (i, ctx) => {
      const d = dossiers.getDossier(ctx, i.id);
      auditLog.auditView(ctx, 'dossier', d.id, { code: d.code });
      return d;
    },
    'messages.templates': (_i, ctx) => messages.listTemplates(ctx),
    'messages.saveTemplate': (i, ctx) => messages.saveTemplate(ctx, i),
    'messages.forDossier': (i, ctx) => messages.messagesForDossier(ctx, i.dossierId),
    'messages.outbox': (i, ctx) => messages.listOutbox(ctx, i),
    'messages.markSent': (i, ctx) => messages.markSent(ctx, i.id),
    'messages.markFailed': (i, ctx) => messages.markFailed(ctx, i.id, i.error),
    'messages.scanDueSoon': (_i, ctx) => messages.scanDueSoon(ctx),
    'dossiers.setStatus': (i, ctx) => lifecycle.setStatus(ctx, i.id, i.status, i.note),
    'dossiers.act': (i, ctx) => lifecycle.act(ctx, i),
    'dossiers.setIndexFields': (i, ctx) => lifecycle.setIndexFields(ctx, i),
    'dossiers.form': (i, ctx) => forms.issueForm(ctx, receipts, i),
    'dossiers.register': (i, ctx) => forms.issueRegister(ctx, receipts, i),
    'metrics.index': (i, ctx) => metrics.indexReport(ctx, i),
    'stats.index': (i, ctx) => stats.statsIndex(ctx, i),
    'stats.trend': (i, ctx) => stats.statsTrend(ctx, i),
    'stats.breakdown': (i, ctx) => stats.statsBreakdown(ctx, i),
    'stats.drill': (i, ctx) => stats.statsDrill(ctx, i),
    'stats.worklist': (_i, ctx) => stats.statsWorklist(ctx),
    'stats.campaign': (_i, ctx) => stats.statsCampaign(ctx),
    'stats.export': (i, ctx) => statsExports.export(ctx, i),
    'sync.status': () => sync.syncStatus(deskSync),
    'sync.now': () => sync.syncNow(deskSync),
    'sync.enroll': (i, ctx) => {
      const s = settings.getSettings(app);
      return sync.syncEnroll(ctx, deskSync, { token: i.token, deskName: i.deskName || [s.unitName, s.deskName].filter(Boolean).join(' — ') || 'Quầy' });
    },
    'sync.resend': (i, ctx) => sync.syncResend(ctx, deskSync, i.seq),
    'dossiers.receipt': (i, ctx) => receipts.issue(ctx, i.id),
    'guide.record': (i, ctx) => guide.recordAssisted(ctx, i),
    'applicants.lookup': (i, ctx) => {
      const r = dossiers.lookupApplicant(ctx, i.idNumber);
      auditLog.auditQuery(ctx, 'applicants.lookup', i.idNumber, { found: r !== null });
      return r;
    },
    'applicants.correct': (i, ctx) => applicants.correctProfile(ctx, i),
    'applicants.list': (i, ctx) => {
      const r = applicants.listProfiles(ctx, i);
      auditLog.auditQuery(ctx, 'applicants.list', i.query, { results: r.total });
      return r;
    },
    'applicants.get': (i, ctx) => applicants.getProfile(ctx, i.ref),
    'applicants.delete': (i, ctx) => applicants.deleteProfile(ctx, i),
    'guide.list': (i, ctx) => guide.listAssisted(ctx, i),
    'idcard.read': (i, ctx) => idcard.readCard(ctx, i),
    'idcard.parse': (i, ctx) => idcard.parseCard(ctx, i),
    'idcard.readFront': (i, ctx) => idcard.readFront(ctx, i, digitizer.ocrEngine),
    ...digitizer.handlers,
    // Reads of personal data leave one audit entry each (the digitizer's handlers do the reading).
    'digitize.pageText': async (i, ctx) => {
      const r = await digitizer.handlers['digitize.pageText'](i, ctx);
      const where = store.pages.hitContext(i.pageId);
      auditLog.auditView(ctx, 'dossier', where?.dossierId ?? null, { what: 'pageText', pageId: i.pageId, code: where?.dossierCode });
      return r;
    },
    'search.fullText': async (i, ctx) => {
      const r = await digitizer.handlers['search.fullText'](i, ctx);
      auditLog.auditQuery(ctx, 'search.fullText', i.query, { results: r.length });
      return r;
    },
  };

  /** Thumbnails of a page list are fetched many at a time: one entry per session and image per 10 minutes. */
  const thumbsLogged = new Map<string, number>();
  function recordFileOpened(sessionId: string, kind: string, id: string): void {
    const ctx = callContext(app, sessionId);
    if (kind === 'thumb') {
      const key = `${sessionId}:${id}`;
      const t = now().getTime();
      if ((thumbsLogged.get(key) ?? -Infinity) > t - 10 * 60_000) return;
      if (thumbsLogged.size > 10_000) thumbsLogged.clear();
      thumbsLogged.set(key, t);
    }
    try {
      const dossier = store.audit.fileDossier(kind, id);
      store.tx(() => auditLog.recordOpen(ctx, kind, id, dossier));
    } catch (err) {
      console.error('[motcua] audit of an opened file:', err);
    }
  }

  const dispatch = createDispatcher(app, handlers, {
    onInternalError: (method, err) => console.error(`[motcua] ${method}:`, err),
  });

  return {
    dispatch,
    onEvent: (l) => bus.on(l),
    // Stored files hold personal data: served only to a signed-in, unlocked session.
    resolveFile: async (kind, id, caller) => {
      const s = caller ? sessions.get(caller.sessionId) : null;
      if (!s || sessions.checkIdle(s)) return null;
      const file = kind === 'receipt' ? receipts.resolve(id) : kind === 'report' ? statsExports.resolve(id) : ((await digitizer.resolveFile(kind, id)) ?? (kind === 'pdf' ? lifecycle.resolveResult(id) : null));
      if (file) recordFileOpened(caller!.sessionId, kind, id);
      return file;
    },
    dataDir: opts.dataDir,
    async close() {
      clearInterval(idleTimer);
      backups.stop();
      dueSoon.stop();
      await deskSync.stop();
      await digitizer.close();
      db.close();
      lock.release();
    },
  };
}
