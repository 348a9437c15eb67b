import { applicableStandards, authorityChain, FACILITIES, PROBLEM_CATEGORIES } from '@chuangwen/scoring-engine';
import type { Standard } from '@chuangwen/scoring-engine';
import type { InspectionView, RectificationView } from './views';

/**
 * What the field app needs to work through one inspection without a connection: the inspector-scored
 * items and the facilities to check under each standard in force for the community on the day, and
 * the problem categories (the ones the standards deduct for first). Pure: the standards are passed in.
 */
export function checklist(
  inspection: Omit<InspectionView, '_id' | '_pos'>,
  standards: readonly Standard[],
  day: string,
) {
  const applicable = applicableStandards(standards, authorityChain(inspection.communityCode), day);
  const deducted = new Set<string>();
  const facilities = new Map<string, { facility: string; label: string; indicatorIds: string[] }>();
  const items: { standardId: string; indicatorId: string; title: string; category: string; maxPoints: number }[] = [];
  for (const standard of applicable) {
    for (const category of standard.categories) {
      for (const indicator of category.indicators) {
        const rule = indicator.rule;
        if (rule.kind === 'inspector_scored') {
          items.push({
            standardId: standard.id,
            indicatorId: indicator.id,
            title: indicator.title,
            category: category.title,
            maxPoints: indicator.maxPoints,
          });
        } else if (rule.kind === 'presence') {
          for (const { facility } of rule.items) {
            const f = facilities.get(facility) ?? {
              facility,
              label: FACILITIES[facility]?.label ?? facility,
              indicatorIds: [],
            };
            f.indicatorIds.push(indicator.id);
            facilities.set(facility, f);
          }
        } else if (rule.kind === 'deduction_per_problem') {
          rule.categories.forEach((c) => deducted.add(c));
        }
      }
    }
  }
  const categories = Object.entries(PROBLEM_CATEGORIES)
    .map(([id, { label }]) => ({ category: id, label, deducted: deducted.has(id) }))
    .sort((a, b) => Number(b.deducted) - Number(a.deducted));
  return {
    inspection,
    day,
    standards: applicable.map((s) => ({ id: s.id, version: s.version, title: s.title })),
    items,
    facilities: [...facilities.values()],
    problemCategories: categories,
  };
}

/** Whole China days from `today` to the inclusive deadline: 0 on the last day, negative once overdue. */
export function daysLeft(deadline: string, today: string): number {
  return Math.round((Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

type Item = RectificationView & { daysLeft?: number; categoryLabel: string };

/**
 * A jurisdiction's work list, by whose turn it is: problems awaiting a notice (the street or office),
 * notices to rectify and rejected rectifications (the community), submissions to verify (the street or
 * office). Nearest deadline first; every item says its days left.
 */
export function workList(code: string, today: string, rectifications: readonly RectificationView[]) {
  const withDays = (r: RectificationView): Item => ({
    ...r,
    categoryLabel: PROBLEM_CATEGORIES[r.category as keyof typeof PROBLEM_CATEGORIES]?.label ?? r.category,
    ...(r.deadline ? { daysLeft: daysLeft(r.deadline, today) } : {}),
  });
  const byDeadline = (a: Item, b: Item) =>
    (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999') || a.problemId.localeCompare(b.problemId);
  const pick = (...statuses: RectificationView['status'][]) =>
    rectifications
      .filter((r) => statuses.includes(r.status))
      .map(withDays)
      .sort(byDeadline);
  return {
    jurisdictionCode: code,
    today,
    toNotice: pick('open'),
    toRectify: pick('noticed', 'rejected'),
    awaitingVerification: pick('submitted'),
  };
}
