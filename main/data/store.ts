// The typed face of the local store: services get repositories, never a raw SQL handle.
import { AssistedRepo } from './repos/assisted';
import { MetricsRepo } from './repos/metrics';
import type { Db } from './database';
import { UnitsOfficersRepo } from './repos/units-officers';
import { SettingsRepo, AuditRepo } from './repos/settings-audit';
import { ProceduresRepo } from './repos/procedures';
import { DossiersRepo } from './repos/dossiers';
import { PagesRepo } from './repos/pages';
import { CertificatesRepo } from './repos/certificates';
import { RequestLogRepo } from './repos/request-log';
import { CalendarRepo } from './repos/calendar';
import { IntakeRepo } from './repos/intake';
import { MessagesRepo } from './repos/messages';
import { HistoryImportRepo } from './repos/history-import';
import { StatsRepo } from './repos/stats';
import { SyncRepo } from './repos/sync';
import { SyncPullRepo } from './repos/sync-pull';
import { ApplicantsRepo } from './repos/applicants';

export class Store {
  readonly people: UnitsOfficersRepo;
  readonly settings: SettingsRepo;
  readonly audit: AuditRepo;
  readonly procedures: ProceduresRepo;
  readonly dossiers: DossiersRepo;
  readonly pages: PagesRepo;
  readonly certificates: CertificatesRepo;
  readonly metrics: MetricsRepo;
  readonly assisted: AssistedRepo;
  readonly requests: RequestLogRepo;
  readonly calendar: CalendarRepo;
  readonly intake: IntakeRepo;
  readonly messages: MessagesRepo;
  readonly historyImport: HistoryImportRepo;
  readonly stats: StatsRepo;
  readonly sync: SyncRepo;
  readonly syncPull: SyncPullRepo;
  readonly applicants: ApplicantsRepo;

  constructor(readonly db: Db) {
    this.people = new UnitsOfficersRepo(db);
    this.settings = new SettingsRepo(db);
    this.audit = new AuditRepo(db);
    this.procedures = new ProceduresRepo(db);
    this.dossiers = new DossiersRepo(db);
    this.pages = new PagesRepo(db);
    this.certificates = new CertificatesRepo(db);
    this.metrics = new MetricsRepo(db);
    this.assisted = new AssistedRepo(db);
    this.requests = new RequestLogRepo(db);
    this.calendar = new CalendarRepo(db);
    this.intake = new IntakeRepo(db);
    this.messages = new MessagesRepo(db);
    this.historyImport = new HistoryImportRepo(db);
    this.stats = new StatsRepo(db);
    this.sync = new SyncRepo(db);
    this.syncPull = new SyncPullRepo(db);
    this.applicants = new ApplicantsRepo(db);
  }

  /** Runs `fn` in one transaction: all of its writes land, or none do. */
  tx<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
