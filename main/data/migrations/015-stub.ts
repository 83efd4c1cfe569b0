import type { Migration } from './index';

// Stand-in for a migration reserved by another worktree (dropped at merge).
export const migration015: Migration = { version: 15, name: 'stub', up() {} };
