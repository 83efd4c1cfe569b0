// Layer boundaries, checked by `npm run lint` (and so by `npm test`).
// shared/ is the pure contract and domain; renderer/ talks to main/ only through it;
// main/hosts/* are thin shells above the Node core; SQLite lives in main/data. The province
// receiver (server/) shares only shared/ with the desk.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'shared-not-to-main-or-renderer',
      comment: 'shared/ is the typed contract and pure domain: it depends on nothing of main/ or renderer/.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(main|renderer)/' },
    },
    {
      name: 'shared-no-node-builtins',
      comment: 'shared/ runs in the renderer too: no Node built-ins.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'shared-no-platform-packages',
      comment: 'shared/ uses no electron and no database driver.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '(^|/)node_modules/(electron|better-sqlite3)/' },
    },
    {
      name: 'renderer-not-to-main',
      comment: 'The renderer reaches the core only through the contract in shared/ and a transport.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^main/' },
    },
    {
      name: 'renderer-no-node-builtins',
      comment: 'The renderer is a browser page: no Node built-ins.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-no-electron',
      comment: 'The renderer sees Electron only through the preload bridge (window.motcua).',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '(^|/)node_modules/electron/' },
    },
    {
      name: 'sqlite-only-in-data',
      comment: 'better-sqlite3 is used only by main/data (tests may open databases directly).',
      severity: 'error',
      from: { path: '^(main|shared|renderer)/', pathNot: '^main/data/' },
      to: { path: '(^|/)node_modules/better-sqlite3/' },
    },
    {
      name: 'electron-only-in-electron-host',
      comment: 'Only the Electron host imports electron; the core is plain Node.',
      severity: 'error',
      from: { path: '^(main|shared|renderer)/', pathNot: '^main/hosts/electron/' },
      to: { path: '(^|/)node_modules/electron/' },
    },
    {
      name: 'nothing-below-hosts-imports-hosts',
      comment: 'Hosts sit above the core: services, data, core, capture… never import main/hosts/.',
      severity: 'error',
      from: { path: '^(main|shared|renderer)/', pathNot: '^main/hosts/' },
      to: { path: '^main/hosts/' },
    },
    {
      name: 'data-not-to-services',
      comment: 'main/data is below main/services.',
      severity: 'error',
      from: { path: '^main/data/' },
      to: { path: '^main/services/' },
    },
    {
      name: 'server-only-shared',
      comment: 'The province receiver (server/) shares only the contract and domain in shared/ with the desk.',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^(main|renderer|test|scripts)/' },
    },
    {
      name: 'desk-not-to-server',
      comment: 'The desk (main/, renderer/) and shared/ never import the receiver: they talk to it over HTTP.',
      severity: 'error',
      from: { path: '^(main|renderer|shared)/' },
      to: { path: '^server/' },
    },
    {
      name: 'pg-only-in-server',
      comment: 'The PostgreSQL driver belongs to the receiver.',
      severity: 'error',
      from: { path: '^(main|shared|renderer)/' },
      to: { path: '(^|/)node_modules/pg/' },
    },
    {
      name: 'no-circular',
      comment: 'Import cycles make the layering hard to follow.',
      severity: 'warn',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|build)/' },
    // Type-only imports count: a layer must not even know another's types.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.d.ts', '.json'],
    },
  },
};
