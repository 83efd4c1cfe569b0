import type { Migration } from './index';

// Stand-in for the integrator's migration 012 (dossier index fields), so that the catalog's
// migration 013 has its place in the sequence on this branch. Replaced by the real one on merge.
export const migration012: Migration = {
  version: 12,
  name: 'dossier-index-fields',
  up() {},
};
