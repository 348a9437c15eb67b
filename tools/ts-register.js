// Lets a worker thread started from the TypeScript sources (the tests run them unbuilt) require
// them: a .ts file is compiled with swc as it loads, with the build's options (path aliases included).
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');
const swcOptions = require('./swc-options');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    ...swcOptions({ sourceMaps: false }),
    filename,
    swcrc: false,
  });
  module._compile(code, filename);
};
