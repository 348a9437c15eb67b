import { COMMUNITY_ATTRIBUTES, SURVEY_TOPICS, type AttributeId } from './catalogs';
import { isValidDay } from './dates';
import { STANDARD_SCHEMA } from './schema';
import { checkSchema, type ValidationError } from './schema-check';
import type { Applicability, Indicator, Period, Standard, Threshold, Window } from './types';

export type { ValidationError } from './schema-check';
export type ValidationResult = { ok: true; standard: Standard } | { ok: false; errors: ValidationError[] };

/** Province-level prefixes of GB/T 2260 (31 provinces, Taiwan, Hong Kong, Macao). */
const PROVINCES = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82'.split(' '),
);
const EPS = 1e-9;
const same = (a: number, b: number) => Math.abs(a - b) < EPS;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const fmt = (x: number) => String(Math.round(x * 1000) / 1000);

/** Checks a parsed document: structure against STANDARD_SCHEMA, then meaning (ids, sums, references). */
export function validateStandard(doc: unknown): ValidationResult {
  const errors = checkSchema(STANDARD_SCHEMA, doc);
  if (errors.length) return { ok: false, errors };
  const s = doc as Standard;
  semanticChecks(s, (path, message) => errors.push({ path, message }));
  return errors.length ? { ok: false, errors } : { ok: true, standard: s };
}

type Report = (path: string, message: string) => void;

function semanticChecks(s: Standard, report: Report) {
  if (s.issuingAuthority !== '000000' && !PROVINCES.has(s.issuingAuthority.slice(0, 2))) {
    report('issuingAuthority', `"${s.issuingAuthority}" has no GB/T 2260 province prefix`);
  }
  for (const f of ['effectiveFrom', 'effectiveTo'] as const) {
    if (s[f] !== undefined && !isValidDay(s[f])) report(f, `"${s[f]}" is not a calendar day`);
  }
  if (s.effectiveTo && s.effectiveTo < s.effectiveFrom)
    report('effectiveTo', `${s.effectiveTo} is before effectiveFrom ${s.effectiveFrom}`);
  checkPeriod(s.cycle, 'cycle', report);

  const categoryIds = new Set<string>();
  const indicatorIds = new Map<string, string>();
  s.categories.forEach((c, ci) => {
    const cpath = `categories[${ci}]`;
    if (categoryIds.has(c.id)) report(`${cpath}.id`, `duplicate category id "${c.id}"`);
    categoryIds.add(c.id);
    c.indicators.forEach((ind, ii) => {
      const ipath = `${cpath}.indicators[${ii}]`;
      const first = indicatorIds.get(ind.id);
      if (first) report(`${ipath}.id`, `duplicate indicator id "${ind.id}" (first at ${first})`);
      else indicatorIds.set(ind.id, ipath);
      checkIndicator(s, ind, ipath, report);
    });
    const total = sum(c.indicators.map((i) => i.maxPoints));
    if (c.points !== undefined && !same(total, c.points)) {
      report(
        `${cpath}.points`,
        `category "${c.id}" declares ${fmt(c.points)} points but its indicators add up to ${fmt(total)}`,
      );
    }
  });
  if (s.totalPoints !== undefined) {
    const total = sum(s.categories.map((c) => c.points ?? sum(c.indicators.map((i) => i.maxPoints))));
    if (!same(total, s.totalPoints))
      report('totalPoints', `declares ${fmt(s.totalPoints)} points but the categories add up to ${fmt(total)}`);
  }

  const vetoIds = new Set<string>();
  s.vetoes.forEach((v, vi) => {
    if (vetoIds.has(v.id)) report(`vetoes[${vi}].id`, `duplicate veto id "${v.id}"`);
    vetoIds.add(v.id);
    checkPeriod(v.lookBack, `vetoes[${vi}].lookBack`, report);
    checkUnique(v.incidentKinds, `vetoes[${vi}].incidentKinds`, report);
  });
}

function checkIndicator(s: Standard, ind: Indicator, path: string, report: Report) {
  if (s.methods && !s.methods.includes(ind.method)) {
    report(`${path}.method`, `method "${ind.method}" is not one of the standard's methods (${s.methods.join(', ')})`);
  }
  checkApplicability(ind.applicability, `${path}.applicability`, report);
  const r = ind.rule;
  const rpath = `${path}.rule`;
  if ('within' in r && r.within !== undefined) checkWindow(r.within, `${rpath}.within`, report);
  switch (r.kind) {
    case 'survey_rate_threshold':
      if (ind.method !== 'survey')
        report(`${path}.method`, `a survey_rate_threshold rule needs method "survey", not "${ind.method}"`);
      checkGraded(r.threshold, r.partialFrom, rpath, report, 1, `${SURVEY_TOPICS[r.topic].label} is a rate`);
      break;
    case 'ratio_target':
      if (r.numerator === r.denominator)
        report(`${rpath}.denominator`, 'numerator and denominator are the same quantity');
      checkGraded(r.threshold, r.partialFrom, rpath, report);
      break;
    case 'event_count_min':
      checkUnique(r.activityKinds, `${rpath}.activityKinds`, report);
      if (r.partialFrom !== undefined && r.partialFrom >= r.min)
        report(`${rpath}.partialFrom`, `must be below min ${r.min}`);
      break;
    case 'presence': {
      checkUnique(
        r.items.map((i) => i.facility),
        `${rpath}.items`,
        report,
      );
      const total = sum(r.items.map((i) => i.points));
      if (!same(total, ind.maxPoints))
        report(
          `${rpath}.items`,
          `items add up to ${fmt(total)} points, the indicator's maxPoints is ${fmt(ind.maxPoints)}`,
        );
      break;
    }
    case 'deduction_per_problem':
      checkUnique(r.categories, `${rpath}.categories`, report);
      if (r.perOpen === 0 && r.perOverdue === 0)
        report(rpath, 'perOpen and perOverdue are both 0: nothing would ever be deducted');
      break;
    case 'inspector_scored':
      if (ind.method === 'survey' || ind.method === 'derived') {
        report(`${path}.method`, `inspectors score by inspection, review or hearing, not "${ind.method}"`);
      }
      break;
    case 'no_incident':
      checkUnique(r.incidentKinds, `${rpath}.incidentKinds`, report);
      break;
  }
}

function checkGraded(
  t: Threshold,
  partialFrom: number | undefined,
  path: string,
  report: Report,
  max?: number,
  why?: string,
) {
  const values: [string, number][] = [];
  if (typeof t === 'number') values.push(['threshold', t]);
  else {
    const known = COMMUNITY_ATTRIBUTES[t.attribute].values as Record<string, unknown>;
    for (const [value, th] of Object.entries(t.byValue)) {
      if (!(value in known)) report(`${path}.threshold.byValue.${value}`, unknownValue(t.attribute, value));
      values.push([`threshold.byValue.${value}`, th]);
    }
  }
  for (const [p, v] of values) {
    if (max !== undefined && v > max) report(`${path}.${p}`, `must be ≤ ${max}: ${why}, ${v} is more than 100%`);
    if (partialFrom !== undefined && partialFrom >= v)
      report(`${path}.partialFrom`, `${partialFrom} must be below the threshold ${v}`);
  }
}

function checkApplicability(a: Applicability, path: string, report: Report) {
  if (typeof a === 'object' && 'attribute' in a) {
    const known = COMMUNITY_ATTRIBUTES[a.attribute].values as Record<string, unknown>;
    a.in.forEach((v, i) => v in known || report(`${path}.in[${i}]`, unknownValue(a.attribute, v)));
  }
}

const unknownValue = (attribute: AttributeId, value: string) =>
  `unknown value "${value}" of attribute ${attribute} (known: ${Object.keys(COMMUNITY_ATTRIBUTES[attribute].values).join(', ')})`;

function checkWindow(w: Window, path: string, report: Report) {
  if (typeof w === 'object') checkPeriod(w, path, report);
}

function checkPeriod(p: Period, path: string, report: Report) {
  if (!((p.years ?? 0) > 0 || (p.months ?? 0) > 0 || (p.days ?? 0) > 0))
    report(path, 'a period needs a positive number of years, months or days');
}

function checkUnique(xs: readonly string[], path: string, report: Report) {
  const seen = new Set<string>();
  xs.forEach((x, i) => (seen.has(x) ? report(`${path}[${i}]`, `"${x}" is listed twice`) : seen.add(x)));
}
