// The field app (/m/): inspectors' day, community staff's work list, street and district offices'
// verification. Every record goes through the outbox (IndexedDB), online or not; reads go through the
// service worker, which keeps the last answer for offline use. Nothing here watches staff: no
// check-ins, no online time, no points.
import { devToken, get, send, session, sha256 } from './api.js';
import { outboxStore, photos } from './idb.js';
import { createOutbox } from './outbox.js';
import {
  addDays,
  dataUrl,
  daysLeftText,
  field,
  h,
  INSPECTION_STATUS,
  KINDS,
  photo,
  photoRefs,
  RECT_STATUS,
  ROLES,
} from './views.js';

const main = document.getElementById('view');
/** The view's content; false/null children (conditional parts) are left out. */
const view = {
  replaceChildren: (...children) =>
    main.replaceChildren(...children.flat().filter((c) => c !== false && c !== null && c !== undefined)),
};
const outbox = createOutbox({ store: outboxStore, send, onChange: () => void badge() });

if ('serviceWorker' in navigator) navigator.serviceWorker.register('/m/sw.js', { scope: '/m/' }).catch(() => undefined);
window.addEventListener('online', () => void sync());
window.addEventListener('offline', () => void badge());
window.addEventListener('hashchange', () => void route());
document.getElementById('sign-out').addEventListener('click', async () => {
  session.clear();
  for (const k of await caches.keys()) if (k.includes('-api')) await caches.delete(k);
  location.hash = '#/';
  void route();
});

/** Sends what is queued; when something arrived, shows the platform's state again (unless the user is typing). */
async function sync() {
  const report = await outbox.flush();
  const typing =
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement?.tagName) && document.activeElement.value;
  if (report.delivered && !typing) await route();
  return report;
}

async function badge() {
  const all = await outbox.entries();
  const pending = all.filter((e) => e.state !== 'refused').length;
  const refused = all.length - pending;
  const b = document.getElementById('queue-badge');
  b.textContent = refused ? `待发送 ${pending} · 被拒 ${refused}` : `待发送 ${pending}`;
  b.className = refused ? 'badge refused' : pending ? 'badge pending' : 'badge';
  b.dataset.pending = String(pending);
  b.dataset.refused = String(refused);
  const net = document.getElementById('net');
  net.textContent = navigator.onLine ? '在线' : '离线';
  net.className = navigator.onLine ? 'net on' : 'net off';
}

const names = new Map();
async function placeName(code) {
  if (!names.has(code))
    names.set(
      code,
      get(`/api/jurisdictions/${code}`)
        .then((n) => n?.name ?? code)
        .catch(() => code),
    );
  return names.get(code);
}

/** A record queued: the client-chosen id goes with it, so a resend is recognised as done. */
async function queue(entry) {
  await outbox.add(entry);
  void sync();
}

/** Photos: hashed here (the evidence store's id), kept on the phone, queued for upload before the record naming them. */
async function queuePhotos(files, fields) {
  const refs = [];
  for (const file of files) {
    const hex = await sha256(file);
    const capturedAt = new Date(file.lastModified || Date.now()).toISOString();
    await photos.put(hex, file, { capturedAt });
    await outbox.add({
      id: `upload-${hex}`,
      kind: 'upload',
      label: `上传照片 ${hex.slice(0, 8)}`,
      blob: file,
      fileName: file.name || 'photo.jpg',
      fields: { ...fields, capturedAt },
    });
    refs.push({ kind: 'photo', ref: `sha256:${hex}` });
  }
  return refs;
}
/** The outbox ids of the uploads a record's photos wait for. */
const uploadsOf = (refs) =>
  refs.filter((r) => r.kind === 'photo').map((r) => `upload-${r.ref.slice('sha256:'.length)}`);

function position() {
  return new Promise((resolve) => {
    if (!navigator.geolocation) return resolve(null);
    navigator.geolocation.getCurrentPosition(
      (p) =>
        resolve({
          lat: Number(p.coords.latitude.toFixed(6)),
          lng: Number(p.coords.longitude.toFixed(6)),
          accuracy: Math.round(p.coords.accuracy),
        }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: 8000, maximumAge: 60_000 },
    );
  });
}

async function route() {
  await badge();
  const claims = session.claims();
  document.getElementById('who').textContent = claims
    ? `${claims.sub} · ${ROLES[claims.roles?.[0]] ?? claims.roles?.[0] ?? ''}`
    : '';
  document.getElementById('sign-out').hidden = !claims;
  if (!claims) return signIn();
  const [, page, id] = location.hash.split('/');
  try {
    if (page === 'queue') return await queueView();
    if (page === 'inspection' && id) return await inspectionView(id);
    const role = claims.roles?.[0];
    if (role === 'inspector') return await todayView();
    if (role === 'community') return await communityView();
    return await officeView(role);
  } catch (e) {
    view.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'view-error' }, e.message));
  } finally {
    void notifications();
  }
}

function done(name, id = '') {
  document.body.dataset.view = name;
  document.body.dataset.loaded = `${name}:${id}:${Date.now()}`;
}

function signIn() {
  const sub = h('input', {
    'data-testid': 'signin-name',
    placeholder: '姓名或工号',
    required: true,
    autocomplete: 'username',
  });
  const code = h('input', {
    'data-testid': 'signin-jurisdiction',
    placeholder: '辖区代码，如 620102001001',
    inputmode: 'numeric',
    pattern: '\\d{6}|\\d{9}|\\d{12}',
    required: true,
  });
  const role = h(
    'select',
    { 'data-testid': 'signin-role' },
    Object.entries(ROLES).map(([v, t]) => h('option', { value: v }, t)),
  );
  const token = h('textarea', { rows: 3, placeholder: '或粘贴令牌（JWT）', 'data-testid': 'signin-token' });
  const error = h('p', { class: 'error', role: 'alert', 'data-testid': 'signin-error' });
  const form = h(
    'form',
    {
      class: 'card',
      onsubmit: async (e) => {
        e.preventDefault();
        try {
          if (token.value.trim()) session.set(token.value.trim().replace(/^Bearer\s+/i, ''));
          else session.set(await devToken(sub.value.trim(), code.value.trim(), role.value));
          if (!session.claims()) throw new Error('令牌无法解析或已过期');
          location.hash = '#/';
          await route();
        } catch (err) {
          error.textContent = err.message;
        }
      },
    },
    h('h2', {}, '登录'),
    field('姓名或工号', sub),
    field('辖区代码', code),
    field('身份', role),
    token,
    h('button', { type: 'submit', class: 'primary', 'data-testid': 'signin-submit' }, '进入'),
    error,
  );
  view.replaceChildren(form);
  done('signin');
}

// ── Inspector ────────────────────────────────────────────────────────────────────────────────────

async function todayView() {
  const today = await get('/api/inspections/today');
  const cards = await Promise.all(
    (today?.items ?? []).map(async (i) =>
      h(
        'a',
        { class: 'card link', href: `#/inspection/${i.inspectionId}`, 'data-testid': `open-${i.inspectionId}` },
        h('strong', {}, await placeName(i.communityCode)),
        h('div', {}, `${KINDS[i.kind] ?? i.kind} · ${INSPECTION_STATUS[i.status] ?? i.status}`),
        h('div', { class: 'muted' }, `计划 ${i.plannedOn} · 已评 ${i.items.length} 项`),
      ),
    ),
  );
  view.replaceChildren(
    h('h2', {}, `今日测评 ${today?.day ?? ''}`),
    ...(cards.length ? cards : [h('p', { class: 'muted', 'data-testid': 'today-empty' }, '今天没有安排给您的测评。')]),
  );
  done('today');
  // Warm the cache with each inspection's checklist, so the day's work opens offline.
  for (const i of today?.items ?? []) get(`/api/inspections/${i.inspectionId}/checklist`).catch(() => undefined);
}

async function inspectionView(id) {
  const c = await get(`/api/inspections/${id}/checklist`);
  if (!c?.inspection) throw new Error('找不到该测评（离线时只能打开今天已加载过的测评）');
  const insp = c.inspection;
  const mine = (await outbox.entries()).filter((e) => e.inspectionId === id);
  const queued = (action) => mine.filter((e) => e.action === action);
  const started = insp.status !== 'scheduled' || queued('start').length > 0;
  const completed = insp.status === 'completed' || queued('complete').length > 0;
  const name = await placeName(insp.communityCode);
  const cmd = (action, label, path, body, extra = {}) =>
    queue({
      id: extra.id ?? crypto.randomUUID(),
      kind: 'command',
      action,
      label: `${name}：${label}`,
      path,
      body,
      inspectionId: id,
      ...extra,
    }).then(() => inspectionView(id));

  const head = h(
    'section',
    { class: 'card' },
    h('h2', {}, name),
    h(
      'div',
      { 'data-testid': 'inspection-status' },
      `${KINDS[insp.kind] ?? insp.kind} · ${INSPECTION_STATUS[insp.status] ?? insp.status}${insp.status === 'scheduled' && started ? '（开始待发送）' : ''}`,
    ),
    h('div', { class: 'muted' }, c.standards.map((s) => `${s.title}（第 ${s.version} 版）`).join('；')),
    !started &&
      h(
        'button',
        {
          class: 'primary',
          'data-testid': 'start',
          onclick: () => cmd('start', '开始测评', `/api/inspections/${id}/start`, {}),
        },
        '开始测评',
      ),
  );

  const items = h(
    'section',
    { class: 'card' },
    h('h3', {}, '测评员评分项目'),
    ...c.items.map((item) => {
      const scored = insp.items.find((s) => s.indicatorId === item.indicatorId && s.standardId === item.standardId);
      const waiting = queued('score').find((e) => e.body.indicatorId === item.indicatorId);
      const points = h('input', {
        type: 'number',
        min: 0,
        max: item.maxPoints,
        step: 0.5,
        inputmode: 'decimal',
        'data-testid': `points-${item.indicatorId}`,
        placeholder: `0–${item.maxPoints}`,
      });
      const remark = h('input', { placeholder: '说明（可选）', 'data-testid': `remark-${item.indicatorId}` });
      return h(
        'div',
        { class: 'item', 'data-testid': `item-${item.indicatorId}` },
        h(
          'div',
          {},
          h('strong', {}, `${item.indicatorId} ${item.title}`),
          h('span', { class: 'muted' }, ` 满分 ${item.maxPoints}`),
        ),
        scored
          ? h('div', { class: 'ok', 'data-testid': `scored-${item.indicatorId}` }, `已评 ${scored.points} 分`)
          : waiting
            ? h(
                'div',
                { class: 'pending', 'data-testid': `scored-${item.indicatorId}` },
                `${waiting.body.points} 分（待发送）`,
              )
            : started &&
              !completed &&
              h(
                'div',
                { class: 'row' },
                points,
                remark,
                h(
                  'button',
                  {
                    'data-testid': `score-${item.indicatorId}`,
                    onclick: () => {
                      if (points.value === '') return points.focus();
                      const body = {
                        indicatorId: item.indicatorId,
                        standardId: item.standardId,
                        points: Number(points.value),
                        ...(remark.value.trim() ? { remark: remark.value.trim() } : {}),
                      };
                      return cmd(
                        'score',
                        `评分 ${item.indicatorId} ${body.points} 分`,
                        `/api/inspections/${id}/items`,
                        body,
                      );
                    },
                  },
                  '评分',
                ),
              ),
      );
    }),
  );

  const recorded = new Map(insp.facilities.map((f) => [f.facility, f.present]));
  const choices = new Map();
  const facilities = h(
    'section',
    { class: 'card' },
    h('h3', {}, '设施、机构与台账'),
    ...c.facilities.map((f) => {
      const now = recorded.get(f.facility);
      const pick = (present) =>
        h(
          'button',
          {
            type: 'button',
            class: now === present ? 'choice on' : 'choice',
            'data-testid': `facility-${f.facility}-${present ? 'yes' : 'no'}`,
            onclick: (e) => {
              choices.set(f.facility, present);
              for (const b of e.target.parentElement.querySelectorAll('.choice'))
                b.classList.toggle('on', b === e.target);
            },
          },
          present ? '有' : '无',
        );
      return h('div', { class: 'item' }, h('div', {}, f.label), h('div', { class: 'row' }, pick(true), pick(false)));
    }),
    started &&
      !completed &&
      c.facilities.length > 0 &&
      h(
        'button',
        {
          'data-testid': 'facilities-submit',
          onclick: () => {
            if (!choices.size) return;
            const list = [...choices].map(([facility, present]) => ({ facility, present }));
            return cmd('facilities', `设施检查 ${list.length} 项`, `/api/inspections/${id}/facilities`, {
              facilities: list,
            });
          },
        },
        '提交设施检查',
      ),
    queued('facilities').length > 0 &&
      h('div', { class: 'pending' }, `设施检查 ${queued('facilities').length} 条待发送`),
  );

  view.replaceChildren(
    head,
    items,
    facilities,
    await problemForm(c, id, name, started && !completed, mine),
    completeForm(id, started, completed, cmd),
  );
  done('inspection', id);
}

async function problemForm(c, inspectionId, name, open, mine) {
  const insp = c.inspection;
  const category = h(
    'select',
    { 'data-testid': 'problem-category' },
    c.problemCategories.map((p) => h('option', { value: p.category }, p.deducted ? `${p.label}（扣分项）` : p.label)),
  );
  const description = h('textarea', {
    rows: 3,
    'data-testid': 'problem-description',
    placeholder: '问题描述，如：3号楼2单元楼道堆放杂物',
  });
  const place = h('input', { 'data-testid': 'problem-place', placeholder: '位置，如：3号楼2单元' });
  const gps = h('div', { class: 'muted', 'data-testid': 'problem-gps' }, '正在定位…');
  const preview = h('div', { class: 'photos' });
  const file = h('input', {
    type: 'file',
    accept: 'image/*',
    capture: 'environment',
    multiple: true,
    class: 'camera-input',
    'data-testid': 'problem-photo',
    onchange: () => {
      void Promise.all([...file.files].map(async (f) => h('img', { src: await dataUrl(f), alt: f.name }))).then(
        (imgs) => preview.replaceChildren(...imgs),
      );
    },
  });
  const error = h('p', { class: 'error', role: 'alert' });
  let where = null;
  void position().then((p) => {
    where = p;
    gps.textContent = p ? `GPS ${p.lat}, ${p.lng}（±${p.accuracy} 米）` : '无法定位：请在位置栏写明地点';
  });
  const submit = h(
    'button',
    {
      class: 'primary',
      'data-testid': 'problem-submit',
      onclick: async () => {
        if (!description.value.trim()) return (error.textContent = '请填写问题描述');
        if (!file.files.length) return (error.textContent = '请拍摄至少一张照片');
        submit.disabled = true;
        const problemId = crypto.randomUUID();
        const refs = await queuePhotos([...file.files], {
          community: insp.communityCode,
          inspectionId, // not the problemId: the problem is recorded after its photos (the API checks both ways)
          ...(where ? { lat: where.lat, lng: where.lng } : {}),
        });
        const label = c.problemCategories.find((p) => p.category === category.value)?.label ?? category.value;
        const body = {
          problemId,
          communityCode: insp.communityCode,
          category: category.value,
          description: description.value.trim(),
          source: 'inspector',
          foundOn: c.day,
          inspectionId,
          ...(place.value.trim() ? { location: place.value.trim() } : {}),
          evidence: [...refs, ...(where ? [{ kind: 'gps_point', ref: `${where.lat},${where.lng}` }] : [])],
        };
        await queue({
          id: problemId,
          kind: 'command',
          action: 'problem',
          label: `${name}：问题 ${label}`,
          path: '/api/problems',
          body,
          inspectionId,
          dependsOn: uploadsOf(refs),
        });
        await inspectionView(inspectionId);
      },
    },
    '记录问题',
  );
  const found =
    (await get(`/api/problems?jurisdictionCode=${insp.communityCode}&limit=1000`).catch(() => null))?.items?.filter(
      (p) => p.inspectionId === inspectionId,
    ) ?? [];
  const waiting = mine.filter((e) => e.action === 'problem');
  return h(
    'section',
    { class: 'card' },
    h('h3', {}, '发现问题'),
    h(
      'ul',
      { class: 'list', 'data-testid': 'problems' },
      ...found.map((p) =>
        h('li', { 'data-problem': p.problemId }, `${p.description}（${RECT_STATUS[p.status] ?? p.status}）`),
      ),
      ...waiting.map((e) =>
        h(
          'li',
          { class: 'pending', 'data-problem': e.id },
          `${e.body.description}（${e.state === 'refused' ? '被拒绝' : '待发送'}）`,
        ),
      ),
    ),
    open && [
      field('类别', category),
      field('描述', description),
      field('位置', place),
      gps,
      camera(file),
      preview,
      submit,
      error,
    ],
  );
}

/** The camera: a big button over the file input (the phone opens its rear camera: capture=environment). */
function camera(input, label = '拍照（后置摄像头）') {
  const count = h('span', { class: 'muted' }, '');
  input.addEventListener(
    'change',
    () => (count.textContent = input.files.length ? ` 已选 ${input.files.length} 张` : ''),
  );
  return h('label', { class: 'camera' }, h('span', {}, label), count, input);
}

function completeForm(id, started, completed, cmd) {
  if (!started || completed)
    return h('section', { class: 'card muted' }, completed ? '本次测评已完成。' : '开始测评后可评分、记录问题。');
  const summary = h('textarea', { rows: 2, placeholder: '测评小结（可选）', 'data-testid': 'summary' });
  return h(
    'section',
    { class: 'card' },
    field('小结', summary),
    h(
      'button',
      {
        'data-testid': 'complete',
        onclick: () =>
          cmd(
            'complete',
            '完成测评',
            `/api/inspections/${id}/complete`,
            summary.value.trim() ? { summary: summary.value.trim() } : {},
          ),
      },
      '完成测评',
    ),
  );
}

// ── The outbox, visible ──────────────────────────────────────────────────────────────────────────

async function queueView() {
  const all = await outbox.entries();
  const rows = all.map((e) =>
    h(
      'li',
      { class: e.state === 'refused' ? 'refused' : 'pending', 'data-testid': `queue-${e.id}` },
      h('strong', {}, e.label ?? e.id),
      h(
        'div',
        { class: 'muted' },
        `${e.state === 'refused' ? '被拒绝' : '待发送'} · 记录于 ${new Date(e.createdAt).toLocaleString('zh-CN', { hour12: false })} · 已试 ${e.attempts} 次`,
      ),
      e.reason &&
        h('div', { class: e.state === 'refused' ? 'error' : 'muted', 'data-testid': 'queue-reason' }, e.reason),
      h(
        'div',
        { class: 'row' },
        e.state === 'refused' &&
          h(
            'button',
            { onclick: async () => (await outboxStore.put({ ...e, state: 'pending' }), await sync(), queueView()) },
            '重试',
          ),
        h('button', { onclick: async () => (await outbox.discard(e.id), queueView()) }, '放弃'),
      ),
    ),
  );
  view.replaceChildren(
    h('h2', {}, '待发送记录'),
    h('p', { class: 'muted' }, '离线时记录保存在本机，联网后按顺序自动发送；每条带本机生成的编号，重发不会重复记录。'),
    h(
      'button',
      { class: 'primary', 'data-testid': 'queue-flush', onclick: async () => (await sync(), queueView()) },
      '立即发送',
    ),
    all.length ? h('ul', { class: 'list' }, rows) : h('p', { 'data-testid': 'queue-empty' }, '没有待发送的记录。'),
  );
  done('queue');
}

// ── Community staff: the work list ───────────────────────────────────────────────────────────────

const LEVELS = { street: '街道', district: '区', city: '市' };
/** One step of the escalation ladder (督办), as the record carries it (RectificationEscalated). */
const stepText = (s) =>
  `第${s.step}级 ${LEVELS[s.level] ?? s.level}${s.supervised ? '督办' : ''}${s.bulletin ? ' 列入通报' : ''}`;

function marks(r) {
  const steps = r.escalations ?? [];
  return h(
    'div',
    { class: 'row' },
    h('span', { class: `tag ${r.status}` }, RECT_STATUS[r.status] ?? r.status),
    r.deadline &&
      h(
        'span',
        { class: r.daysLeft < 0 ? 'tag late' : 'tag', 'data-testid': `days-left-${r.problemId}` },
        `期限 ${r.deadline} · ${daysLeftText(r.daysLeft)}`,
      ),
    r.overdue && h('span', { class: 'tag late', 'data-testid': `overdue-${r.problemId}` }, '逾期'),
    steps.length > 0 &&
      h(
        'span',
        { class: 'tag late', 'data-testid': `escalated-${r.problemId}` },
        `升级：${steps.map(stepText).join('；')}`,
      ),
  );
}

async function communityView() {
  const [w, mine] = [await get('/api/rectifications/work-list'), await outbox.entries()];
  const sent = new Set(mine.filter((e) => e.action === 'submission').map((e) => e.problemId));
  const card = async (r) => {
    const description = h('textarea', {
      rows: 2,
      placeholder: '整改情况',
      'data-testid': `submit-description-${r.problemId}`,
    });
    const files = h('input', {
      type: 'file',
      accept: 'image/*',
      capture: 'environment',
      multiple: true,
      class: 'camera-input',
      'data-testid': `submit-photo-${r.problemId}`,
    });
    const error = h('p', { class: 'error', role: 'alert' });
    const submit = h(
      'button',
      {
        class: 'primary',
        'data-testid': `submit-${r.problemId}`,
        onclick: async () => {
          if (!description.value.trim()) return (error.textContent = '请填写整改情况');
          if (!files.files.length) return (error.textContent = '请拍摄整改后的照片');
          submit.disabled = true;
          const where = await position(); // where the after-photo was taken, for the store's distance check
          const evidence = await queuePhotos([...files.files], {
            community: r.communityCode,
            problemId: r.problemId,
            ...(where ? { lat: where.lat, lng: where.lng } : {}),
          });
          await queue({
            id: crypto.randomUUID(),
            kind: 'command',
            action: 'submission',
            problemId: r.problemId,
            label: `提交整改：${r.categoryLabel}`,
            path: `/api/rectifications/${r.problemId}/submission`,
            body: { description: description.value.trim(), evidence },
            dependsOn: uploadsOf(evidence),
          });
          await communityView();
        },
      },
      '提交整改',
    );
    return h(
      'article',
      { class: 'card', 'data-testid': `rect-${r.problemId}` },
      h('strong', {}, `${r.categoryLabel}：${r.description}`),
      r.location && h('div', { class: 'muted' }, r.location),
      marks(r),
      r.requirements && h('div', {}, `整改要求：${r.requirements}${r.noticeNo ? `（${r.noticeNo}）` : ''}`),
      r.rejections.length > 0 &&
        h(
          'ul',
          { class: 'list error', 'data-testid': `rejections-${r.problemId}` },
          r.rejections.map((x) => h('li', {}, `${x.rejectedOn} 退回：${x.reason}`)),
        ),
      h(
        'div',
        { class: 'photos' },
        photoRefs(r.evidence).map((ref) => photo(ref, `before-${r.problemId}`)),
      ),
      sent.has(r.problemId)
        ? h('div', { class: 'pending', 'data-testid': `submitted-${r.problemId}` }, '整改已提交（待发送）')
        : [field('整改情况', description), camera(files, '拍摄整改后照片'), submit, error],
    );
  };
  const waiting = w.awaitingVerification.map((r) =>
    h(
      'article',
      { class: 'card', 'data-testid': `awaiting-${r.problemId}` },
      h('strong', {}, `${r.categoryLabel}：${r.description}`),
      marks(r),
    ),
  );
  view.replaceChildren(
    h('h2', {}, `整改工作清单 · ${await placeName(w.jurisdictionCode)}`),
    ...(w.toRectify.length
      ? await Promise.all(w.toRectify.map(card))
      : [h('p', { class: 'muted', 'data-testid': 'work-empty' }, '没有待整改的问题。')]),
    waiting.length > 0 && h('h3', {}, '已提交，待街道核查'),
    ...waiting,
  );
  done('work');
}

// ── Street and district offices: notices and verification ───────────────────────────────────────

async function officeView(role) {
  const w = await get('/api/rectifications/work-list');
  const sections = [];
  if (role === 'street' || role === 'office') {
    sections.push(
      h('h3', {}, `待核查（${w.awaitingVerification.length}）`),
      ...w.awaitingVerification.map((r) => verifyCard(r)),
    );
    sections.push(
      h('h3', {}, `待下发整改通知（${w.toNotice.length}）`),
      ...w.toNotice.map((r) => noticeCard(r, w.today)),
    );
    sections.push(
      h('h3', {}, `整改中（${w.toRectify.length}）`),
      ...w.toRectify.map((r) =>
        h(
          'article',
          { class: 'card', 'data-testid': `rect-${r.problemId}` },
          h('strong', {}, `${r.categoryLabel}：${r.description}`),
          marks(r),
        ),
      ),
    );
  }
  view.replaceChildren(h('h2', {}, `整改督办 · ${await placeName(w.jurisdictionCode)}`), ...sections);
  done('office');
}

function noticeCard(r, today) {
  const deadline = h('input', {
    type: 'date',
    value: addDays(today, 3),
    min: today,
    'data-testid': `notice-deadline-${r.problemId}`,
  });
  const requirements = h('textarea', {
    rows: 2,
    placeholder: '整改要求',
    'data-testid': `notice-requirements-${r.problemId}`,
  });
  return h(
    'article',
    { class: 'card', 'data-testid': `open-${r.problemId}` },
    h('strong', {}, `${r.categoryLabel}：${r.description}`),
    h('div', { class: 'muted' }, `${r.foundOn} 发现 · ${r.location ?? ''}`),
    h(
      'div',
      { class: 'photos' },
      photoRefs(r.evidence).map((ref) => photo(ref, `before-${r.problemId}`)),
    ),
    field('整改期限', deadline),
    field('整改要求', requirements),
    h(
      'button',
      {
        class: 'primary',
        'data-testid': `notice-${r.problemId}`,
        onclick: async () => {
          if (!requirements.value.trim()) return requirements.focus();
          await queue({
            id: crypto.randomUUID(),
            kind: 'command',
            action: 'notice',
            problemId: r.problemId,
            label: `下发整改通知：${r.categoryLabel}`,
            path: '/api/rectifications',
            body: { problemId: r.problemId, deadline: deadline.value, requirements: requirements.value.trim() },
          });
        },
      },
      '下发整改通知',
    ),
  );
}

function verifyCard(r) {
  const last = r.submissions[r.submissions.length - 1];
  const reason = h('input', { placeholder: '退回原因（退回时必填）', 'data-testid': `reject-reason-${r.problemId}` });
  const decide = (action, label, path, body) =>
    queue({
      id: crypto.randomUUID(),
      kind: 'command',
      action,
      problemId: r.problemId,
      label: `${label}：${r.categoryLabel}`,
      path,
      body,
    });
  return h(
    'article',
    { class: 'card', 'data-testid': `verify-card-${r.problemId}` },
    h('strong', {}, `${r.categoryLabel}：${r.description}`),
    marks(r),
    h(
      'div',
      { class: 'pair', 'data-testid': `pair-${r.problemId}` },
      h(
        'div',
        {},
        h('div', { class: 'muted' }, `整改前 ${r.foundOn}`),
        ...photoRefs(r.evidence).map((ref) => photo(ref, `before-${r.problemId}`)),
      ),
      h(
        'div',
        {},
        h('div', { class: 'muted' }, `整改后 ${last?.submittedOn ?? ''}`),
        ...photoRefs(last?.evidence).map((ref) => photo(ref, `after-${r.problemId}`)),
      ),
    ),
    last && h('div', {}, `整改情况：${last.description}`),
    h(
      'div',
      { class: 'row' },
      h(
        'button',
        {
          class: 'primary',
          'data-testid': `verify-${r.problemId}`,
          onclick: () => decide('verify', '核查通过', `/api/rectifications/${r.problemId}/verification`, {}),
        },
        '核查通过',
      ),
      reason,
      h(
        'button',
        {
          'data-testid': `reject-${r.problemId}`,
          onclick: () =>
            reason.value.trim()
              ? decide('reject', '退回', `/api/rectifications/${r.problemId}/rejection`, {
                  reason: reason.value.trim(),
                })
              : reason.focus(),
        },
        '退回',
      ),
    ),
  );
}

/** In-app notifications (the escalation service's), as a badge; nothing when the platform has none. */
async function notifications() {
  const el = document.getElementById('notices');
  const inbox = await get('/api/notifications?limit=5').catch(() => null);
  el.hidden = !inbox?.total;
  el.textContent = `通知 ${inbox?.unread ?? 0}`;
  el.dataset.unread = String(inbox?.unread ?? 0);
  el.title = (inbox?.items ?? []).map((n) => n.title).join('\n');
}

void route().then(() => sync());
