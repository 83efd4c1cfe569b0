// The one composition root: opens the store, builds the services and wires them to the contract.
// Electron, the browser host, the CLI and tests all get their Core from here.
import fs from 'node:fs';
import { tuneImageLibrary } from './process-tuning';
import { databasePath, openDatabase, schemaVersion } from '../data/database';
import { Store } from '../data/store';
import { createDispatcher, type Handlers } from '../api/dispatch';
import type { ServiceContext } from '../services/context';
import * as auth from '../services/auth';
import * as settings from '../services/settings';
import * as procedures from '../services/procedures';
import * as dossiers from '../services/dossiers';
import * as metrics from '../services/metrics';
import * as guide from '../services/guide';
import { createReceipts } from '../services/receipts';
import * as signing from '../services/signing';
import { runDoctor } from '../services/doctor';
import { EventBus } from './events';
import type { Core, CoreOptions } from './types';
import { APP_VERSION } from './version';
import { createDigitizer } from '../services/digitize';

export async function createCore(opts: CoreOptions): Promise<Core> {
  tuneImageLibrary();
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const db = openDatabase(databasePath(opts.dataDir));
  const store = new Store(db);
  const bus = new EventBus();
  const ctx: ServiceContext = {
    store,
    dataDir: opts.dataDir,
    now: opts.now ?? (() => new Date()),
    session: null,
    emit: (event, payload) => bus.emit(event, payload),
  };
  const digitizer = createDigitizer(ctx, { ocrPoolSize: opts.ocrPoolSize, ocrFactory: opts.ocrFactory });
  const receipts = createReceipts(ctx);

  const handlers: Handlers = {
    'app.info': () => ({
      name: 'Một Cửa Số',
      version: APP_VERSION,
      host: opts.host,
      dataDir: opts.dataDir,
      schemaVersion: schemaVersion(db),
      needsSetup: auth.needsSetup(ctx),
      session: ctx.session,
    }),
    'app.doctor': () => runDoctor(store, opts.dataDir),
    'setup.initialize': (i) => auth.initialize(ctx, i),
    'auth.officers': () => store.people.officers().filter((o) => o.active).map(({ id, username, fullName }) => ({ id, username, fullName })),
    'auth.signIn': (i) => auth.signIn(ctx, i.username, i.pin),
    'auth.signOut': () => (auth.signOut(ctx), { ok: true as const }),
    'officers.create': (i) => auth.createOfficer(ctx, i),
    'officers.list': () => store.people.officers(),
    'settings.get': () => settings.getSettings(ctx),
    'settings.update': (i) => {
      const updated = settings.updateSettings(ctx, i);
      digitizer.settingsChanged();
      return updated;
    },
    'signing.status': () => signing.signingStatus(ctx),
    'signing.setCertificate': (i) => signing.setCertificate(ctx, Buffer.from(i.file.dataBase64, 'base64'), i.passphrase),
    'signing.unlock': (i) => signing.unlockCertificate(ctx, i.passphrase),
    'signing.tokens': (i) => signing.tokens(ctx, i.library),
    'signing.useToken': (i) => signing.useToken(ctx, i),
    'signing.lock': () => signing.lockCertificate(ctx),
    'signing.remove': () => signing.removeCertificate(ctx),
    'audit.list': (i) => store.audit.list(i.limit),
    'procedures.search': (i) => procedures.searchProcedures(ctx, i.query, i.limit),
    'procedures.upsert': (i) => procedures.upsertProcedure(ctx, i),
    'dossiers.create': (i) => dossiers.createDossier(ctx, i),
    'dossiers.list': (i) => dossiers.listDossiers(ctx, i),
    'dossiers.get': (i) => dossiers.getDossier(ctx, i.id),
    'dossiers.setStatus': (i) => dossiers.setDossierStatus(ctx, i.id, i.status, i.note),
    'metrics.index': (i) => metrics.indexReport(ctx, i),
    'dossiers.receipt': (i) => receipts.issue(i.id),
    'guide.record': (i) => guide.recordAssisted(ctx, i),
    'applicants.lookup': (i) => dossiers.lookupApplicant(ctx, i.idNumber),
    'guide.list': (i) => guide.listAssisted(ctx, i),
    ...digitizer.handlers,
  };

  const dispatch = createDispatcher(handlers, {
    isSignedIn: () => ctx.session !== null,
    onInternalError: (method, err) => console.error(`[motcua] ${method}:`, err),
  });

  return {
    dispatch,
    onEvent: (l) => bus.on(l),
    resolveFile: async (kind, id) => (kind === 'receipt' ? receipts.resolve(id) : digitizer.resolveFile(kind, id)),
    dataDir: opts.dataDir,
    async close() {
      await digitizer.close();
      db.close();
    },
  };
}
