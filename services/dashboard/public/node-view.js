// A city, district or street: its figures, charts and the ranking of its children.
import { get, indicatorTitles } from './api.js';
import { chart, gapBars, histogram, passGauge } from './charts.js';
import { h, kpi, LEVELS, num, pct } from './format.js';
import { escalations, rectifications, revisedNote, siblingRank, titleCoverage } from './panels.js';
import {
  arrow,
  openBulletin,
  previousMonthEnd,
  rankChanges,
  trend,
  trendChart,
  warnings,
  xlsxButton,
} from './reports.js';

export class NodeView {
  constructor(root, node, when) {
    Object.assign(this, { node, when, code: node.code });
    this.k = {
      communities: kpi('社区数', 'kpi-communities'),
      mean: kpi('平均总分', 'kpi-mean'),
      pass: kpi('无否决达标', 'kpi-pass-rate'),
      vetoed: kpi('否决社区', 'kpi-vetoed'),
      titles: kpi('称号覆盖', 'kpi-titles'),
      rect: kpi('整改', 'kpi-rectifications'),
      escalated: kpi('督办', 'kpi-escalations'),
    };
    const box = (title, testid) => h('div', { class: 'chart', 'data-testid': testid, 'aria-label': title });
    this.el = {
      hist: box('总分分布', 'chart-histogram'),
      gauge: box('达标率', 'chart-pass'),
      gaps: box('短板指标', 'chart-gaps'),
      trend: box('趋势', 'chart-trend'),
    };
    this.warningsEl = h('div', { 'data-testid': 'early-warning' }, h('p', { class: 'muted' }, '正在推算…'));
    const day = () => (this.when.day ? { asOf: this.when.day } : {});
    const level = node.children[0]?.level;
    const records = ['district', 'street'].includes(node.level);
    const monthInput = (this.monthInput = h('input', {
      type: 'month',
      'data-testid': 'bulletin-month',
      value: previousMonthEnd(this.when.day).slice(0, 7),
      onchange: () => (this.monthChosen = true),
    }));
    this.exports = h(
      'div',
      { class: 'bulletin-tools', 'data-testid': 'exports' },
      h('span', { class: 'muted' }, '导出 Excel：'),
      xlsxButton(
        'xlsx-rectifications',
        `/api/xlsx/rectifications/counts/${node.code}`,
        () => ({}),
        `rectification-counts-${node.code}.xlsx`,
        '整改统计',
      ),
      records &&
        xlsxButton(
          'xlsx-overdue',
          '/api/xlsx/rectifications',
          () => ({ jurisdictionCode: node.code, overdue: true }),
          `overdue-${node.code}.xlsx`,
          '逾期清单',
        ),
      xlsxButton(
        'xlsx-volunteers',
        `/api/xlsx/volunteers/figures/${node.code}`,
        () => ({}),
        `volunteers-${node.code}.xlsx`,
        '志愿服务',
      ),
      xlsxButton(
        'xlsx-coverage',
        `/api/xlsx/awards/coverage/${node.code}`,
        () => ({}),
        `coverage-${node.code}.xlsx`,
        '称号覆盖',
      ),
      ...(records
        ? [
            h('span', { class: 'muted' }, ' 督查通报：'),
            monthInput,
            h(
              'button',
              {
                type: 'button',
                'data-testid': 'bulletin-open',
                onclick: () => openBulletin(node.code, monthInput.value),
              },
              '打开',
            ),
            h(
              'button',
              {
                type: 'button',
                'data-testid': 'bulletin-pdf',
                onclick: () => openBulletin(node.code, monthInput.value, true),
              },
              'PDF',
            ),
          ]
        : []),
    );
    this.trendExport = xlsxButton(
      'xlsx-trend',
      `/api/xlsx/reports/trends/${node.code}`,
      () => (this.when.day ? { to: this.when.day } : {}),
      `trend-${node.code}.xlsx`,
    );
    this.rankExport = xlsxButton(
      'xlsx-ranking',
      `/api/xlsx/rankings/${node.code}`,
      () => ({ ...(level ? { level } : {}), ...day() }),
      `ranking-${node.code}.xlsx`,
    );
    this.warnExport = xlsxButton(
      'xlsx-warning',
      `/api/xlsx/reports/early-warning/${node.code}`,
      day,
      `early-warning-${node.code}.xlsx`,
    );
    this.standard = h('p', { class: 'muted', 'data-testid': 'standard' });
    this.revised = h('p', { class: 'revised', 'data-testid': 'revised', hidden: true });
    this.rank = h('span', { class: 'rank', 'data-testid': 'sibling-rank' });
    this.rows = h('tbody');
    this.childLevel = node.children[0]?.level;
    root.replaceChildren(
      h('h2', {}, node.name, h('small', {}, ` ${LEVELS[node.level]} · ${node.code}`), this.rank),
      this.standard,
      this.revised,
      h(
        'section',
        { class: 'kpis' },
        Object.values(this.k).map((c) => c.el),
      ),
      h(
        'section',
        { class: 'panels' },
        h('div', { class: 'panel' }, h('h3', {}, '总分分布'), this.el.hist),
        h('div', { class: 'panel' }, h('h3', {}, '无否决达标率'), this.el.gauge),
        h('div', { class: 'panel wide' }, h('h3', {}, '最常见短板指标（低于达标线的社区数）'), this.el.gaps),
        h('div', { class: 'panel wide' }, h('h3', {}, '趋势（每月末，按当日计）', this.trendExport), this.el.trend),
      ),
      this.exports,
      h('section', { class: 'panel' }, h('h3', {}, '预警：测评日可能不达标的社区', this.warnExport), this.warningsEl),
      h(
        'section',
        { class: 'panel' },
        h(
          'h3',
          {},
          `${LEVELS[this.childLevel] ?? '下级'}排名`,
          h('small', { class: 'muted' }, ' 点击名称逐级下钻'),
          this.rankExport,
        ),
        h('table', { class: 'ranking', 'data-testid': 'ranking' }, h('thead', {}, this.header()), this.rows),
      ),
    );
    this.charts = {
      hist: chart(this.el.hist),
      gauge: chart(this.el.gauge),
      gaps: chart(this.el.gaps),
      trend: chart(this.el.trend),
    };
  }

  header() {
    const community = this.childLevel === 'community';
    return h(
      'tr',
      {},
      [
        '名次',
        '较上月',
        '名称',
        community ? '总分' : '平均分',
        community ? '达标' : '达标率',
        '否决',
        community ? '短板数' : '社区数',
        '整改 未完成/逾期',
      ].map((t) => h('th', {}, t)),
    );
  }

  /** Fetches everything shown and repaints in place (also on live updates). */
  async load() {
    const s = await get(`/api/scores/${this.code}`, this.when.params);
    const f = s?.figures;
    if (s?.day && !this.monthChosen) this.monthInput.value = previousMonthEnd(s.day).slice(0, 7); // last month, by the server's day
    this.standard.textContent = s?.standard
      ? `评价标准：${s.standard.title}（第 ${s.standard.version} 版） · ${this.when.label || `截至 ${s.day}`}`
      : '该辖区暂无适用的评价标准';
    revisedNote(this.revised, s);
    this.k.communities.value.textContent = f ? f.communities : '暂无数据';
    this.k.communities.note.textContent = f ? `已有得分 ${f.scored}` : '';
    this.k.mean.value.textContent = f ? num(f.meanTotal, 2) : '暂无数据';
    this.k.pass.value.textContent = f ? pct(f.passRate) : '暂无数据';
    this.k.pass.note.textContent = f ? `${f.passed} / ${f.communities} 个社区` : '';
    this.k.vetoed.value.textContent = f ? f.vetoed : '暂无数据';
    this.k.vetoed.value.classList.toggle('bad', !!f?.vetoed);
    const titles = s?.standard ? await indicatorTitles(s.standard.id) : new Map();
    if (f) {
      this.charts.hist.set(histogram(f.histogram));
      this.charts.gauge.set(passGauge(f.passRate));
      this.charts.gaps.set(gapBars(f.gaps, titles));
    }
    const [rows, counts, , , , changes] = await Promise.all([
      this.ranking(s),
      rectifications(this.k.rect, this.code, this.when),
      titleCoverage(this.k.titles, this.code, this.when),
      siblingRank(this.rank, this.node, this.when),
      escalations(this.k.escalated, this.code, this.when),
      rankChanges(this.code, s?.day ?? this.when.day),
    ]);
    this.paintRanking(rows, counts && new Map(counts.children.map((c) => [c.code, c])), changes);
    // Slower (computed from the fact logs): painted when they come, after the view is complete.
    this.later = Promise.all([
      trend(this.code, this.when)
        .then((t) => t && this.charts.trend.set(trendChart(t.points)))
        .then(() => this.el.trend.setAttribute('data-points', 'ready')),
      warnings(this.warningsEl, this.code, this.when),
    ]);
  }

  /** Children from the roll-up at the same moment (now, as of a day, or as known then), ranked by the one ranking rule. */
  async ranking(s) {
    const names = new Map(this.node.children.map((c) => [c.code, c.name]));
    return (s?.children ?? []).map((r) => ({ ...r, name: names.get(r.code) ?? r.code }));
  }

  /** `rectifying`: open/overdue per child, null while the inspections service is absent. */
  paintRanking(rows, rectifying, changes) {
    const change = (r) => {
      const before = changes?.ranks.get(r.code);
      const n = before === undefined ? null : before - r.rank;
      return h(
        'td',
        {
          class: `change ${n > 0 ? 'up' : n < 0 ? 'down' : ''}`,
          title: changes ? `与 ${changes.since} 相比` : '',
          'data-testid': `change-${r.code}`,
        },
        arrow(n),
      );
    };
    const community = this.childLevel === 'community';
    this.rows.replaceChildren(
      ...(rows.length
        ? rows.map((r) =>
            h(
              'tr',
              { 'data-code': r.code },
              h('td', { title: r.rankedBy ?? '' }, r.rank),
              change(r),
              h('td', {}, h('a', { href: `#/${r.code}${this.when.hash}`, 'data-testid': `drill-${r.code}` }, r.name)),
              h('td', { class: 'n' }, num(r.meanTotal, 2)),
              h('td', { class: 'n' }, community ? (r.passed ? '是' : '否') : pct(r.passRate)),
              h('td', { class: `n ${r.vetoed ? 'bad' : ''}` }, r.vetoed),
              h('td', { class: 'n' }, community ? r.gaps.length : r.communities),
              h(
                'td',
                { class: 'n' },
                rectifying ? `${rectifying.get(r.code)?.open ?? 0} / ${rectifying.get(r.code)?.overdue ?? 0}` : '—',
              ),
            ),
          )
        : [h('tr', {}, h('td', { colspan: 8, class: 'muted' }, '暂无数据'))]),
    );
  }

  dispose() {
    Object.values(this.charts).forEach((c) => c.dispose());
  }
}
