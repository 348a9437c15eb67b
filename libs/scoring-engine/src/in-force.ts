import { toDay } from './dates';
import type { IsoDay, Standard } from './types';

/**
 * The authorities whose standards can apply to a jurisdiction, nearest first: its district, city,
 * province and the country (6-digit codes; a longer street or community code is cut to its district).
 */
export function authorityChain(code: string): string[] {
  const chain = [code.slice(0, 6), `${code.slice(0, 4)}00`, `${code.slice(0, 2)}0000`, '000000'];
  return chain.filter((c, i) => c !== '000000' || i === 3).filter((c, i, all) => all.indexOf(c) === i);
}

/**
 * The version of each standard (by id) in force on a day: effectiveFrom ≤ day ≤ effectiveTo, and
 * no later version of the same id has started (a new version supersedes the previous from its
 * effectiveFrom, whatever effectiveTo the previous declared).
 */
function inForce(standards: readonly Standard[], day: IsoDay): Standard[] {
  const best = new Map<string, Standard>();
  for (const s of standards) {
    if (s.effectiveFrom > day) continue;
    const current = best.get(s.id);
    if (!current || s.version > current.version) best.set(s.id, s);
  }
  return [...best.values()].filter((s) => !s.effectiveTo || day <= s.effectiveTo);
}

/**
 * Every standard a community is scored under on a day, nearest authority first: for each authority
 * of the chain, each of its standards in force (a community can be scored under its county's and
 * its province's at once). Within one authority the newest-starting comes first.
 */
export function applicableStandards(
  standards: readonly Standard[],
  chain: readonly string[],
  date: Date | string,
): Standard[] {
  const day = toDay(date);
  const live = inForce(standards, day);
  const out: Standard[] = [];
  for (const authority of chain) {
    const mine = live.filter((s) => s.issuingAuthority === authority);
    mine.sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : a.effectiveFrom > b.effectiveFrom ? -1 : 0));
    out.push(...mine);
  }
  return out;
}

/** The standard of the nearest authority in `chain` (nearest first) in force on the day, if any. */
export function standardInForce(
  standards: readonly Standard[],
  chain: readonly string[],
  date: Date | string,
): Standard | undefined {
  return applicableStandards(standards, chain, date)[0];
}
