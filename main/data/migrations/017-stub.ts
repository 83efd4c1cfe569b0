import type { Migration } from './index';

// Stand-in for a migration reserved by another branch (drop at merge).
export const migration017: Migration = { version: 17, name: 'stub', up() {} };
