#!/usr/bin/env node
// Launcher for the `motcua` CLI: runs the bundled CLI built by `npm run build`.
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'main', 'cli.cjs');
if (!fs.existsSync(cli)) {
  console.error('Chưa build ứng dụng: hãy chạy "npm run build" trước. (dist/main/cli.cjs is missing: run "npm run build")');
  process.exit(2);
}
require(cli);
