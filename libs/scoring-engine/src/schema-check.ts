/**
 * A small JSON Schema interpreter for the subset `STANDARD_SCHEMA` uses, so the schema published in
 * docs/standard.schema.json is also the one that checks standards here (no second source of truth,
 * no dependency). Its messages name the path and say what was expected.
 */
export interface JsonSchema {
  $schema?: string;
  $id?: string;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  title?: string;
  description?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  additionalProperties?: boolean | JsonSchema;
  minProperties?: number;
  items?: JsonSchema;
  minItems?: number;
  enum?: readonly (string | number)[];
  const?: string | number;
  pattern?: string;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  oneOf?: readonly JsonSchema[];
}

export interface ValidationError {
  /** Where, e.g. 'categories[1].indicators[0].rule.threshold' ('' is the document itself). */
  path: string;
  message: string;
}

const join = (path: string, key: string | number) =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

export function checkSchema(root: JsonSchema, value: unknown): ValidationError[] {
  const errors: ValidationError[] = [];
  const resolve = (s: JsonSchema): JsonSchema => {
    if (!s.$ref) return s;
    const name = s.$ref.replace('#/$defs/', '');
    const target = root.$defs?.[name];
    if (!target) throw new Error(`schema: unresolved $ref ${s.$ref}`);
    return resolve(target);
  };

  const check = (schema: JsonSchema, v: unknown, path: string, out: ValidationError[]): void => {
    const s = resolve(schema);
    const fail = (message: string): void => {
      out.push({ path, message });
    };

    if (s.oneOf) return checkOneOf(s, v, path, out);
    if (s.const !== undefined && v !== s.const) return fail(`must be ${JSON.stringify(s.const)}`);
    if (s.enum && !s.enum.includes(v as string)) {
      return fail(s.title ? `unknown ${s.title} ${JSON.stringify(v)}` : `must be one of: ${s.enum.join(', ')}`);
    }
    switch (s.type) {
      case 'string':
        if (typeof v !== 'string') return fail(`must be a string, not ${jsonType(v)}`);
        if (s.minLength !== undefined && v.length < s.minLength) return fail('must not be empty');
        if (s.pattern && !new RegExp(s.pattern).test(v)) {
          return fail(`${JSON.stringify(v)} is not ${s.title ?? `matching ${s.pattern}`}`);
        }
        return;
      case 'number':
      case 'integer':
        if (typeof v !== 'number' || !Number.isFinite(v)) return fail(`must be a number, not ${jsonType(v)}`);
        if (s.type === 'integer' && !Number.isInteger(v)) return fail(`must be an integer, not ${v}`);
        if (s.minimum !== undefined && v < s.minimum) return fail(`must be ≥ ${s.minimum}, not ${v}`);
        if (s.exclusiveMinimum !== undefined && v <= s.exclusiveMinimum)
          return fail(`must be > ${s.exclusiveMinimum}, not ${v}`);
        if (s.maximum !== undefined && v > s.maximum) return fail(`must be ≤ ${s.maximum}, not ${v}`);
        return;
      case 'boolean':
        if (typeof v !== 'boolean') fail(`must be true or false, not ${jsonType(v)}`);
        return;
      case 'array':
        if (!Array.isArray(v)) return fail(`must be an array, not ${jsonType(v)}`);
        if (s.minItems !== undefined && v.length < s.minItems) fail(`must have at least ${s.minItems} item(s)`);
        if (s.items) v.forEach((item, i) => check(s.items!, item, join(path, i), out));
        return;
      case 'object': {
        if (jsonType(v) !== 'object') return fail(`must be an object, not ${jsonType(v)}`);
        const o = v as Record<string, unknown>;
        for (const key of s.required ?? [])
          if (o[key] === undefined) out.push({ path: join(path, key), message: 'is required' });
        const keys = Object.keys(o);
        if (s.minProperties !== undefined && keys.length < s.minProperties)
          fail(`must have at least ${s.minProperties} field(s)`);
        for (const key of keys) {
          const p = s.properties?.[key];
          if (p) check(p, o[key], join(path, key), out);
          else if (s.additionalProperties === false)
            out.push({ path: join(path, key), message: 'is not a known field' });
          else if (typeof s.additionalProperties === 'object')
            check(s.additionalProperties, o[key], join(path, key), out);
        }
        return;
      }
    }
  };

  /** Branches told apart by a `kind` const are chosen by it; others are tried in turn. */
  const checkOneOf = (s: JsonSchema, v: unknown, path: string, out: ValidationError[]) => {
    const branches = s.oneOf!.map(resolve);
    const kinds = branches.map((b) => b.properties?.kind?.const);
    if (kinds.every((k) => k !== undefined) && jsonType(v) === 'object') {
      const kind = (v as { kind?: unknown }).kind;
      const i = kinds.indexOf(kind as string);
      if (i < 0) {
        out.push({
          path: join(path, 'kind'),
          message: `unknown ${s.title ?? 'kind'} ${JSON.stringify(kind)} (known: ${kinds.join(', ')})`,
        });
        return;
      }
      return check(branches[i], v, path, out);
    }
    let best: ValidationError[] | undefined;
    for (const b of branches) {
      const errs: ValidationError[] = [];
      check(b, v, path, errs);
      if (errs.length === 0) return;
      // Report the errors of the branch of the value's own JSON type: the one the author meant.
      const sameType = b.type
        ? (b.type === 'integer' ? 'number' : b.type) === jsonType(v)
        : b.const !== undefined
          ? typeof b.const === typeof v
          : !!b.enum && typeof v === 'string';
      if (sameType && (!best || errs.length < best.length)) best = errs;
    }
    if (best) out.push(...best);
    else out.push({ path, message: `must be ${s.title ?? 'one of the allowed forms'}` });
  };

  check(root, value, '', errors);
  return errors;
}
