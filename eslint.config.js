import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// What src/core may not import: it runs unchanged in Node, in workers and in the page (STYLE.md).
const coreBans = {
  patterns: [
    { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'src/core is pure: no React.' },
    { group: ['@xyflow/*', 'zustand', 'zustand/*', 'recharts'], message: 'src/core is pure: no UI libraries.' },
    { group: ['onnxruntime-*', '@tensorflow/*'], message: 'Runtimes live in src/workers/runtimes.' },
    { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'url'], message: 'src/core runs in browsers too: no Node APIs.' },
    { group: ['**/ui/*', '**/workers/*', '**/cli/*'], message: 'src/core imports only src/core and src/kernels.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'src/core/formats/*/schema/**', 'src/kernels/assembly/**', 'src/kernels/build/**', 'public', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The core and the kernels are pure: they run unchanged in Node, in workers and in the page.
    files: ['src/core/**/*.ts', 'src/kernels/**/*.ts'],
    ignores: ['src/core/**/*.test.ts', 'src/kernels/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', coreBans],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'fetch'],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}', 'src/main.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The UI does real work only through the worker client.
      'no-restricted-imports': ['error', { patterns: [{ group: ['onnxruntime-*', '@tensorflow/*', 'elkjs', 'elkjs/*'], message: 'Go through src/workers/client.ts.' }] }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/workers/client.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Worker']", message: 'Only src/workers/client.ts creates workers.' }],
    },
  },
);
