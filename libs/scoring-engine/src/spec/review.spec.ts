import { addDays } from '../dates';
import { evaluate } from '../evaluate';
import type { CommunityFacts } from '../facts';
import { leavesWindow, nextReviewDay } from '../review';
import { loadShippedStandards } from '../shipped';
import type { Standard } from '../types';
import { accidentCommunity, lowSurveyCommunity, strongCommunity } from './communities';

const standards = loadShippedStandards();
/** The figures of a card (points and status of each indicator, total, veto), without its day-stamped prose. */
const figures = (s: Standard, f: CommunityFacts, day: string) => {
  const card = evaluate(s, f, day);
  return JSON.stringify([
    card.indicators.map((i) => [i.id, i.points, i.status]),
    card.total,
    card.passed,
    card.veto.vetoed,
    card.awaitingData,
  ]);
};

describe('nextReviewDay: when time alone may change a scorecard', () => {
  it('finds the first day outside a window, month ends included', () => {
    expect(leavesWindow('2024-09-12', { years: 2 })).toBe('2026-09-12');
    expect(leavesWindow('2024-02-29', { years: 1 })).toBe('2025-03-01');
    expect(leavesWindow('2025-01-31', { months: 1 })).toBe('2025-03-01');
  });

  it('is never late: the card stays the same on every day before it, for every shipped standard and scripted community', () => {
    for (const standard of standards) {
      for (const facts of [strongCommunity(), accidentCommunity(), lowSurveyCommunity()]) {
        let day = '2025-06-30';
        for (let reviews = 0; reviews < 4; reviews++) {
          const next = nextReviewDay(standards, facts, day);
          expect(next > day).toBe(true);
          const before = figures(standard, facts, day);
          for (let d = addDays(day, 1); d < next; d = addDays(d, 1)) expect(figures(standard, facts, d)).toBe(before);
          day = next;
        }
      }
    }
  });

  it('lands on the day a veto ends and on the new year', () => {
    const gansu = standards.find((s) => s.id === 'gansu-civilized-community')!;
    const facts = accidentCommunity(); // a safety accident confirmed on 2024-09-12, vetoing for two years
    expect(evaluate(gansu, facts, '2026-09-11').veto.vetoed).toBe(true);
    expect(nextReviewDay([gansu], { incidents: facts.incidents }, '2026-06-30')).toBe('2026-09-12');
    expect(evaluate(gansu, facts, '2026-09-12').veto.vetoed).toBe(false);
    expect(nextReviewDay([gansu], {}, '2025-06-30')).toBe('2026-01-01');
  });
});
