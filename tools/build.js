#!/usr/bin/env node
// Compiles every TypeScript source (not tests) of libs/, services/, tools/ and bench/ into dist/,
// with swc: fast, with decorator metadata, and with the path aliases rewritten to relative imports.
const { readdirSync, mkdirSync, writeFileSync, renameSync, statSync, cpSync, existsSync } = require('node:fs');
const { join, relative, dirname } = require('node:path');
const { transformFile } = require('@swc/core');
const swcOptions = require('./swc-options');

const root = join(__dirname, '..');
const out = join(root, 'dist');
const dirs = ['libs', 'services', 'tools', 'bench'];

function* sources(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') continue;
    if (statSync(path).isDirectory()) yield* sources(path);
    else if (name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.d.ts')) yield path;
  }
}

async function main() {
  const started = Date.now();
  const files = dirs.flatMap((d) => {
    try {
      return [...sources(join(root, d))];
    } catch {
      return [];
    }
  });
  let done = 0;
  await Promise.all(
    files.map(async (file) => {
      const target = join(out, relative(root, file)).replace(/\.ts$/, '.js');
      const { code, map } = await transformFile(file, {
        ...swcOptions(),
        filename: file,
        sourceFileName: relative(dirname(target), file),
      });
      mkdirSync(dirname(target), { recursive: true });
      // Written aside and renamed: two specs may build at once while a child process of one of them
      // loads dist/, which must never see a half-written file.
      const atomically = (path, text) => {
        writeFileSync(`${path}.${process.pid}.tmp`, text);
        renameSync(`${path}.${process.pid}.tmp`, path);
      };
      atomically(target, `${code}\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
      if (map) atomically(`${target}.map`, map);
      done++;
    }),
  );
  // Static assets served beside the compiled code (the dashboard's public/).
  for (const service of readdirSync(join(root, 'services'))) {
    const assets = join(root, 'services', service, 'public');
    if (existsSync(assets)) cpSync(assets, join(out, 'services', service, 'public'), { recursive: true });
  }
  console.log(`built ${done} files into dist/ in ${Date.now() - started} ms`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
