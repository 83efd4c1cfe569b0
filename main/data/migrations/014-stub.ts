import type { Migration } from './index';

// Stand-in for a migration reserved by another branch (drop at merge).
export const migration014: Migration = { version: 14, name: 'stub', up() {} };
