import { PROBLEM_CATEGORIES } from '../catalogs';
import type { DeductionPerProblemRule } from '../types';
import { grade, round2, type RuleCompiler } from './context';

/** From the maximum, deduct per open problem and again per overdue one; never below 0. */
export const deductionPerProblem: RuleCompiler<DeductionPerProblemRule> = (rule, ind) => {
  const categories = rule.categories;
  return (r, f) => {
    const problems = f.problems;
    let open = 0;
    let overdue = 0;
    if (problems) {
      for (let i = 0; i < categories.length; i++) {
        const c = problems[categories[i]];
        if (c) {
          open += c.open;
          overdue += c.overdue;
        }
      }
    }
    if (open === 0 && overdue === 0) return grade(r, 1);
    const deducted = round2(rule.perOpen * open + rule.perOverdue * overdue);
    grade(r, Math.max(0, ind.maxPoints - deducted) / ind.maxPoints);
    if (r.points < ind.maxPoints) {
      const which = categories
        .filter((c) => problems![c]?.open)
        .map((c) => `${PROBLEM_CATEGORIES[c].label}${problems![c]!.open}`)
        .join('、');
      r.cause = `未整改问题 ${open} 个(${which}), 其中逾期 ${overdue} 个: −${deducted} 分 (${open} open, ${overdue} overdue)`;
    }
  };
};
