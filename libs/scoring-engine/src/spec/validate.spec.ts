import { validateStandard } from '../validate';
import { indicator, standardOf } from './given';

const valid = () =>
  structuredClone(
    standardOf(
      [
        indicator(
          'a',
          { kind: 'survey_rate_threshold', topic: 'awareness', threshold: 0.95, partialFrom: 0.85, minSample: 50 },
          { maxPoints: 60 },
        ),
        indicator(
          'b',
          {
            kind: 'presence',
            items: [
              { facility: 'police_room', points: 25 },
              { facility: 'fire_plan', points: 15 },
            ],
          },
          { maxPoints: 40, method: 'field_inspection' },
        ),
      ],
      { totalPoints: 100 },
    ),
  ) as any;

/** Given a document changed by `edit`, when validated, then these errors (path and message). */
const errorsOf = (edit: (doc: any) => void) => {
  const doc = valid();
  edit(doc);
  const result = validateStandard(doc);
  if (result.ok) throw new Error('expected the document to be invalid');
  return result.errors;
};

describe('validateStandard', () => {
  it('accepts a valid standard and returns it typed', () => {
    const result = validateStandard(valid());
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.standard.categories[0].indicators).toHaveLength(2);
  });

  it('names missing, mistyped and unknown fields by path', () => {
    expect(
      errorsOf((d) => {
        delete d.title;
        d.version = '1';
        d.categories[0].indicators[1].colour = 'red';
      }),
    ).toEqual([
      { path: 'title', message: 'is required' },
      { path: 'version', message: 'must be a number, not string' },
      { path: 'categories[0].indicators[1].colour', message: 'is not a known field' },
    ]);
    expect(errorsOf((d) => (d.categories[0].indicators = []))).toEqual([
      { path: 'categories[0].indicators', message: 'must have at least 1 item(s)' },
    ]);
  });

  it('rejects unknown rule kinds and unknown catalogue ids', () => {
    expect(errorsOf((d) => (d.categories[0].indicators[0].rule = { kind: 'vibes' }))).toEqual([
      {
        path: 'categories[0].indicators[0].rule.kind',
        message:
          'unknown rule kind "vibes" (known: survey_rate_threshold, event_count_min, presence, deduction_per_problem, ratio_target, inspector_scored, no_incident)',
      },
    ]);
    expect(errorsOf((d) => (d.categories[0].indicators[0].rule.topic = 'happiness'))).toEqual([
      { path: 'categories[0].indicators[0].rule.topic', message: 'unknown survey topic "happiness"' },
    ]);
    expect(errorsOf((d) => (d.categories[0].indicators[1].rule.items[1].facility = 'moat'))).toEqual([
      { path: 'categories[0].indicators[1].rule.items[1].facility', message: 'unknown facility "moat"' },
    ]);
    expect(
      errorsOf(
        (d) =>
          (d.vetoes = [
            { id: 'v', title: 't', incidentKinds: ['alien_landing'], lookBack: { years: 2 }, source: d.source },
          ]),
      ),
    ).toEqual([{ path: 'vetoes[0].incidentKinds[0]', message: 'unknown incident kind "alien_landing"' }]);
  });

  it('checks that points add up', () => {
    expect(errorsOf((d) => (d.categories[0].indicators[0].maxPoints = 55))).toEqual([
      { path: 'totalPoints', message: 'declares 100 points but the categories add up to 95' },
    ]);
    expect(errorsOf((d) => (d.categories[0].points = 90))).toEqual([
      { path: 'categories[0].points', message: 'category "c" declares 90 points but its indicators add up to 100' },
      { path: 'totalPoints', message: 'declares 100 points but the categories add up to 90' },
    ]);
    expect(errorsOf((d) => (d.categories[0].indicators[1].rule.items[1].points = 10))).toEqual([
      {
        path: 'categories[0].indicators[1].rule.items',
        message: "items add up to 35 points, the indicator's maxPoints is 40",
      },
    ]);
  });

  it('rejects duplicate ids', () => {
    expect(errorsOf((d) => (d.categories[0].indicators[1].id = 'a'))).toEqual([
      {
        path: 'categories[0].indicators[1].id',
        message: 'duplicate indicator id "a" (first at categories[0].indicators[0])',
      },
    ]);
    expect(
      errorsOf((d) =>
        d.categories.push({
          ...structuredClone(d.categories[0]),
          indicators: [indicator('z', { kind: 'no_incident', incidentKinds: ['fire', 'fire'], within: 'cycle' })],
        }),
      ),
    ).toEqual([
      { path: 'categories[1].id', message: 'duplicate category id "c"' },
      { path: 'categories[1].indicators[0].rule.incidentKinds[1]', message: '"fire" is listed twice' },
      { path: 'totalPoints', message: 'declares 100 points but the categories add up to 110' },
    ]);
  });

  it('checks rules against their meaning', () => {
    expect(errorsOf((d) => (d.categories[0].indicators[0].rule.threshold = 95))).toEqual([
      {
        path: 'categories[0].indicators[0].rule.threshold',
        message: 'must be ≤ 1: 创建工作知晓率 is a rate, 95 is more than 100%',
      },
    ]);
    expect(errorsOf((d) => (d.categories[0].indicators[0].rule.partialFrom = 0.96))).toEqual([
      { path: 'categories[0].indicators[0].rule.partialFrom', message: '0.96 must be below the threshold 0.95' },
    ]);
    expect(errorsOf((d) => (d.categories[0].indicators[0].method = 'document_review'))).toEqual([
      {
        path: 'categories[0].indicators[0].method',
        message: 'a survey_rate_threshold rule needs method "survey", not "document_review"',
      },
    ]);
    expect(errorsOf((d) => (d.methods = ['survey']))).toEqual([
      {
        path: 'categories[0].indicators[1].method',
        message: 'method "field_inspection" is not one of the standard\'s methods (survey)',
      },
    ]);
    expect(
      errorsOf((d) => (d.categories[0].indicators[1].applicability = { attribute: 'estate', in: ['castle'] })),
    ).toEqual([
      {
        path: 'categories[0].indicators[1].applicability.in[0]',
        message: 'unknown value "castle" of attribute estate (known: new, old_renewal, old)',
      },
    ]);
    expect(
      errorsOf((d) => (d.categories[0].indicators[1].applicability = { attribute: 'colour', in: ['red'] })),
    ).toEqual([
      { path: 'categories[0].indicators[1].applicability.attribute', message: 'unknown community attribute "colour"' },
    ]);
    expect(errorsOf((d) => (d.categories[0].indicators[1].rule.within = 'forever'))).toEqual([
      { path: 'categories[0].indicators[1].rule.within', message: 'must be one of: calendar_year, cycle' },
    ]);
  });

  it('checks dates, periods and the issuing authority', () => {
    expect(
      errorsOf((d) => {
        d.effectiveFrom = '2016-02-30';
        d.cycle = { years: 0 };
      }),
    ).toEqual([
      { path: 'effectiveFrom', message: '"2016-02-30" is not a calendar day' },
      { path: 'cycle', message: 'a period needs a positive number of years, months or days' },
    ]);
    expect(errorsOf((d) => (d.effectiveTo = '2016-01-01'))).toEqual([
      { path: 'effectiveTo', message: '2016-01-01 is before effectiveFrom 2016-07-01' },
    ]);
    expect(errorsOf((d) => (d.issuingAuthority = '62000'))).toEqual([
      { path: 'issuingAuthority', message: '"62000" is not a 6-digit GB/T 2260 code or 000000' },
    ]);
    expect(errorsOf((d) => (d.issuingAuthority = '990000'))).toEqual([
      { path: 'issuingAuthority', message: '"990000" has no GB/T 2260 province prefix' },
    ]);
  });

  it('rejects what is not a standard at all', () => {
    expect(validateStandard(null)).toEqual({
      ok: false,
      errors: [{ path: '', message: 'must be an object, not null' }],
    });
  });
});
