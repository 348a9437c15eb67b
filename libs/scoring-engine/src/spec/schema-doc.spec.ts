import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIVITY_KIND_VALUES, ACTIVITY_SCALES as CONTRACT_SCALES } from '@chuangwen/contracts';
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
} from '../catalogs';
import { RULE_KINDS } from '../rules';
import { STANDARD_SCHEMA } from '../schema';
import { validateStandard } from '../validate';

const DOC = join(__dirname, '../../../../docs/standard.schema.json');
const text = `${JSON.stringify(STANDARD_SCHEMA, null, 2)}\n`;

describe('published schema and catalogues', () => {
  it('docs/standard.schema.json is STANDARD_SCHEMA (UPDATE_STANDARD_SCHEMA=1 rewrites it)', () => {
    if (process.env.UPDATE_STANDARD_SCHEMA) writeFileSync(DOC, text);
    expect(readFileSync(DOC, 'utf8')).toBe(text);
  });

  it('the example in docs/standards.md is a valid standard', () => {
    const md = readFileSync(join(__dirname, '../../../../docs/standards.md'), 'utf8');
    const example = /```json\n([\s\S]*?)```/.exec(md)![1];
    expect(validateStandard(JSON.parse(example))).toMatchObject({ ok: true });
  });

  it('names every rule kind in the schema', () => {
    const kinds = (STANDARD_SCHEMA.$defs!.rule.oneOf ?? []).map((b) => b.properties!.kind.const);
    expect(kinds).toEqual(RULE_KINDS);
  });

  it('uses the activity kinds and scales the activities context records', () => {
    expect(Object.keys(ACTIVITY_KINDS)).toEqual(ACTIVITY_KIND_VALUES);
    expect(Object.keys(ACTIVITY_SCALES)).toEqual([...CONTRACT_SCALES]);
  });

  it('labels every catalogue entry in Chinese and English, with ids safe for counter keys', () => {
    const catalogues = {
      ACTIVITY_KINDS,
      ACTIVITY_SCALES,
      SURVEY_TOPICS,
      FACILITIES,
      PROBLEM_CATEGORIES,
      QUANTITIES,
      INCIDENT_KINDS,
      METHODS,
    };
    for (const [name, c] of Object.entries(catalogues)) {
      for (const [id, e] of Object.entries(c)) {
        expect({ name, id, ok: /^[a-z0-9_]+$/.test(id) && /\p{Script=Han}/u.test(e.label) && e.en.length > 0 }).toEqual(
          { name, id, ok: true },
        );
      }
    }
    for (const a of Object.values(COMMUNITY_ATTRIBUTES)) expect(Object.keys(a.values).length).toBeGreaterThan(1);
  });
});
