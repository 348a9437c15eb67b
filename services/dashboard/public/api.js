// Calls to the platform's API with the signed-in token; jurisdiction names cached per page.
const KEY = 'chuangwen.dashboard.token';

export const session = {
  token: () => localStorage.getItem(KEY),
  set: (token) => localStorage.setItem(KEY, token),
  clear: () => localStorage.removeItem(KEY),
  /** The token's claims (sub, jurisdiction, roles, exp); null when absent, malformed or expired. */
  claims() {
    const token = this.token();
    if (!token) return null;
    try {
      const json = atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'));
      const claims = JSON.parse(decodeURIComponent(escape(json)));
      return claims.exp && claims.exp * 1000 < Date.now() ? null : claims;
    } catch {
      return null;
    }
  },
};

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function url(path, params = {}) {
  const u = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') u.searchParams.set(k, String(v));
  return u;
}

/** GET as JSON. A 404 answers null: the panel says 暂无数据 (unseeded region, or a service not deployed). */
export async function get(path, params) {
  const res = await fetch(url(path, params), { headers: { authorization: `Bearer ${session.token()}` } });
  if (res.status === 404) return null;
  if (res.status === 401) {
    session.clear();
    location.hash = '';
    throw new ApiError(401, '登录已失效，请重新登录');
  }
  if (!res.ok) throw new ApiError(res.status, (await res.json().catch(() => ({}))).message ?? res.statusText);
  return res.json();
}

/** A development token (AUTH_MODE=dev); a 404 means the platform does not issue them. */
export async function devToken(jurisdiction, role) {
  const res = await fetch('/api/auth/dev-token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub: `dashboard-${role}-${jurisdiction}`, jurisdiction, roles: [role] }),
  });
  if (res.status === 404) throw new ApiError(404, '本平台未开启开发令牌（AUTH_MODE=jwt），请粘贴令牌');
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, [].concat(body.message ?? res.statusText).join('；'));
  return body.token;
}

const nodes = new Map();
/** A jurisdiction with its children (public reference data, cached). */
export async function jurisdiction(code) {
  if (!nodes.has(code))
    nodes.set(
      code,
      get(`/api/jurisdictions/${code}`).catch((e) => (nodes.delete(code), Promise.reject(e))),
    );
  return nodes.get(code);
}

const standards = new Map();
/** Indicator id → title, for a standard (cached). */
export async function indicatorTitles(standardId) {
  if (!standards.has(standardId)) {
    standards.set(
      standardId,
      get(`/api/standards/${encodeURIComponent(standardId)}`).then(
        (s) => new Map((s?.categories ?? []).flatMap((c) => c.indicators.map((i) => [i.id, i.title]))),
      ),
    );
  }
  return standards.get(standardId);
}
