import {
  ACTIVITY_KINDS,
  ACTIVITY_SCALES,
  COMMUNITY_ATTRIBUTES,
  FACILITIES,
  INCIDENT_KINDS,
  METHODS,
  PROBLEM_CATEGORIES,
  QUANTITIES,
  SURVEY_TOPICS,
  keysOf,
} from './catalogs';
import type { JsonSchema } from './schema-check';

/**
 * The JSON Schema of an evaluation standard, built from the catalogs. docs/standard.schema.json is
 * this object written out (a spec keeps the two identical; `npx nx run scoring-engine:schema`
 * rewrites it). Structure only: sums, unique ids and cross references are checked in validate.ts.
 */
const ref = (name: string): JsonSchema => ({ $ref: `#/$defs/${name}` });
const obj = (
  properties: Record<string, JsonSchema>,
  required: string[],
  extra: Partial<JsonSchema> = {},
): JsonSchema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
  ...extra,
});
const list = (items: JsonSchema, minItems = 1): JsonSchema => ({ type: 'array', items, minItems });
const catalog = (title: string, keys: readonly string[]): JsonSchema => ({ title, type: 'string', enum: keys });
const points: JsonSchema = { type: 'number', exclusiveMinimum: 0 };
const rate: JsonSchema = { type: 'number', minimum: 0 };
const nonEmpty: JsonSchema = { type: 'string', minLength: 1 };

const graded = {
  threshold: ref('threshold'),
  strict: {
    type: 'boolean',
    description: 'true: the value must exceed the threshold (大于); default: reach it (达到)',
  },
  partialFrom: { ...rate, description: 'value at or below which the item scores 0; linear up to the threshold' },
} satisfies Record<string, JsonSchema>;

const rule = (kind: string, description: string, props: Record<string, JsonSchema>, required: string[]): JsonSchema =>
  obj({ kind: { type: 'string', const: kind }, ...props }, ['kind', ...required], { description });

export const STANDARD_SCHEMA: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Evaluation standard (测评体系)',
  description: 'A versioned civilized-community evaluation standard; see docs/standards.md.',
  ...obj(
    {
      id: ref('id'),
      version: { type: 'integer', minimum: 1 },
      title: nonEmpty,
      issuingAuthority: {
        title: 'a 6-digit GB/T 2260 code or 000000',
        type: 'string',
        pattern: '^\\d{6}$',
      },
      effectiveFrom: ref('day'),
      effectiveTo: ref('day'),
      cycle: ref('period'),
      passMark: { type: 'number', minimum: 0, maximum: 100 },
      totalPoints: points,
      methods: list(ref('method')),
      notApplicableByDeclaration: { type: 'boolean' },
      source: ref('citation'),
      notes: list(nonEmpty, 0),
      categories: list(ref('category')),
      vetoes: list(ref('veto'), 0),
    },
    [
      'id',
      'version',
      'title',
      'issuingAuthority',
      'effectiveFrom',
      'cycle',
      'passMark',
      'notApplicableByDeclaration',
      'source',
      'categories',
      'vetoes',
    ],
  ),
  $defs: {
    id: {
      title: 'an id of lower-case letters, digits, ".", "_" or "-"',
      type: 'string',
      pattern: '^[a-z0-9][a-z0-9._-]*$',
    },
    day: { title: 'a day YYYY-MM-DD', type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    period: obj(
      {
        years: { type: 'integer', minimum: 0 },
        months: { type: 'integer', minimum: 0 },
        days: { type: 'integer', minimum: 0 },
      },
      [],
      { minProperties: 1 },
    ),
    window: {
      title: "'calendar_year', 'cycle' or a period",
      oneOf: [{ type: 'string', enum: ['calendar_year', 'cycle'] }, ref('period')],
    },
    citation: obj({ source: nonEmpty, section: nonEmpty, quote: nonEmpty, note: nonEmpty }, [
      'source',
      'section',
      'quote',
    ]),
    method: catalog('method', keysOf(METHODS)),
    activityKind: catalog('activity kind', keysOf(ACTIVITY_KINDS)),
    activityScale: catalog('activity scale', keysOf(ACTIVITY_SCALES)),
    surveyTopic: catalog('survey topic', keysOf(SURVEY_TOPICS)),
    facility: catalog('facility', keysOf(FACILITIES)),
    problemCategory: catalog('problem category', keysOf(PROBLEM_CATEGORIES)),
    quantity: catalog('quantity', keysOf(QUANTITIES)),
    incidentKind: catalog('incident kind', keysOf(INCIDENT_KINDS)),
    attribute: catalog('community attribute', keysOf(COMMUNITY_ATTRIBUTES)),
    threshold: {
      title: 'a positive number or {attribute, byValue}',
      oneOf: [
        { type: 'number', exclusiveMinimum: 0 },
        obj(
          {
            attribute: ref('attribute'),
            byValue: {
              type: 'object',
              additionalProperties: { type: 'number', exclusiveMinimum: 0 },
              minProperties: 1,
            },
          },
          ['attribute', 'byValue'],
        ),
      ],
    },
    applicability: {
      title: "'all', {attribute, in} or {facility}",
      oneOf: [
        { type: 'string', const: 'all' },
        obj({ attribute: ref('attribute'), in: list(nonEmpty) }, ['attribute', 'in']),
        obj({ facility: ref('facility') }, ['facility']),
      ],
    },
    rule: {
      title: 'rule kind',
      oneOf: [
        rule(
          'survey_rate_threshold',
          'a surveyed rate reaches a threshold',
          {
            topic: ref('surveyTopic'),
            minSample: { type: 'integer', minimum: 1 },
            within: ref('window'),
            ...graded,
          },
          ['topic', 'threshold', 'minSample'],
        ),
        rule(
          'event_count_min',
          'activities of given kinds held in the window',
          {
            activityKinds: list(ref('activityKind')),
            scale: ref('activityScale'),
            min: { type: 'integer', minimum: 1 },
            within: ref('window'),
            partialFrom: rate,
          },
          ['activityKinds', 'min', 'within'],
        ),
        rule(
          'presence',
          'facilities or documents present, points split among them',
          {
            items: list(obj({ facility: ref('facility'), points }, ['facility', 'points'])),
            within: ref('window'),
          },
          ['items'],
        ),
        rule(
          'deduction_per_problem',
          'from the maximum, deduct per open and per overdue problem',
          {
            categories: list(ref('problemCategory')),
            perOpen: rate,
            perOverdue: rate,
          },
          ['categories', 'perOpen', 'perOverdue'],
        ),
        rule(
          'ratio_target',
          'numerator / denominator reaches a threshold',
          {
            numerator: ref('quantity'),
            denominator: ref('quantity'),
            ...graded,
          },
          ['numerator', 'denominator', 'threshold'],
        ),
        rule(
          'inspector_scored',
          "inspectors' points, capped at the maximum",
          {
            aggregate: { type: 'string', enum: ['latest', 'mean'] },
            within: ref('window'),
          },
          ['aggregate', 'within'],
        ),
        rule(
          'no_incident',
          'full points unless a confirmed incident of given kinds happened in the window',
          {
            incidentKinds: list(ref('incidentKind')),
            within: ref('window'),
          },
          ['incidentKinds', 'within'],
        ),
      ],
    },
    indicator: obj(
      {
        id: ref('id'),
        title: nonEmpty,
        maxPoints: points,
        method: ref('method'),
        applicability: ref('applicability'),
        source: ref('citation'),
        rule: ref('rule'),
      },
      ['id', 'title', 'maxPoints', 'method', 'applicability', 'source', 'rule'],
    ),
    category: obj({ id: ref('id'), title: nonEmpty, points, indicators: list(ref('indicator')) }, [
      'id',
      'title',
      'indicators',
    ]),
    veto: obj(
      {
        id: ref('id'),
        title: nonEmpty,
        incidentKinds: list(ref('incidentKind')),
        lookBack: ref('period'),
        source: ref('citation'),
      },
      ['id', 'title', 'incidentKinds', 'lookBack', 'source'],
    ),
  },
};
