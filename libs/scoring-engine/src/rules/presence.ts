import { FACILITIES, type FacilityId } from '../catalogs';
import type { PresenceRule } from '../types';
import { grade, round2, type RuleCompiler } from './context';

/** Each listed facility or document present earns its points; with `within`, only if recorded inside the window. */
export const presence: RuleCompiler<PresenceRule> = (rule, ind, env) => {
  const w = rule.within === undefined ? -1 : env.window(rule.within);
  const items = rule.items;
  return (r, f, at) => {
    const have = f.facilities;
    let points = 0;
    let missing: FacilityId[] | undefined;
    let stale: FacilityId[] | undefined;
    for (let i = 0; i < items.length; i++) {
      const date = have?.[items[i].facility];
      if (date !== undefined && date <= at.day && (w < 0 || date >= at.starts[w])) points += items[i].points;
      else if (date !== undefined && date <= at.day) (stale ??= []).push(items[i].facility);
      else (missing ??= []).push(items[i].facility);
    }
    grade(r, points / ind.maxPoints);
    r.points = round2(points);
    if (missing || stale) {
      const parts: string[] = [];
      if (missing)
        parts.push(`缺少${missing.map((id) => FACILITIES[id].label).join('、')} (missing: ${missing.join(', ')})`);
      if (stale)
        parts.push(
          `${stale.map((id) => FACILITIES[id].label).join('、')}记录早于${at.starts[w]} (not verified since ${at.starts[w]})`,
        );
      r.cause = parts.join('; ');
    }
  };
};
