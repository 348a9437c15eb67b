// Figures owned by other services (inspections, awards): fetched, and 暂无数据 while a service answers 404.
// They are current figures: these endpoints take no asOf, so a past day's view marks them 当前.
import { get } from './api.js';
import { LEVELS, num, pct } from './format.js';

/** Open and overdue rectifications at or below a jurisdiction, with per-child counts (inspections service). */
export async function rectifications(card, code, asOf) {
  const counts = await get(`/api/rectifications/counts/${code}`).catch(() => null);
  if (!counts) return none(card);
  card.value.textContent = `${counts.open ?? 0} / ${counts.overdue ?? 0}`;
  card.value.classList.toggle('bad', (counts.overdue ?? 0) > 0);
  card.note.textContent = `未完成 / 逾期${asOf ? '（当前）' : ''}`;
  return counts;
}

/** Share of communities holding a title (awards service). */
export async function titleCoverage(card, code, asOf) {
  const c = await get(`/api/awards/coverage/${code}`).catch(() => null);
  if (!c) return none(card);
  const share = c.coverage ?? c.rate ?? (c.communities ? (c.titled ?? c.covered) / c.communities : null);
  card.value.textContent = pct(share);
  card.note.textContent = `${c.communities !== undefined ? `${num(c.titled ?? c.covered, 0)} / ${c.communities} 个社区` : '获评称号'}${asOf ? '（当前）' : ''}`;
  return c;
}

function none(card) {
  card.value.textContent = '暂无数据';
  card.value.classList.add('none');
  card.note.textContent = '';
  return null;
}

/** The node's place among its siblings, from the parent's ranking of its children (live figures only). */
export async function siblingRank(el, node, asOf) {
  const parent = asOf || !node.parentCode ? null : await get(`/api/scores/${node.parentCode}`).catch(() => null);
  const row = parent?.children?.find((c) => c.code === node.code);
  el.textContent = row ? `在${parent.jurisdiction.name}的 ${parent.children.length} 个${LEVELS[node.level]}中排第 ${row.rank}` : '';
}
