// Display helpers shared by the views.
export const LEVELS = {
  country: '全国',
  province: '省',
  city: '市',
  district: '区县',
  street: '街道',
  community: '社区',
};
export const ROLES = {
  office: '文明办',
  street: '街道',
  community: '社区',
  analyst: '分析员',
  inspector: '测评员',
  system: '系统',
};
export const STATUS = {
  met: '达标',
  partial: '部分达标',
  not_met: '未达标',
  not_applicable: '不适用',
  awaiting_data: '待数据',
};

export const num = (x, digits = 1) => (x === null || x === undefined ? '—' : Number(x).toFixed(digits));
export const pct = (x) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
export const time = (d = new Date()) => d.toLocaleTimeString('zh-CN', { hour12: false });

/** An element from a tag, attributes and children (strings become text: nothing is parsed as HTML). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat())
    if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

/** A figure card whose value is updated in place on refresh. */
export function kpi(label, testid) {
  const value = h('div', { class: 'value', 'data-testid': testid }, '…');
  const note = h('div', { class: 'note muted' });
  return { el: h('div', { class: 'kpi' }, h('div', { class: 'label' }, label), value, note), value, note };
}

/** Jurisdiction codes nest: a port of codeAncestors/isWithin (libs/contracts) for live-update matching. */
export function ancestorsOf(code) {
  if (code === '000000') return [];
  const depth =
    code.length === 12 ? 5 : code.length === 9 ? 4 : code.endsWith('0000') ? 1 : code.endsWith('00') ? 2 : 3;
  const chain = ['000000', `${code.slice(0, 2)}0000`, `${code.slice(0, 4)}00`, code.slice(0, 6), code.slice(0, 9)];
  const out = [];
  for (const c of chain.slice(0, depth)) if (c !== code && out[out.length - 1] !== c) out.push(c);
  return out;
}
export const isWithin = (code, scope) => scope === '000000' || code === scope || ancestorsOf(code).includes(scope);

/**
 * When the figures are for: now (no day); as of a day, from everything known now (`asOf`: facts
 * that occurred by then, late records included); or as the platform showed them at the end of that
 * day (`knownAt`: only what had been recorded by then). `params` go to every figure query.
 */
export function moment(day, known) {
  if (!day) return { day: '', known, past: false, params: {}, hash: '', label: '' };
  return known
    ? {
        day,
        known,
        past: true,
        params: { knownAt: `${day}T23:59:59+08:00` },
        hash: `?knownOn=${day}`,
        label: `${day} 当日所见`,
      }
    : { day, known, past: true, params: { asOf: day }, hash: `?asOf=${day}`, label: `截至 ${day}` };
}
