// Lint: typescript-eslint's recommended rules (syntax only, fast), formatting left to Prettier.
// A rule switched off here or in a file says why beside it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'tmp/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    // A disable that no longer silences anything is an error; one that does says why after `--`.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Unused names are tsc's job too (noUnusedLocals/noUnusedParameters); a leading _ marks one kept on
      // purpose, and `const { dropped, ...rest } = x` is how a field is left out of a copy.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/testing/**/*.ts'],
    rules: {
      // Specs feed deliberately ill-typed input to validators and deciders (`{ ...data, x: 1 } as any`)
      // and read loosely shaped JSON answers; production code keeps the rule.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
