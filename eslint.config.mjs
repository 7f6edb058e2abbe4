// ESLint (flat config): the recommended JavaScript and TypeScript rules, without type information
// (type-aware linting costs minutes on CI's two cores; `tsc --noEmit` already checks the types),
// and the React hooks rules for the web app. `npm run lint` runs it; CI runs it after the type-check.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // build output, data, the SQL migrations and drizzle's generated snapshots
    ignores: ['**/node_modules/**', 'dist/**', 'web/dist/**', 'data/**', '.tmp/**', 'test-results/**', 'migrations/**'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
    },
    rules: {
      // `tsc` reports undefined names with the right globals for each side (DOM and Node); ESLint
      // without a globals list would flag `process`, `window`, `setTimeout` … in every file
      'no-undef': 'off',
      // `_`-prefixed names are deliberately unused: a handler's signature, a destructured field left out
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // `interface EventMap extends AppEvents {}` is how a module's events are merged into the bus's
      // map (declaration merging, src/events.ts); an empty interface with one parent is that pattern
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // the input validation matches NUL and other control characters on purpose, to refuse them
      // (platform/validation.ts, sensors/telemetry.ts and their tests)
      'no-control-regex': 'off',
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      // an error, not a warning, so CI holds it; a deliberate mount-only effect says so with a
      // disable-next-line directive and its reason (web/src/shared/PointsMap.tsx)
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
