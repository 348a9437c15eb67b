// Figures owned by other services (inspections, awards): fetched, and 暂无数据 while a service answers 404.
// They are current figures: these endpoints take no asOf or knownAt, so a past day's view marks them 当前.
import { get } from './api.js';
import { LEVELS, num, pct } from './format.js';

/** Open and overdue rectifications at or below a jurisdiction, with per-child counts (inspections service). */
export async function rectifications(card, code, when) {
  const counts = await get(`/api/rectifications/counts/${code}`).catch(() => null);
  if (!counts) return none(card);
  card.value.textContent = `${counts.open ?? 0} / ${counts.overdue ?? 0}`;
  card.value.classList.toggle('bad', (counts.overdue ?? 0) > 0);
  card.note.textContent = `未完成 / 逾期${when.past ? '（当前）' : ''}`;
  return counts;
}

/** Escalated (督办) rectifications still open at or below a jurisdiction: in all, and on a 督办 list (inspections service). */
export async function escalations(card, code, when) {
  const counts = await get(`/api/escalations/counts/${code}`).catch(() => null);
  if (!counts) return none(card);
  card.value.textContent = `${counts.open ?? 0} / ${counts.supervised ?? 0}`;
  card.value.classList.toggle('bad', (counts.supervised ?? 0) > 0);
  card.note.textContent = `逾期升级 / 列入督办${counts.bulletin ? `，${counts.bulletin} 件计入通报` : ''}${when.past ? '（当前）' : ''}`;
  return counts;
}

/** Share of communities holding a title (awards service). */
export async function titleCoverage(card, code, when) {
  const c = await get(`/api/awards/coverage/${code}`).catch(() => null);
  if (!c) return none(card);
  const share = c.coverage ?? c.rate ?? (c.communities ? (c.titled ?? c.covered) / c.communities : null);
  card.value.textContent = pct(share);
  card.note.textContent = `${c.communities !== undefined ? `${num(c.titled ?? c.covered, 0)} / ${c.communities} 个社区` : '获评称号'}${when.past ? '（当前）' : ''}`;
  return c;
}

function none(card) {
  card.value.textContent = '暂无数据';
  card.value.classList.add('none');
  card.note.textContent = '';
  return null;
}

/** The node's place among its siblings, from the parent's ranking of its children (at the same moment), and why. */
export async function siblingRank(el, node, when) {
  const parent = !node.parentCode ? null : await get(`/api/scores/${node.parentCode}`, when.params).catch(() => null);
  const row = parent?.children?.find((c) => c.code === node.code);
  el.textContent = row
    ? `在${parent.jurisdiction.name}的 ${parent.children.length} 个${LEVELS[node.level]}中排第 ${row.rank}`
    : '';
  el.title = row?.rankedBy ?? '';
}

const FIGURES = {
  total: '总分',
  passed: '达标',
  vetoed: '否决',
  meanTotal: '平均总分',
  passRate: '达标率',
  communities: '社区数',
  scored: '有得分',
};
const figureName = (f) => FIGURES[f] ?? f.replace(/\.points$/, ' 得分').replace(/\.status$/, ' 状态');

/** Figures of a past day changed by records made after it (asOf answers only). */
export function revisedNote(el, answer) {
  const r = answer?.revisedAfterTheFact;
  const changed = r?.changed?.length ?? 0;
  el.hidden = !changed;
  el.textContent = changed
    ? `事后补录：该日以后录入的记录改变了 ${changed} 项数字（${r.changed
        .slice(0, 4)
        .map((c) => `${figureName(c.figure)} ${c.then ?? '—'}→${c.now ?? '—'}`)
        .join('，')}${changed > 4 ? '…' : ''}）；勾选“按当日所见”可看当时的数字。`
    : '';
}
