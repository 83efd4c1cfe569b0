import type { Migration } from './index';

// Stand-in for a migration reserved by another branch (drop at merge).
export const migration016: Migration = { version: 16, name: 'stub', up() {} };
