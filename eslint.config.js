// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const browserOnly = ['#imports', 'wxt/*', 'webextension-polyfill', '@wxt-dev/browser'];

export default tseslint.config(
  {
    ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'public/**', 'bench/out/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        console: 'readonly',
        process: 'readonly',
      },
    },
    rules: {
      'no-undef': 'off', // TypeScript checks this
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Scripts are plain Node ESM with JSDoc types (checkJs).
    files: ['scripts/**/*.mjs', '*.js'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    // Pure libraries: run in Node and in any extension context.
    files: ['lib/cues/**', 'lib/scoring/**', 'lib/hashing/**', 'lib/tracks/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: browserOnly, message: 'Pure modules must not use browser APIs.' }] },
      ],
    },
  },
  {
    // The content bundle never loads models (CONVENTIONS.md).
    files: ['entrypoints/video.content/**', 'lib/sampling/**', 'lib/sites/**', 'components/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/lib/ml/**', '@/lib/ml/**'], message: 'lib/ml is offscreen-only.' },
          ],
        },
      ],
    },
  },
  {
    // The offscreen bundle never imports page code or UI.
    files: ['entrypoints/offscreen/**', 'lib/ml/**', 'lib/analysis/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/lib/sites/**', '@/lib/sites/**', '**/components/**', '@/components/**'],
              message: 'The offscreen document does not import site adapters or UI.',
            },
          ],
        },
      ],
    },
  },
);
