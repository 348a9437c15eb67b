// The office's reports on the dashboard: trend charts, rank changes, the early-warning list, Excel
// downloads and the monthly bulletin (all served by the reports context, /api/reports and /api/xlsx).
import { get, session } from './api.js';
import { h, num, pct } from './format.js';

/** The last day of the month before `day` (the server's day of the figures shown, or else the browser's China day). */
export function previousMonthEnd(day) {
  const d = day ? new Date(`${day}T00:00:00Z`) : new Date(Date.now() + 8 * 3600_000);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 0)).toISOString().slice(0, 10);
}

/** ↑3 up three places since the last period, ↓1 down one, — unchanged, 新 not ranked then. */
export const arrow = (change) =>
  change === null || change === undefined ? '新' : change > 0 ? `↑${change}` : change < 0 ? `↓${-change}` : '—';

/** Each child's change of rank since the end of the month before `day` (the figures' day), from the same roll-up as of then. */
export async function rankChanges(code, day) {
  const since = previousMonthEnd(day);
  const then = await get(`/api/scores/${code}`, { asOf: since }).catch(() => null);
  return { since, ranks: new Map((then?.children ?? []).map((c) => [c.code, c.rank])) };
}

/** A node's (or community's) trend: monthly points over the year up to the view's day. */
export async function trend(code, when) {
  return get(`/api/reports/trends/${code}`, { interval: 'month', ...(when.day ? { to: when.day } : {}) }).catch(
    () => null,
  );
}

/** Mean total and pass rate as lines; vetoed communities and open/overdue problems as bars. */
export function trendChart(points, community = false) {
  const days = points.map((p) => p.day.slice(0, 7));
  return {
    animationDuration: 300,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [community ? '总分' : '平均总分', '达标率', '否决', '未整改', '逾期'] },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: days },
    yAxis: [
      { type: 'value', name: '分 / 个', min: 0 },
      { type: 'value', name: '达标率', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    ],
    series: [
      {
        name: community ? '总分' : '平均总分',
        type: 'line',
        data: points.map((p) => p.total),
        itemStyle: { color: '#3b6fb6' },
        label: { show: true, formatter: (p) => (p.value === null ? '' : Number(p.value).toFixed(1)) },
      },
      {
        name: '达标率',
        type: 'line',
        yAxisIndex: 1,
        data: points.map((p) => (p.passRate === null ? null : Math.round(p.passRate * 1000) / 10)),
        itemStyle: { color: '#2e9d5b' },
      },
      { name: '否决', type: 'bar', data: points.map((p) => p.vetoed), itemStyle: { color: '#7a1f1a' } },
      { name: '未整改', type: 'bar', data: points.map((p) => p.openProblems), itemStyle: { color: '#e3a73b' } },
      { name: '逾期', type: 'bar', data: points.map((p) => p.overdueProblems), itemStyle: { color: '#c8553d' } },
    ],
  };
}

/** Downloads a file the API serves with the token (a link cannot carry the Authorization header). */
export async function download(path, params, filename) {
  const u = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined && v !== '') u.searchParams.set(k, String(v));
  const res = await fetch(u, { headers: { authorization: `Bearer ${session.token()}` } });
  if (!res.ok) throw new Error((await res.json().catch(() => ({}))).message ?? res.statusText);
  const a = h('a', { href: URL.createObjectURL(await res.blob()), download: filename });
  document.body.append(a);
  a.click();
  a.remove();
}

/** A small button downloading a table as .xlsx ("导出 Excel", or the table's name in a row of several). */
export const xlsxButton = (testid, path, params, filename, label = '导出 Excel') =>
  h(
    'button',
    {
      type: 'button',
      class: 'xlsx',
      'data-testid': testid,
      title: '下载 Excel（.xlsx）',
      onclick: () => download(path, params(), filename).catch((e) => alert(e.message)),
    },
    label,
  );

/** The bulletin of a month opened as a page of its own (print it from there, or download the PDF). */
export async function openBulletin(code, month, pdf = false) {
  if (pdf) return download(`/api/reports/bulletin/${code}/pdf`, { month }, `bulletin-${code}-${month}.pdf`);
  const res = await fetch(`/api/reports/bulletin/${code}?month=${month}`, {
    headers: { authorization: `Bearer ${session.token()}` },
  });
  if (!res.ok) return alert((await res.json().catch(() => ({}))).message ?? res.statusText);
  window.open(URL.createObjectURL(new Blob([await res.text()], { type: 'text/html' })), '_blank');
}

/** The early-warning list of a node: communities projected to fail on the evaluation day, and why. */
export async function warnings(el, code, when) {
  const w = await get(`/api/reports/early-warning/${code}`, when.day ? { asOf: when.day } : {}).catch(() => null);
  if (!w) return el.replaceChildren(h('p', { class: 'muted' }, '暂无数据'));
  const list = w.communities;
  el.replaceChildren(
    h(
      'p',
      { class: 'muted', 'data-testid': 'warning-summary' },
      `按 ${w.from} 的事实推算到测评日 ${w.evaluationDay}：${list.length} 个社区可能不达标`,
    ),
    list.length
      ? h(
          'table',
          { class: 'warnings', 'data-testid': 'warnings' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['社区', '当前', '测评日预计', '原因', '达标所需'].map((t) => h('th', {}, t)),
            ),
          ),
          h(
            'tbody',
            {},
            list
              .slice(0, 30)
              .map((c) =>
                h(
                  'tr',
                  { 'data-code': c.code },
                  h(
                    'td',
                    {},
                    h('a', { href: `#/${c.code}${when.hash}` }, c.name ?? c.code),
                    c.titleAtRisk
                      ? h(
                          'span',
                          { class: 'badge', title: '已获文明社区称号：复查时有摘牌风险（请评选表彰部门关注）' },
                          ' 摘牌风险',
                        )
                      : '',
                  ),
                  h('td', { class: 'n' }, num(c.now.total, 2)),
                  h(
                    'td',
                    { class: `n ${c.projected.passed ? '' : 'bad'}` },
                    num(c.projected.total, 2),
                    c.projected.vetoed ? '（否决）' : '',
                  ),
                  h(
                    'td',
                    { class: 'cause' },
                    [
                      ...c.vetoes.map((v) => `一票否决：${v.title}（至 ${v.until}）`),
                      ...c.reasons.slice(0, 3).map((r) => `${r.indicator} ${r.text}`),
                    ].join('；'),
                  ),
                  h(
                    'td',
                    { class: 'cause' },
                    c.whatItTakes.note ??
                      c.whatItTakes.steps.map((s) => `${s.indicator} ${s.title}（+${num(s.gain, 2)}）`).join('；'),
                  ),
                ),
              ),
          ),
        )
      : h('p', { class: 'good' }, '无预警社区'),
  );
  return w;
}

export { pct };
