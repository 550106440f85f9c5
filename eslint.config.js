// Lint configuration: typescript-eslint recommended rules plus the project's import-direction rule.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.js', '!eslint.config.js', 'examples/plugin/node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // result/ is a leaf: it imports nothing else of ours but the shared leaves errors.ts and make-dirs.ts.
    files: ['src/result/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['../*', '!../errors.js', '!../make-dirs.js'] }] },
  },
  {
    // analyze/ and compare/ work offline: they never reach the runner or the CLI.
    files: ['src/analyze/**/*.ts', 'src/compare/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/runner/**', '**/cli/**', '**/profiles/**', '**/tests/**'] }] },
  },
);
