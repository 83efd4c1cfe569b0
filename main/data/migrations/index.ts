// Numbered migrations, one file each. The schema version is SQLite's user_version; each migration
// runs in its own transaction together with the version bump, so a killed process leaves the store
// at the previous version, never half-migrated.
import type Database from 'better-sqlite3';
import { migration001 } from './001-initial';
import { migration002 } from './002-digitization';
import { migration003 } from './003-image-placement';
import { migration004 } from './004-officer-certificates';
import { migration005 } from './005-assisted-submissions';
import { migration006 } from './006-reused-components';
import { migration007 } from './007-audit-chain';
import { migration008 } from './008-sign-in-guard';
import { migration009 } from './009-request-log';
import { migration010 } from './010-calendar';
import { migration011 } from './011-durable-intake';
import { migration012 } from './012-dossier-index-fields';
import { migration013 } from './013-messages';
import { migration014 } from './014-dossier-imports';
import { migration015 } from './015-metrics-rollups';
import { migration016 } from './016-sync-outbox';
import { migration017 } from './017-procedure-catalog';
import { migration018 } from './018-applicant-profiles';
import { migration019 } from './019-sync-pull';
import { migration020 } from './020-profile-corrections';
import { migration021 } from './021-sync-parked';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

export const migrations: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009, migration010, migration011, migration012, migration013, migration014, migration015, migration016, migration017, migration018, migration019, migration020, migration021];
export const latestVersion = migrations[migrations.length - 1]!.version;

export function migrate(db: Database.Database, target = latestVersion): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latestVersion) {
    throw new Error(`Cơ sở dữ liệu thuộc phiên bản mới hơn (${current} > ${latestVersion}). Hãy cập nhật ứng dụng.`);
  }
  for (const m of migrations) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}
