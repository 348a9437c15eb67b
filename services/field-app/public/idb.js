// IndexedDB, the little of it the app needs: the outbox (records waiting to be sent) and the photos
// taken on this phone, by their SHA-256 (shown before the evidence store has them, and uploaded from here).
const DB = 'chuangwen-field';

let opened;
function db() {
  opened ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore('outbox', { keyPath: 'id' });
      req.result.createObjectStore('photos', { keyPath: 'sha256' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  return opened;
}

async function tx(store, mode, work) {
  const d = await db();
  return new Promise((resolve, reject) => {
    const t = d.transaction(store, mode);
    const req = work(t.objectStore(store));
    t.oncomplete = () => resolve(req?.result);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error);
  });
}

/** The outbox's store, as createOutbox takes it. */
export const outboxStore = {
  all: () => tx('outbox', 'readonly', (s) => s.getAll()),
  put: (entry) => tx('outbox', 'readwrite', (s) => s.put(entry)).then(() => undefined),
  remove: (id) => tx('outbox', 'readwrite', (s) => s.delete(id)).then(() => undefined),
};

export const photos = {
  put: (sha256, blob, meta = {}) =>
    tx('photos', 'readwrite', (s) => s.put({ sha256, blob, ...meta })).then(() => undefined),
  get: (sha256) => tx('photos', 'readonly', (s) => s.get(sha256)),
};
