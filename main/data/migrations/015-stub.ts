import type { Migration } from './index';

// Stand-in for a migration reserved by another branch (drop at merge).
export const migration015: Migration = { version: 15, name: 'stub', up() {} };
