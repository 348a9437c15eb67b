// The platform's API from the phone: the signed-in token, reads (cached by the service worker for
// offline use) and the outbox's transport.
const KEY = 'chuangwen.field.token';

export const session = {
  token: () => localStorage.getItem(KEY),
  set: (token) => localStorage.setItem(KEY, token),
  clear: () => localStorage.removeItem(KEY),
  /** sub, jurisdiction, roles; null when absent, malformed or expired. */
  claims() {
    const token = this.token();
    if (!token) return null;
    try {
      const claims = JSON.parse(
        decodeURIComponent(escape(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')))),
      );
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

const auth = () => ({ authorization: `Bearer ${session.token()}` });

/** GET as JSON; null on 404 (a part of the platform not deployed). Offline, the service worker answers from its cache. */
export async function get(path) {
  const res = await fetch(path, { headers: auth() });
  if (res.status === 404) return null;
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, [].concat(body.message ?? res.statusText).join('；'));
  return body;
}

/** A development token (AUTH_MODE=dev). */
export async function devToken(sub, jurisdiction, role) {
  const res = await fetch('/api/auth/dev-token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub, jurisdiction, roles: [role] }),
  });
  if (res.status === 404) throw new ApiError(404, '本平台未开启开发令牌（AUTH_MODE=jwt），请粘贴令牌');
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, [].concat(body.message ?? res.statusText).join('；'));
  return body.token;
}

/** The outbox's transport: a JSON command, or a photo upload (multipart). Rejects when there is no network. */
export async function send(entry) {
  const headers = { ...auth(), 'x-correlation-id': entry.id };
  let res;
  if (entry.kind === 'upload') {
    const form = new FormData();
    for (const [k, v] of Object.entries(entry.fields)) if (v !== undefined && v !== null) form.append(k, String(v));
    form.append('file', entry.blob, entry.fileName ?? 'photo.jpg');
    res = await fetch('/api/evidence', { method: 'POST', headers, body: form });
  } else {
    res = await fetch(entry.path, {
      method: entry.method ?? 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(entry.body),
    });
  }
  const body = await res.json().catch(() => ({}));
  if (entry.kind === 'upload' && res.status === 404)
    return {
      status: 404,
      body: { waitIfMissing: true, message: '本平台尚未部署证据库（/api/evidence 404），照片保存在本机，稍后重发' },
    };
  return { status: res.status, body };
}

/** A photo as the evidence store names it: sha256:<hex> of its bytes (the same on the phone and the server). */
export async function sha256(blob) {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The photo's bytes from the evidence store (thumbnail first), as a data: URL; null when it has none. */
export async function evidenceImage(hex) {
  for (const path of [`/api/evidence/${hex}/thumbnail`, `/api/evidence/${hex}`]) {
    try {
      const res = await fetch(path, { headers: auth() });
      if (res.ok && (res.headers.get('content-type') ?? '').startsWith('image/')) {
        const blob = await res.blob();
        return await new Promise((resolve) => {
          const r = new FileReader();
          r.onload = () => resolve(r.result);
          r.onerror = () => resolve(null);
          r.readAsDataURL(blob);
        });
      }
    } catch {
      return null;
    }
  }
  return null;
}
