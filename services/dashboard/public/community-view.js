// A community: its scorecard by category and indicator, its gaps, and the events behind an indicator.
import { get } from './api.js';
import { categoryBars, chart } from './charts.js';
import { h, kpi, num, STATUS } from './format.js';
import { rectifications, revisedNote, siblingRank, titleCoverage } from './panels.js';
import { trend, trendChart, xlsxButton } from './reports.js';

const EVENT_NAMES = {
  ActivityHeld: '活动开展',
  SurveyRecorded: '测评调查',
  FacilityRecorded: '设施登记',
  ProblemRecorded: '问题登记',
  RectificationOverdue: '整改逾期',
  RectificationVerified: '整改验收',
  IncidentReported: '事件上报',
  IncidentConfirmed: '事件确认',
  InspectionItemScored: '检查评分',
  IndicatorDeclaredNotApplicable: '指标不适用',
  CommunityProfileUpdated: '社区概况更新',
};

export class CommunityView {
  constructor(root, node, when) {
    Object.assign(this, { node, when, code: node.code, selected: null });
    this.k = {
      total: kpi('总分（百分制）', 'community-total'),
      passed: kpi('测评结果', 'community-passed'),
      veto: kpi('一票否决', 'community-veto'),
      gaps: kpi('短板指标', 'community-gaps'),
      activities: kpi('本年活动', 'community-activities'),
      titles: kpi('称号', 'kpi-titles'),
      rect: kpi('整改', 'kpi-rectifications'),
    };
    this.standard = h('p', { class: 'muted', 'data-testid': 'standard' });
    this.revised = h('p', { class: 'revised', 'data-testid': 'revised', hidden: true });
    this.rank = h('span', { class: 'rank', 'data-testid': 'sibling-rank' });
    this.chartEl = h('div', { class: 'chart', 'data-testid': 'chart-categories' });
    this.trendEl = h('div', { class: 'chart', 'data-testid': 'chart-trend' });
    const day = () => (this.when.day ? { asOf: this.when.day } : {});
    const trendExport = xlsxButton(
      'xlsx-trend',
      `/api/xlsx/reports/trends/${node.code}`,
      () => (this.when.day ? { to: this.when.day } : {}),
      `trend-${node.code}.xlsx`,
    );
    this.rows = h('tbody');
    this.explain = h(
      'div',
      { class: 'explain', 'data-testid': 'explain' },
      h('p', { class: 'muted' }, '点击指标，查看形成该项得分的事件。'),
    );
    root.replaceChildren(
      h('h2', {}, node.name, h('small', {}, ` 社区 · ${node.code}`), this.rank),
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
        h('div', { class: 'panel wide' }, h('h3', {}, '分类得分'), this.chartEl),
        h('div', { class: 'panel' }, h('h3', {}, '指标依据'), this.explain),
        h('div', { class: 'panel wide' }, h('h3', {}, '趋势（每月末，按当日计）', trendExport), this.trendEl),
      ),
      h(
        'section',
        { class: 'panel' },
        h(
          'h3',
          {},
          '测评表（短板标红）',
          xlsxButton('xlsx-scorecard', `/api/xlsx/scores/${node.code}`, day, `scorecard-${node.code}.xlsx`),
        ),
        h(
          'table',
          { class: 'scorecard', 'data-testid': 'scorecard' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['指标', '名称', '得分', '满分', '状态', '原因'].map((t) => h('th', {}, t)),
            ),
          ),
          this.rows,
        ),
      ),
    );
    this.chart = chart(this.chartEl);
    this.trendChart = chart(this.trendEl);
  }

  async load() {
    const s = await get(`/api/scores/${this.code}`, this.when.params);
    const card = s?.scorecard;
    this.standard.textContent = card
      ? `评价标准：${card.standard.title}（第 ${card.standard.version} 版） · ${this.when.label || `截至 ${s.day}`} · 达标线 ${card.passMark} 分`
      : '该社区暂无适用的评价标准';
    revisedNote(this.revised, s);
    this.k.total.value.textContent = card ? num(card.total, 2) : '暂无数据';
    this.k.total.note.textContent = card ? `原始分 ${num(card.raw, 2)} / ${card.applicableMax}` : '';
    this.k.passed.value.textContent = card ? (card.passed ? '达标' : '未达标') : '暂无数据';
    this.k.passed.value.className = `value ${card ? (card.passed ? 'good' : 'bad') : ''}`;
    this.k.veto.value.textContent = card ? (card.veto.vetoed ? '已否决' : '无') : '暂无数据';
    this.k.veto.value.classList.toggle('bad', !!card?.veto.vetoed);
    // The veto in the standard's words (e.g. 发生重大安全责任事故), not only its id.
    const vetoTitles = (hits) => [...new Set(hits.map((v) => v.title).filter(Boolean))].join('；');
    this.k.veto.note.textContent = card?.veto.vetoed
      ? `${vetoTitles(card.veto.incidents)} · 至 ${card.veto.until} 解除`
      : card?.veto.pending.length
        ? `${card.veto.pending.length} 起待确认：${vetoTitles(card.veto.pending)}`
        : '';
    this.k.gaps.value.textContent = card ? card.gaps.length : '暂无数据';
    this.k.gaps.note.textContent = card ? `待数据 ${card.awaitingData} 项` : '';
    this.k.activities.value.textContent = s ? s.activities.held : '暂无数据';
    this.k.activities.note.textContent = s
      ? `${s.activities.year} 年 · 大型 ${s.activities.large} · ${s.activities.participants} 人次`
      : '';
    if (card) {
      this.chart.set(categoryBars(card.categories));
      this.paintCard(card);
    }
    await Promise.all([
      rectifications(this.k.rect, this.code, this.when),
      titleCoverage(this.k.titles, this.code, this.when),
      siblingRank(this.rank, this.node, this.when),
      this.selected ? this.showExplain(this.selected) : null,
    ]);
    this.later = trend(this.code, this.when)
      .then((t) => t && this.trendChart.set(trendChart(t.points, true)))
      .then(() => this.trendEl.setAttribute('data-points', 'ready'));
  }

  paintCard(card) {
    const categories = new Map(card.categories.map((c) => [c.id, c.title]));
    let last = null;
    const rows = [];
    for (const i of card.indicators) {
      if (i.categoryId !== last)
        rows.push(
          h('tr', { class: 'category' }, h('td', { colspan: 6 }, categories.get(i.categoryId) ?? i.categoryId)),
        );
      last = i.categoryId;
      const gap = i.status === 'not_met' || i.status === 'partial' || i.status === 'awaiting_data';
      rows.push(
        h(
          'tr',
          {
            class: `indicator ${gap ? 'gap' : ''} ${this.selected === i.id ? 'selected' : ''}`,
            'data-indicator': i.id,
            'data-testid': `indicator-${i.id}`,
            onclick: () => this.showExplain(i.id),
          },
          h('td', {}, i.id),
          h('td', {}, i.title),
          h('td', { class: 'n' }, num(i.points, 2)),
          h('td', { class: 'n' }, i.maxPoints),
          h('td', {}, h('span', { class: `status ${i.status}` }, STATUS[i.status] ?? i.status)),
          h('td', { class: 'cause' }, i.cause ?? ''),
        ),
      );
    }
    this.rows.replaceChildren(...rows);
  }

  async showExplain(indicator) {
    this.selected = indicator;
    for (const tr of this.rows.querySelectorAll('tr.indicator'))
      tr.classList.toggle('selected', tr.dataset.indicator === indicator);
    const e = await get(`/api/scores/${this.code}/explain`, { indicator, ...this.when.params });
    if (this.selected !== indicator) return;
    if (!e) return this.explain.replaceChildren(h('p', { class: 'muted' }, '暂无数据'));
    const i = e.indicator;
    this.explain.replaceChildren(
      h(
        'p',
        {},
        h('b', {}, `${i.id} ${i.title}`),
        `：${num(i.points, 2)} / ${i.maxPoints} 分，${STATUS[i.status] ?? i.status}`,
      ),
      i.cause ? h('p', { class: 'muted' }, i.cause) : null,
      e.events.length
        ? h(
            'ol',
            { class: 'events', 'data-testid': 'explain-events' },
            e.events.map((ev) =>
              h(
                'li',
                {},
                h('span', { class: 'tag' }, EVENT_NAMES[ev.type] ?? ev.type),
                ` ${ev.recordedOn} 记录 `,
                h('span', { class: 'muted' }, summary(ev.data)),
              ),
            ),
          )
        : h('p', { class: 'muted', 'data-testid': 'explain-events' }, '尚无相关事件'),
      e.notCounted?.length
        ? h(
            'details',
            { 'data-testid': 'explain-not-counted' },
            h('summary', {}, `未计入的相关记录 ${e.notCounted.length} 条`),
            h(
              'ol',
              { class: 'events' },
              e.notCounted.map((ev) =>
                h(
                  'li',
                  {},
                  h('span', { class: 'tag' }, EVENT_NAMES[ev.type] ?? ev.type),
                  ` ${ev.recordedOn} 记录 `,
                  h('span', { class: 'muted' }, `${summary(ev.data)} · ${ev.reason}`),
                ),
              ),
            ),
          )
        : null,
    );
  }

  dispose() {
    this.chart.dispose();
    this.trendChart.dispose();
  }
}

/** The few fields of an event's data a reader recognises. */
const FIELDS = {
  title: '标题',
  kind: '类别',
  topic: '调查主题',
  scale: '规模',
  participants: '人数',
  sampleSize: '样本量',
  positive: '认可人数',
  rate: '比率',
  category: '问题类别',
  facility: '设施',
  present: '具备',
  indicatorId: '指标',
  points: '得分',
  description: '说明',
  heldAt: '举办日',
  conductedOn: '调查日',
  occurredOn: '发生日',
  score: '得分',
};
function summary(data) {
  return Object.entries(FIELDS)
    .filter(([k]) => data?.[k] !== undefined)
    .map(([k, label]) => `${label}：${data[k]}`)
    .join(' · ');
}
