#!/usr/bin/env node
// The closing count of a CI run, in the plain form CI systems read ("tests: N passed, N failed, N skipped"):
// jest's results (its --json file) and the fuzz's (schemathesis's JUnit report: one test case an operation).
// Usage: node tools/ci-summary.js <jest.json> <fuzz report dir>. Prints nothing for a part that did not run.
const fs = require('fs');
const path = require('path');

const [jestFile, fuzzDir] = process.argv.slice(2);
const total = { passed: 0, failed: 0, skipped: 0 };
const line = (name, c) => `${name}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`;
const add = (c) => Object.keys(total).forEach((k) => (total[k] += c[k]));
// The parts are printed in words, so that the total below is the only line in the counted form.
const part = (name, c) => `of which ${name}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped (${name})`;

if (jestFile && fs.existsSync(jestFile)) {
  const r = JSON.parse(fs.readFileSync(jestFile, 'utf8'));
  // A suite that failed to load has no test results but counts as a failure.
  const c = {
    passed: r.numPassedTests,
    failed: r.numFailedTests + (r.numRuntimeErrorTestSuites || 0),
    skipped: r.numPendingTests + r.numTodoTests,
  };
  console.log(part('jest', c));
  add(c);
}
if (fuzzDir && fs.existsSync(fuzzDir)) {
  for (const f of fs.readdirSync(fuzzDir).filter((n) => n.endsWith('.xml'))) {
    const xml = fs.readFileSync(path.join(fuzzDir, f), 'utf8');
    const attr = (name) => Number((xml.match(new RegExp(`<testsuites[^>]*\\b${name}="(\\d+)"`)) || [])[1] || 0);
    const failed = attr('failures') + attr('errors');
    const c = { passed: attr('tests') - failed - attr('skipped'), failed, skipped: attr('skipped') };
    console.log(part('fuzz', c));
    add(c);
  }
}
if (total.passed + total.failed + total.skipped > 0) console.log(line('tests', total));
