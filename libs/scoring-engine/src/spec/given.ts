import { evaluate } from '../evaluate';
import type { CommunityFacts } from '../facts';
import type { IndicatorScore, Scorecard } from '../scorecard';
import type { Citation, Indicator, Rule, Standard } from '../types';

/** Given-when-then for the engine: given facts, when evaluated at a day, then the scorecard… */
export function scoring(standard: Standard) {
  return {
    given: (facts: CommunityFacts) => ({
      whenEvaluatedAt: (day: string | Date) => {
        const card = evaluate(standard, facts, day);
        return {
          card,
          then(assert: (card: Scorecard) => void) {
            assert(card);
            return card;
          },
          thenIndicator(id: string, expected: Partial<IndicatorScore>) {
            const r = indicatorOf(card, id);
            expect(r).toMatchObject(expected);
            return r;
          },
        };
      },
    }),
  };
}

export const indicatorOf = (card: Scorecard, id: string): IndicatorScore => {
  const r = card.indicators.find((i) => i.id === id);
  if (!r) throw new Error(`no indicator ${id} in the scorecard`);
  return r;
};

export const cite: Citation = { source: 'test', section: '1', quote: '测试' };

export const indicator = (id: string, rule: Rule, extra: Partial<Indicator> = {}): Indicator => ({
  id,
  title: `指标 ${id}`,
  maxPoints: 10,
  method:
    rule.kind === 'survey_rate_threshold'
      ? 'survey'
      : rule.kind === 'inspector_scored'
        ? 'field_inspection'
        : 'derived',
  applicability: 'all',
  source: cite,
  rule,
  ...extra,
});

/** A one-category standard around the given indicators. */
export const standardOf = (indicators: Indicator[], extra: Partial<Standard> = {}): Standard => ({
  id: 'test',
  version: 1,
  title: '测试标准',
  issuingAuthority: '620000',
  effectiveFrom: '2016-07-01',
  cycle: { years: 2 },
  passMark: 60,
  notApplicableByDeclaration: true,
  source: cite,
  categories: [{ id: 'c', title: '类别', indicators }],
  vetoes: [],
  ...extra,
});

export function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}
