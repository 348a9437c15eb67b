// Chart options for Apache ECharts (loaded as the global `echarts` by index.html).
const charts = new Set();
window.addEventListener('resize', () => charts.forEach((c) => c.resize()));

/** A chart in `el`, disposed with `dispose()`; `set(option)` updates it in place (animated). */
export function chart(el) {
  const c = echarts.init(el, null, { renderer: 'canvas' });
  charts.add(c);
  return {
    set: (option) => c.setOption(option, { notMerge: false, lazyUpdate: true }),
    dispose: () => (charts.delete(c), c.dispose()),
  };
}

const GRID = { left: 8, right: 16, top: 24, bottom: 8, containLabel: true };
/** Short, so a live change shows at once. */
const MOTION = { animationDuration: 300, animationDurationUpdate: 300 };

/** Communities per ten-point band of the total. */
export function histogram(bands) {
  return {
    ...MOTION,
    tooltip: { trigger: 'axis', formatter: (p) => `${p[0].name} 分：${p[0].value} 个社区` },
    grid: { ...GRID, top: 32, right: 24 },
    xAxis: {
      type: 'category',
      name: '分',
      data: bands.map((b) => `${b.from}–${b.to}`),
      axisLabel: { interval: 0, fontSize: 10, formatter: (v) => v.split('–')[0] },
    },
    yAxis: { type: 'value', minInterval: 1, name: '社区数' },
    series: [
      {
        type: 'bar',
        data: bands.map((b, i) => ({
          value: b.count,
          itemStyle: { color: i >= 8 ? '#2e9d5b' : i >= 6 ? '#e3a73b' : '#c8553d' },
        })),
      },
    ],
  };
}

/** Share of communities passing without a veto. */
export function passGauge(rate) {
  return {
    ...MOTION,
    series: [
      {
        type: 'gauge',
        min: 0,
        max: 100,
        radius: '95%',
        center: ['50%', '60%'],
        startAngle: 200,
        endAngle: -20,
        progress: { show: true, width: 14 },
        axisLine: { lineStyle: { width: 14 } },
        pointer: { show: false },
        axisTick: { show: false },
        splitLine: { show: false },
        axisLabel: { show: false },
        title: { offsetCenter: [0, '30%'], fontSize: 13 },
        detail: {
          valueAnimation: true,
          offsetCenter: [0, '-5%'],
          fontSize: 26,
          formatter: (v) => (rate === null ? '—' : `${v.toFixed(1)}%`),
        },
        data: [{ value: rate === null ? 0 : Math.round(rate * 1000) / 10, name: '无否决达标' }],
      },
    ],
  };
}

/** The indicators most often below threshold: communities short on each. */
export function gapBars(gaps, titles, top = 10) {
  const rows = gaps.slice(0, top).reverse();
  return {
    ...MOTION,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { ...GRID, left: 8 },
    xAxis: { type: 'value', minInterval: 1, name: '社区数' },
    yAxis: {
      type: 'category',
      data: rows.map((g) => `${g.indicator} ${titles.get(g.indicator) ?? ''}`),
      axisLabel: { width: 180, overflow: 'truncate', fontSize: 11 },
    },
    series: [
      {
        type: 'bar',
        data: rows.map((g) => g.communities),
        itemStyle: { color: '#c8553d' },
        label: { show: true, position: 'right' },
      },
    ],
  };
}

/** A community's points against the applicable maximum, per category. */
export function categoryBars(categories) {
  return {
    ...MOTION,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { data: ['得分', '满分（适用）'], top: 0 },
    grid: { ...GRID, top: 32 },
    xAxis: {
      type: 'category',
      data: categories.map((c) => c.title),
      axisLabel: { interval: 0, width: 80, overflow: 'truncate', fontSize: 11 },
    },
    yAxis: { type: 'value', name: '分' },
    series: [
      {
        name: '满分（适用）',
        type: 'bar',
        data: categories.map((c) => c.applicableMax),
        itemStyle: { color: '#d9dee7' },
        barGap: '-100%',
        z: 1,
      },
      {
        name: '得分',
        type: 'bar',
        data: categories.map((c) => Math.round(c.points * 100) / 100),
        itemStyle: { color: '#3b6fb6' },
        z: 2,
      },
    ],
  };
}
