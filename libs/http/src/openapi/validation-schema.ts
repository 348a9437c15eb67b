import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

// class-transformer keeps its @Type metadata in a storage it does not export from its index.
const { defaultMetadataStorage } =
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the storage is reachable only by its CommonJS path
  require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');

/** A JSON Schema fragment (OpenAPI 3.0 dialect). */
export type Schema = Record<string, unknown>;
export type Constructor = abstract new (...args: never[]) => unknown;

/**
 * What one validator says about a value, as schema. Keyed by the validator's name (class-validator's
 * own and those registered with `ValidateBy`/`registerDecorator`); a name not here adds nothing, so
 * the document claims no more than it knows. Add a custom decorator's reading with `describeValidator`.
 */
const READINGS = new Map<string, (constraints: unknown[]) => Schema>([
  ['isString', () => ({ type: 'string' })],
  ['isNotEmpty', () => ({ minLength: 1 })],
  ['maxLength', ([n]) => ({ maxLength: n })],
  ['minLength', ([n]) => ({ minLength: n })],
  ['isLength', ([min, max]) => ({ minLength: min, ...(max !== undefined ? { maxLength: max } : {}) })],
  ['matches', ([re, flags]) => patternOf(re, flags)],
  ['isUuid', () => ({ type: 'string', format: 'uuid' })],
  ['isUrl', () => ({ type: 'string', format: 'uri' })],
  ['isEmail', () => ({ type: 'string', format: 'email' })],
  ['isIso8601', () => ({ type: 'string', format: 'date-time' })],
  ['isDateString', () => ({ type: 'string', format: 'date-time' })],
  ['isInt', () => ({ type: 'integer' })],
  ['isNumber', () => ({ type: 'number' })],
  ['isBoolean', () => ({ type: 'boolean' })],
  ['isObject', () => ({ type: 'object' })],
  ['isArray', () => ({ type: 'array' })],
  ['min', ([n]) => ({ minimum: n })],
  ['max', ([n]) => ({ maximum: n })],
  ['isPositive', () => ({ minimum: 0, exclusiveMinimum: true })],
  ['isNegative', () => ({ maximum: 0, exclusiveMaximum: true })],
  ['isIn', ([values]) => ({ enum: values })],
  [
    'isEnum',
    ([entity]) => ({
      enum: [
        ...new Set(
          Object.values(entity as object).filter((v) => typeof v !== 'number' || !(String(v) in (entity as object))),
        ),
      ],
    }),
  ],
  ['arrayNotEmpty', () => ({ type: 'array', minItems: 1 })],
  ['arrayMinSize', ([n]) => ({ type: 'array', minItems: n })],
  ['arrayMaxSize', ([n]) => ({ type: 'array', maxItems: n })],
  ['arrayUnique', () => ({ type: 'array', uniqueItems: true })],
  // libs/http's own (dates, decimals): what their checks accept, as far as a schema can say it.
  ['isDay', () => ({ type: 'string', format: 'date' })],
  ['isInstant', () => ({ type: 'string', format: 'date-time' })],
  ['isDayOrInstant', () => ({ type: 'string', anyOf: [{ format: 'date' }, { format: 'date-time' }] })],
  ['isDecimal', ([places]) => ({ type: 'number', description: `at most ${places} decimal${places === 1 ? '' : 's'}` })],
]);

/** Teaches the document what a custom validator (by its name) says, e.g. `describeValidator('isDistrictCode', () => ({ pattern: '^\\d{6}$' }))`. */
export function describeValidator(name: string, reading: (constraints: unknown[]) => Schema): void {
  READINGS.set(name, reading);
}

/**
 * A JavaScript RegExp as an OpenAPI pattern, when the pattern means the same to other engines (the
 * fuzzer's is Python's): no flags but `u`, no Unicode property escapes, no named groups.
 */
function patternOf(re: unknown, flags: unknown): Schema {
  if (!(re instanceof RegExp) && typeof re !== 'string') return {};
  const source = re instanceof RegExp ? re.source : re;
  const allFlags = (re instanceof RegExp ? re.flags : '') + (typeof flags === 'string' ? flags : '');
  if (/[^u]/.test(allFlags) || /\\[pP]\{|\(\?<[^=!]/.test(source)) return {};
  return { type: 'string', pattern: source };
}

const nameOf = (m: ValidationMetadata): string | undefined =>
  m.name ??
  (m.constraintCls ? getMetadataStorage().getTargetValidatorConstraints(m.constraintCls)[0]?.name : undefined);

/** The class a nested property holds, from class-transformer's @Type. */
export function nestedClassOf(target: Constructor, property: string): Constructor | undefined {
  const meta = defaultMetadataStorage.findTypeMetadata(target, property);
  const type = meta?.typeFunction?.() as Constructor | undefined;
  return type && ![String, Number, Boolean, Object, Array, Date].includes(type as never) ? type : undefined;
}

export interface PropertySchema {
  readonly schema: Schema;
  readonly required: boolean;
  /** The class of a nested object (or of each element), to be described as its own component. */
  readonly nested?: Constructor;
}

/** Every validated property of a DTO class (inherited ones too), as schema, straight from class-validator's metadata. */
export function propertiesOf(cls: Constructor): Map<string, PropertySchema> {
  const metas = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const m of metas) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
  const out = new Map<string, PropertySchema>();
  for (const [property, list] of byProperty) {
    const own: Schema = {};
    const items: Schema = {};
    let optional = false;
    let nested: Constructor | undefined;
    let nestedEach = false;
    for (const m of list) {
      // IsOptional and ValidateIf both register as conditional validation: the field may be absent.
      if (m.type === ValidationTypes.CONDITIONAL_VALIDATION) optional = true;
      if (m.type === ValidationTypes.NESTED_VALIDATION) {
        nested = nestedClassOf(cls, property);
        nestedEach = !!m.each;
      }
      if (m.type !== ValidationTypes.CUSTOM_VALIDATION) continue;
      const name = nameOf(m);
      const reading = name ? READINGS.get(name)?.(m.constraints ?? []) : undefined;
      if (!reading) continue;
      mergeInto(m.each ? items : own, reading);
      if (m.each) own.type = 'array';
    }
    settle(own);
    settle(items);
    if (nested) Object.assign(nestedEach ? items : own, { $ref: nested });
    if (Object.keys(items).length > 0) own.items = items;
    if (own.type === undefined && !own.$ref) {
      const design = Reflect.getMetadata('design:type', (cls as unknown as { prototype: object }).prototype, property);
      const t =
        design === String
          ? 'string'
          : design === Number
            ? 'number'
            : design === Boolean
              ? 'boolean'
              : design === Array
                ? 'array'
                : undefined;
      if (t) own.type = t;
    }
    out.set(property, { schema: own, required: !optional, nested });
  }
  return out;
}

/**
 * Readings that only make sense together: an ISO 8601 check beside a day pattern is a date (the
 * pattern is what narrows it); an enum of strings is a string.
 */
function settle(s: Schema): void {
  if (s.format === 'date-time' && typeof s.pattern === 'string') {
    if (s.pattern === '^\\d{4}-\\d{2}-\\d{2}$') s.format = 'date';
    else delete s.format;
  }
  if (Array.isArray(s.enum) && s.type === undefined && s.enum.every((v) => typeof v === 'string')) s.type = 'string';
}

/** Two readings of one value: the narrower type (integer over number), both sets of bounds. */
function mergeInto(into: Schema, reading: Schema): void {
  for (const [k, v] of Object.entries(reading)) {
    if (k === 'type' && into.type === 'integer' && v === 'number') continue;
    if (k === 'description' && typeof into.description === 'string') into.description = `${into.description}; ${v}`;
    else if (k === 'minLength' && typeof into.minLength === 'number')
      into.minLength = Math.max(into.minLength, v as number);
    else into[k] = v;
  }
}
