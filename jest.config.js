const { compilerOptions } = require('./tsconfig.base.json');
const { existsSync } = require('node:fs');
const swcOptions = require('./tools/swc-options');

// Path aliases resolve to sources, so tests need no build.
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace('/', '\\/')}$`,
    `<rootDir>/${target}`,
  ]),
);

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['libs', 'services', 'bench'].filter((d) => existsSync(`${__dirname}/${d}`)).map((d) => `<rootDir>/${d}`),
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcOptions(), swcrc: false }] },
  moduleNameMapper,
  setupFiles: ['reflect-metadata'],
};

// Test kinds by name (CONTRIBUTING.md): `npm run test:unit` runs the first, `npm test` all three.
//   *.spec.ts      unit: in process, no server, fast
//   *.int.spec.ts  integration: a real server (Kafka, MongoDB, PostgreSQL, EventStoreDB, a browser) or
//                  the whole platform in process over HTTP
//   *.e2e.spec.ts  end to end: across processes (built dist/, children on PORT=0)
/** @type {import('jest').Config} */
module.exports = {
  // The machine has two cores; integration suites start servers.
  maxWorkers: 2,
  // A global option: jest ignores it inside a project.
  testTimeout: 30000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.(int|e2e)\\.spec\\.ts$'],
    },
    { ...shared, displayName: 'int', testMatch: ['**/*.int.spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['**/*.e2e.spec.ts'] },
  ],
};
