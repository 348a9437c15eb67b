const { compilerOptions } = require('./tsconfig.base.json');
const { existsSync } = require('node:fs');
const swcOptions = require('./tools/swc-options');

// Path aliases resolve to sources, so tests need no build.
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias.replace('/', '\\/')}$`, `<rootDir>/${target}`]),
);

/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['libs', 'services', 'bench'].filter((d) => existsSync(`${__dirname}/${d}`)).map((d) => `<rootDir>/${d}`),
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcOptions(), swcrc: false }] },
  moduleNameMapper,
  setupFiles: ['reflect-metadata'],
  testTimeout: 30000,
  // The machine has two cores; integration suites start servers.
  maxWorkers: 2,
};
