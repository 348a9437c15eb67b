// The field app's service worker: the app shell from the cache (so it opens with no network), and the
// API's reads network-first with the last answer kept (so the day's inspections, checklists and work
// lists read offline). Writes are never touched here: the page's outbox queues and resends them.
const VERSION = 'field-v1';
const SHELL = [
  '/m/',
  '/m/app.js',
  '/m/api.js',
  '/m/outbox.js',
  '/m/idb.js',
  '/m/views.js',
  '/m/style.css',
  '/m/manifest.webmanifest',
];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(`${VERSION}-shell`)
      .then((c) => c.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => !k.startsWith(VERSION)).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function networkFirst(request) {
  const cache = await caches.open(`${VERSION}-api`);
  try {
    const res = await fetch(request);
    if (res.ok) await cache.put(request, res.clone());
    return res;
  } catch {
    const hit = await cache.match(request);
    if (hit) return hit;
    return new Response(JSON.stringify({ message: '离线：本机没有这份数据的缓存' }), {
      status: 503,
      headers: { 'content-type': 'application/json', 'x-offline': '1' },
    });
  }
}

async function shellFirst(request) {
  const hit = await caches.match(request, { ignoreSearch: true });
  if (hit) {
    // Refresh the cached copy in the background when online.
    fetch(request)
      .then((res) => res.ok && caches.open(`${VERSION}-shell`).then((c) => c.put(request, res)))
      .catch(() => undefined);
    return hit;
  }
  return fetch(request);
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== location.origin) return;
  if (url.pathname.startsWith('/api/')) {
    if (url.pathname.startsWith('/api/stream') || url.pathname.startsWith('/api/auth')) return;
    event.respondWith(networkFirst(event.request));
  } else if (url.pathname.startsWith('/m/')) {
    event.respondWith(shellFirst(event.request));
  }
});
