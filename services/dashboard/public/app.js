// The dashboard: routes `#/<code>?asOf=YYYY-MM-DD` (the day from everything known now) or
// `#/<code>?knownOn=YYYY-MM-DD` (what the platform showed at the end of that day) to a view, keeps
// the breadcrumb and the live stream.
import { jurisdiction, session } from './api.js';
import { CommunityView } from './community-view.js';
import { h, isWithin, LEVELS, moment, ROLES } from './format.js';
import { Live } from './live.js';
import { NodeView } from './node-view.js';
import { renderSignIn } from './signin.js';

const main = document.getElementById('view');
const asOfInput = document.getElementById('as-of');
const knownOnInput = document.getElementById('known-on');
let view = null;
let live = null;
let rendering = 0;

function route() {
  const [path, query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const q = new URLSearchParams(query);
  const knownOn = q.get('knownOn') ?? '';
  return { code: path, when: moment(knownOn || (q.get('asOf') ?? ''), !!knownOn) };
}
const go = (code, when) => (location.hash = `#/${code}${when.hash}`);

async function render() {
  const claims = session.claims();
  document.getElementById('tools').hidden = !claims;
  if (!claims) {
    live?.close();
    live = null;
    document.getElementById('crumbs').replaceChildren();
    return renderSignIn(main, () => go(session.claims().jurisdiction, moment('', false)));
  }
  const { code, when } = route();
  if (!code || (!isWithin(code, claims.jurisdiction) && !isWithin(claims.jurisdiction, code)))
    return go(claims.jurisdiction, when);
  document.getElementById('who').textContent = `${claims.sub}（${claims.roles.map((r) => ROLES[r] ?? r).join('、')}）`;
  asOfInput.value = when.day;
  knownOnInput.checked = when.known;
  live ??= new Live(claims.jurisdiction, refresh);
  const mine = ++rendering;
  try {
    const node = await jurisdiction(code);
    if (mine !== rendering) return;
    if (!node)
      return main.replaceChildren(
        h('p', { class: 'error' }, `辖区 ${code} 尚未登记（npm run seed -- --region ${code.slice(0, 6)}）`),
      );
    await crumbs(node, claims.jurisdiction);
    view?.dispose();
    view = node.level === 'community' ? new CommunityView(main, node, when) : new NodeView(main, node, when);
    await view.load();
    document.body.dataset.loaded = code; // for tests and screen readers: the view is complete
  } catch (e) {
    if (mine === rendering) main.replaceChildren(h('p', { class: 'error', role: 'alert' }, `加载失败：${e.message}`));
  }
}

/** Live: repaint the view in place when a change touches it (a community below it, or a roll-up above). */
async function refresh(codes) {
  const current = view;
  if (!current || !codes.some((c) => isWithin(c, current.code) || isWithin(current.code, c))) return false;
  await current.load();
  return true;
}

/** From the signed-in jurisdiction down to this node: each a link, the last the node itself. */
async function crumbs(node, rootCode) {
  const chain = [...node.ancestors, node.code];
  const from = chain.findIndex((c) => isWithin(c, rootCode));
  const nodes = await Promise.all(
    chain.slice(Math.max(0, from)).map((c) => (c === node.code ? node : jurisdiction(c))),
  );
  const { when } = route();
  document
    .getElementById('crumbs')
    .replaceChildren(
      ...nodes
        .filter(Boolean)
        .flatMap((n, i, all) => [
          ...(i ? [h('span', { class: 'sep' }, '›')] : []),
          i === all.length - 1
            ? h('span', { class: 'here', 'data-testid': 'crumb-here' }, n.name)
            : h('a', { href: `#/${n.code}${when.hash}`, title: LEVELS[n.level] }, n.name),
        ]),
    );
}

const chosen = () => go(route().code, moment(asOfInput.value, knownOnInput.checked));
asOfInput.addEventListener('change', chosen);
knownOnInput.addEventListener('change', chosen);
document.getElementById('today').addEventListener('click', () => go(route().code, moment('', false)));
document.getElementById('sign-out').addEventListener('click', () => {
  session.clear();
  location.hash = '';
  render();
});
window.addEventListener('hashchange', render);
render();
