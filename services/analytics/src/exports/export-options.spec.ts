import { exportOptionProblems } from './export-options';

describe('export options on the command line', () => {
  it('takes known types, real days and instants with an offset', () => {
    expect(
      exportOptionProblems({
        types: ['ActivityHeld', 'SurveyRecorded'],
        from: '2025-01-01',
        to: '2026-01-01T00:00:00+08:00',
        asOf: '2025-06-30',
      }),
    ).toEqual([]);
  });

  it('names each bad option: an unknown type (listing the known), an impossible day, a local date-time', () => {
    const problems = exportOptionProblems({
      types: ['ActivityHeld', 'ActivtyHeld'],
      from: '2025-02-30',
      to: '2026-01-01T00:00:00',
      asOf: '2026-13-01',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^--types: unknown event type ActivtyHeld; known: .*ActivityHeld/),
      expect.stringMatching(/^--from /),
      expect.stringMatching(/^--to /),
      expect.stringMatching(/^--asOf /),
    ]);
  });
});
