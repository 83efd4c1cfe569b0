// ESLint (flat config): the recommended JavaScript and typescript-eslint rules, without type
// information so that it stays fast. Layer boundaries between folders are checked by
// dependency-cruiser (.dependency-cruiser.cjs); this file adds the one that is about code
// rather than imports: SQL is written only under main/data.
import js from '@eslint/js';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// A string or template that reads like SQL.
const SQL = String.raw`/\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE TABLE)\b/`;
const sqlMessage = 'SQL belongs in main/data (repos or migrations); call a repository instead.';

export default defineConfig(
  {
    ignores: ['dist/**', 'build/**', 'node_modules/**', 'renderer/public/**', 'test-results/**', 'playwright-report/**'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      // `let { a, b, ...rest } = …` where only some are reassigned stays one declaration.
      'prefer-const': ['error', { destructuring: 'all' }],
      // Unused locals and imports; parameters are left to the type checker (tsconfig does not ask
      // for noUnusedParameters in main/: handlers keep the common (input, ctx) signature).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { args: 'none', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/**/*.test.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Pixel loops swap and count with comma expressions, and drop large buffers by assigning
    // a placeholder (release for the GC, not a value read later).
    files: ['main/imaging/**', 'test/main/imaging/**'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off', 'no-useless-assignment': 'off' },
  },
  {
    // Playwright fixtures take their dependencies as a destructured first argument, even when empty.
    files: ['test/e2e/**'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['main/**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    ignores: ['main/data/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: `Literal[value=${SQL}]`, message: sqlMessage },
        { selector: `TemplateElement[value.raw=${SQL}]`, message: sqlMessage },
      ],
    },
  },
);
