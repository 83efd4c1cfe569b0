#!/usr/bin/env node
// Launcher for the `motcua` CLI: runs the bundled CLI built by `npm run build`, in a Node process
// with the same memory settings as the app (scripts/process-env.mjs: small V8 semi-spaces, glibc
// malloc arenas and mmap threshold). Those are fixed when a process starts, so without them the
// CLI is started again with them.
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'main', 'cli.cjs');
if (!fs.existsSync(cli)) {
  console.error('Chưa build ứng dụng: hãy chạy "npm run build" trước. (dist/main/cli.cjs is missing: run "npm run build")');
  process.exit(2);
}
const { runTunedNode } = require('../scripts/process-env.mjs');
if (!runTunedNode(cli, process.argv.slice(2))) require(cli);
