import type { Migration } from './index';

export const migration015: Migration = { version: 15, name: 'stub', up() {} };
