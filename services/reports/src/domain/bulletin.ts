import type { MonthWork } from './problem-ledger';

/** One unit in the bulletin's best/worst lists, with its change since last month's end. */
export interface BulletinRow {
  readonly rank: number;
  readonly code: string;
  readonly name: string;
  /** A community's total, a street's mean total. */
  readonly score: number | null;
  /** Places moved up (positive) or down since last month; null when it was not ranked then. */
  readonly rankChange: number | null;
  readonly scoreChange: number | null;
  readonly passed?: boolean;
  readonly vetoed?: boolean | number;
}

export interface Bulletin {
  readonly node: { code: string; name: string; level: string };
  readonly month: string;
  readonly period: { from: string; to: string };
  readonly standard: { title: string; version: number; passMark: number } | null;
  readonly work: Omit<MonthWork, 'problemsByCategory'> & {
    problemsByCategory: { category: string; label: string; count: number }[];
  };
  readonly atMonthEnd: { open: number; overdue: number };
  readonly figures: {
    communities: number;
    meanTotal: number | null;
    passRate: number | null;
    passed: number;
    vetoed: number;
  } | null;
  readonly lastMonth: { meanTotal: number | null; passRate: number | null; passed: number; vetoed: number } | null;
  readonly streets: { best: BulletinRow[]; worst: BulletinRow[] } | null;
  readonly communities: { best: BulletinRow[]; worst: BulletinRow[] };
  readonly vetoes: { code: string; name: string; title: string; cause: string; until: string }[];
  readonly atRisk: {
    code: string;
    name: string;
    now: number;
    projected: number;
    reasons: string[];
    titleAtRisk: boolean;
  }[];
  readonly evaluationDay: string;
}

const esc = (s: unknown) =>
  String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const two = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(2));
const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
/** ↑3 up three places, ↓1 down one, — no change, 新 not ranked last month. */
export const arrow = (n: number | null) => (n === null ? '新' : n > 0 ? `↑${n}` : n < 0 ? `↓${-n}` : '—');
const signed = (x: number | null) => (x === null ? '—' : `${x > 0 ? '+' : ''}${x.toFixed(2)}`);
const LEVEL: Record<string, string> = { district: '区（县）', street: '街道（乡镇）', city: '市' };

function rows(list: readonly BulletinRow[], unit: string): string {
  if (!list.length) return `<p class="none">无</p>`;
  return `<table><thead><tr><th>名次</th><th>${unit}</th><th>得分</th><th>较上月名次</th><th>较上月得分</th></tr></thead><tbody>${list
    .map(
      (r) =>
        `<tr><td class="n">${r.rank}</td><td>${esc(r.name)}</td><td class="n">${two(r.score)}</td><td class="n">${arrow(r.rankChange)}</td><td class="n">${signed(r.scoreChange)}</td></tr>`,
    )
    .join('')}</tbody></table>`;
}

/**
 * The bulletin as a printable HTML page (pure): the same input gives the same bytes, except the
 * one line `generatedAt` fills (class "generated").
 */
export function renderBulletin(b: Bulletin, generatedAt: string): string {
  const [year, month] = b.month.split('-').map(Number);
  const w = b.work;
  const title = `${esc(b.node.name)}文明社区创建督查通报`;
  const change = (now: number | null | undefined, then: number | null | undefined, f: (x: number) => string) =>
    now === null || now === undefined || then === null || then === undefined ? '' : `（上月 ${f(then)}）`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${title} ${year}年${month}月</title>
<style>
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: #111; font-size: 11pt; line-height: 1.55; max-width: 780px; margin: 0 auto; }
h1 { text-align: center; color: #b00; font-size: 20pt; margin: 0 0 4px; letter-spacing: 2px; }
.issue { text-align: center; margin: 0 0 6px; }
hr.red { border: 0; border-top: 2px solid #b00; margin: 6px 0 14px; }
h2 { font-size: 13pt; margin: 16px 0 6px; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; page-break-inside: avoid; }
th, td { border: 1px solid #444; padding: 3px 6px; font-size: 10pt; }
th { background: #eee; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.none { color: #555; }
.generated { color: #666; font-size: 9pt; text-align: right; margin-top: 18px; }
</style></head>
<body data-testid="bulletin" data-month="${esc(b.month)}" data-code="${esc(b.node.code)}">
<h1>${title}</h1>
<p class="issue">${year}年第${month}期（${year}年${month}月）</p>
<hr class="red">
<p>统计期间：${b.period.from} 至 ${b.period.to}；${LEVEL[b.node.level] ?? ''}${esc(b.node.name)}（${b.node.code}）。${b.standard ? `评价标准：${esc(b.standard.title)}（第 ${b.standard.version} 版，达标线 ${b.standard.passMark} 分）。` : '该辖区暂无适用的评价标准。'}数字按 ${b.period.to} 结束时的事实计算（含事后补录）。</p>
<h2>一、督查工作情况</h2>
<table data-testid="work"><tbody>
<tr><th>完成测评督查（次）</th><td class="n" data-testid="inspections">${w.inspectionsDone}</td><th>发现问题（个）</th><td class="n" data-testid="problems">${w.problemsFound}</td></tr>
<tr><th>下发整改通知书（份）</th><td class="n" data-testid="notices">${w.noticesIssued}</td><th>按期整改（个）</th><td class="n" data-testid="on-time">${w.rectifiedOnTime}</td></tr>
<tr><th>逾期后整改（个）</th><td class="n" data-testid="late">${w.rectifiedLate}</td><th>本月新增逾期（个）</th><td class="n" data-testid="overdue">${w.becameOverdue}</td></tr>
<tr><th>督办升级（个）</th><td class="n" data-testid="escalated">${w.escalated === null ? '暂无此项（平台尚未记录督办事件）' : w.escalated}</td><th>月末未整改 / 其中逾期</th><td class="n" data-testid="open-at-end">${b.atMonthEnd.open} / ${b.atMonthEnd.overdue}</td></tr>
</tbody></table>
<h2>二、发现问题分类</h2>
${w.problemsByCategory.length ? `<table data-testid="categories"><thead><tr><th>问题类别</th><th>个数</th></tr></thead><tbody>${w.problemsByCategory.map((c) => `<tr><td>${esc(c.label)}</td><td class="n">${c.count}</td></tr>`).join('')}</tbody></table>` : '<p class="none">本月未发现问题。</p>'}
<h2>三、测评情况</h2>
${b.figures ? `<p data-testid="figures">参评社区 ${b.figures.communities} 个，平均总分 ${two(b.figures.meanTotal)}${change(b.figures.meanTotal, b.lastMonth?.meanTotal, (x) => x.toFixed(2))}；无否决达标 ${b.figures.passed} 个，达标率 ${pct(b.figures.passRate)}${change(b.figures.passRate, b.lastMonth?.passRate, (x) => pct(x))}；被一票否决 ${b.figures.vetoed} 个。</p>` : '<p class="none">暂无测评数据。</p>'}
${b.streets ? `<h3>街道（乡镇）前列</h3>${rows(b.streets.best, '街道')}<h3>街道（乡镇）后列</h3>${rows(b.streets.worst, '街道')}` : ''}
<h3>社区前列</h3>${rows(b.communities.best, '社区')}
<h3>社区后列</h3>${rows(b.communities.worst, '社区')}
<h2>四、一票否决</h2>
${b.vetoes.length ? `<table data-testid="vetoes"><thead><tr><th>社区</th><th>否决事项</th><th>情况</th><th>否决至</th></tr></thead><tbody>${b.vetoes.map((v) => `<tr><td>${esc(v.name)}</td><td>${esc(v.title)}</td><td>${esc(v.cause)}</td><td>${v.until}</td></tr>`).join('')}</tbody></table>` : '<p class="none">本期无被一票否决的社区。</p>'}
<h2>五、预警：${b.evaluationDay} 测评可能不达标的社区</h2>
${b.atRisk.length ? `<table data-testid="at-risk"><thead><tr><th>社区</th><th>月末总分</th><th>测评日预计</th><th>主要原因</th></tr></thead><tbody>${b.atRisk.map((r) => `<tr><td>${esc(r.name)}${r.titleAtRisk ? '（已获称号，复查有摘牌风险）' : ''}</td><td class="n">${two(r.now)}</td><td class="n">${two(r.projected)}</td><td>${r.reasons.map(esc).join('；')}</td></tr>`).join('')}</tbody></table>` : '<p class="none">无预警社区。</p>'}
<p class="generated">生成时间：${esc(generatedAt)}</p>
</body></html>
`;
}
