import type { Migration } from './index';

export const migration013: Migration = { version: 13, name: 'stub', up() {} };
