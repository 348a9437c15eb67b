// Small view helpers and the words the app shows (Chinese; ids stay as the API has them).
import { evidenceImage, get } from './api.js';
import { photos } from './idb.js';

// The evidence store's flags, said in Chinese by their code (its messages are English, for logs and APIs).
const FLAG_TEXT = {
  no_capture_time: () => '照片未记录拍摄时间',
  inspection_not_started: () => '测评尚未开始，无法核对拍摄时间',
  captured_before_inspection: () => '拍摄时间早于本次测评开始',
  no_location: () => '照片未记录拍摄位置',
  community_location_unknown: () => '社区未设置中心位置，未核对拍摄距离',
  far_from_community: (f) => {
    const metres = /captured (\d+) m/.exec(f.message ?? '')?.[1];
    return metres ? `拍摄地点距社区中心 ${metres} 米，超出允许范围` : '拍摄地点距社区中心过远';
  },
};
const flagText = (f) => (FLAG_TEXT[f.code] ? FLAG_TEXT[f.code](f) : (f.message ?? f.code));

export const ROLES = { inspector: '测评员', community: '社区工作人员', street: '街道办', office: '区/市文明办' };
export const KINDS = {
  field_inspection: '实地考察',
  unannounced_visit: '暗访',
  document_review: '材料审核',
  report_hearing: '听取汇报',
};
export const INSPECTION_STATUS = {
  scheduled: '待开始',
  in_progress: '进行中',
  completed: '已完成',
  cancelled: '已取消',
};
export const RECT_STATUS = {
  open: '待下发整改通知',
  noticed: '待整改',
  rejected: '被退回，待重新整改',
  submitted: '待核查',
  verified: '已通过核查',
};

/** An element from a tag, attributes and children (strings become text: nothing is parsed as HTML). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat())
    if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

/** 剩余 N 天 / 今天截止 / 逾期 N 天, from the API's daysLeft (China days, the platform's clock). */
export function daysLeftText(daysLeft) {
  if (daysLeft === undefined || daysLeft === null) return '';
  if (daysLeft > 0) return `剩余 ${daysLeft} 天`;
  if (daysLeft === 0) return '今天截止';
  return `已逾期 ${-daysLeft} 天`;
}

/** Day arithmetic on YYYY-MM-DD. */
export function addDays(day, n) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** A blob as a data: URL (the platform's CSP allows data: images, not blob: ones). */
export const dataUrl = (blob) =>
  new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(r.result);
    r.onerror = () => reject(r.error);
    r.readAsDataURL(blob);
  });

/**
 * A photo by its evidence ref (sha256:<hex>): from this phone if it was taken here, else the
 * evidence store's thumbnail; else a note with the hash, so the record still names what it proves.
 */
export function photo(ref, testid) {
  const hex = String(ref).replace(/^sha256:/, '');
  const box = h(
    'figure',
    { class: 'photo', 'data-testid': testid, 'data-ref': ref },
    h('span', { class: 'muted' }, '照片加载中…'),
  );
  (async () => {
    const local = await photos.get(hex).catch(() => undefined);
    const src = local ? await dataUrl(local.blob) : await evidenceImage(hex);
    if (src) {
      const img = h('img', { src, alt: `照片 ${hex.slice(0, 8)}`, 'data-sha256': hex });
      const caption = h('figcaption', { class: 'muted' }, `sha256:${hex.slice(0, 12)}…`);
      box.replaceChildren(img, caption);
      box.dataset.loaded = '1';
      // The store's record: the hash checked again, when and where it was taken, and what looks wrong.
      const record = await get(`/api/evidence/${hex}/record`).catch(() => null);
      if (record) {
        const taken = record.capturedAt
          ? `拍摄于 ${new Date(record.capturedAt).toLocaleString('zh-CN', { hour12: false })}`
          : '';
        caption.textContent = `${record.verified ? '哈希已核验' : '哈希不符！'} ${taken}`;
        const flags = [...new Set((record.uploads ?? [record]).flatMap((u) => u.flags ?? []).map(flagText))];
        if (flags.length)
          box.append(
            h(
              'div',
              { class: 'flags', 'data-testid': 'photo-flags' },
              flags.map((f) => h('div', {}, `⚠ ${f}`)),
            ),
          );
        box.dataset.verified = String(!!record.verified);
      }
    } else {
      box.replaceChildren(h('span', { class: 'muted' }, `证据库中暂无此照片 sha256:${hex.slice(0, 12)}…`));
      box.dataset.loaded = '0';
    }
  })();
  return box;
}

export const photoRefs = (evidence = []) => evidence.filter((e) => e.kind === 'photo').map((e) => e.ref);

/** A big labelled field. */
export const field = (label, control) => h('label', { class: 'field' }, h('span', {}, label), control);
