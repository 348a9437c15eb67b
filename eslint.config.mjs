// Lint: typescript-eslint's recommended rules (syntax only, fast), formatting left to Prettier.
// A rule switched off here or in a file says why beside it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/** `// eslint-disable… rule -- why`: a directive without its why is an error (CONTRIBUTING.md). */
const disableSaysWhy = {
  meta: { type: 'suggestion', schema: [], messages: { why: 'Say why the rule is off: `eslint-disable… rule -- why`' } },
  create: (context) => ({
    Program() {
      for (const comment of context.sourceCode.getAllComments())
        if (/^\s*eslint-disable/.test(comment.value) && !/\s--\s*\S/.test(comment.value))
          context.report({ loc: comment.loc, messageId: 'why' });
    },
  }),
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'tmp/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    // A disable that no longer silences anything is an error; one that does says why after `--`.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { local: { rules: { 'disable-says-why': disableSaysWhy } } },
    rules: {
      'local/disable-says-why': 'error',
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
