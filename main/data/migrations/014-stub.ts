import type { Migration } from './index';

export const migration014: Migration = { version: 14, name: 'stub', up() {} };
