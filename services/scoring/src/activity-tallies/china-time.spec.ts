import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { chinaYear } from './activity-tallies.projection';

const ROOT = join(__dirname, '../../../..');
const DATES = join(ROOT, 'libs/scoring-engine/src/dates.ts');

/**
 * The China day of instants, computed by the pure day function in a fresh node process whose
 * zone is `zone` (a test cannot change its own process's zone: jest sandboxes process.env).
 */
function daysIn(zone: string, inputs: string[]): { offset: number; days: string[] } {
  const script = `
    const { transformFileSync } = require('@swc/core');
    const { code } = transformFileSync(${JSON.stringify(DATES)}, require(${JSON.stringify(join(ROOT, 'tools/swc-options'))})({ sourceMaps: false }));
    const m = { exports: {} };
    new Function('module', 'exports', 'require', code)(m, m.exports, require);
    const inputs = ${JSON.stringify(inputs)};
    process.stdout.write(JSON.stringify({ offset: new Date('2025-12-31T20:00:00').getTimezoneOffset(), days: inputs.map((d) => m.exports.toDay(d)) }));`;
  return JSON.parse(
    execFileSync(process.execPath, ['-e', script], { cwd: ROOT, env: { ...process.env, TZ: zone }, encoding: 'utf8' }),
  );
}

// Issue 22, defect 6: figures must not depend on the host's zone, so a rebuild elsewhere agrees.
describe('the China day of an instant, whatever zone the host runs in', () => {
  const inputs = [
    '2025-12-31T20:00:00Z',
    '2025-12-31T15:59:59Z',
    '2025-12-31T20:00:00-05:00',
    '2025-12-31T20:00:00+08:00',
    '2025-12-31T20:00:00',
    '2026-01-01T00:30',
  ];
  const expected = ['2026-01-01', '2025-12-31', '2026-01-01', '2025-12-31', '2025-12-31', '2026-01-01'];

  it.each([
    ['UTC', 0],
    ['America/New_York', 300],
    ['Asia/Shanghai', -480],
  ])(
    'in %s: instants with an offset fall on their China day; a stored one without is read as China time',
    (zone, offset) => {
      const answer = daysIn(zone, inputs);
      expect(answer.offset).toBe(offset); // the zone really was in force
      expect(answer.days).toEqual(expected);
    },
  );

  it('the tallies year is that of the China day', () => {
    expect(chinaYear('2025-12-31T20:00:00Z')).toBe(2026);
    expect(chinaYear('2025-12-31T20:00:00+08:00')).toBe(2025);
    expect(chinaYear('2025-12-31T20:00:00')).toBe(2025);
  });
});
