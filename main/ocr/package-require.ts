// Resolves npm packages at run time (language data, the tesseract engine), from the app's
// node_modules.
import { createRequire } from 'node:module';
import path from 'node:path';

export function packageRequire(): NodeJS.Require {
  // The esbuild cjs bundle has `require` (left alone by esbuild, so node_modules is searched at run
  // time); an ESM host without it resolves from the working directory.
  if (typeof require === 'function') return require;
  return createRequire(path.join(process.cwd(), 'noop.js'));
}
