#!/usr/bin/env node
// Commit subjects of at most 72 characters (CONTRIBUTING.md). Two uses:
//   node tools/check-commit-subjects.js            the commits of this branch since it left COMMIT_BASE
//                                                  (default main; merges skipped), run by `npm run lint`
//   node tools/check-commit-subjects.js <file>     one message, as the commit-msg hook (`npm run hooks`)
const { execFileSync } = require('node:child_process');
const { readFileSync } = require('node:fs');

const MAX = 72;
const git = (...args) => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
const tooLong = (subject) => [...subject].length > MAX; // characters, not UTF-16 units: subjects may be Chinese

function subjects() {
  if (process.argv[2]) {
    const first = readFileSync(process.argv[2], 'utf8')
      .split('\n')
      .find((l) => l.trim() && !l.startsWith('#'));
    return first === undefined ? [] : [{ commit: '(this commit)', subject: first }];
  }
  const base = process.env.COMMIT_BASE ?? 'main';
  let from;
  try {
    from = git('merge-base', base, 'HEAD');
  } catch {
    console.log(`commit subjects: no ${base} to compare with (not a git checkout, or no such branch): skipped`);
    return [];
  }
  const log = git('log', '--no-merges', '--format=%h %s', `${from}..HEAD`);
  return log
    ? log.split('\n').map((l) => ({ commit: l.slice(0, l.indexOf(' ')), subject: l.slice(l.indexOf(' ') + 1) }))
    : [];
}

const all = subjects();
const bad = all.filter((c) => tooLong(c.subject));
for (const c of bad)
  console.error(`${c.commit}: subject is ${[...c.subject].length} characters (at most ${MAX}): ${c.subject}`);
if (bad.length) {
  console.error('Shorten it (git commit --amend, or git rebase -i on your own branch) and put the why in the body.');
  process.exit(1);
}
if (!process.argv[2]) console.log(`commit subjects: ${all.length} checked, none over ${MAX} characters`);
