// One swc configuration for the build and for jest: TypeScript with decorator metadata (NestJS
// needs it) and the tsconfig path aliases rewritten to relative imports.
const path = require('node:path');
const { compilerOptions } = require('../tsconfig.base.json');

const root = path.resolve(__dirname, '..');

module.exports = (overrides = {}) => ({
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
    baseUrl: root,
    paths: compilerOptions.paths,
  },
  module: { type: 'commonjs' },
  sourceMaps: true,
  ...overrides,
});
