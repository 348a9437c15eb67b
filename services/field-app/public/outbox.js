// The outbox: every record made on the phone is queued first and sent from here, online or not, so
// there is one path. Pure logic: the store (IndexedDB in the app, a Map in tests) and the transport
// (fetch) are passed in. Each entry carries the client-chosen id it was made with, so a resend after a
// lost answer is recognised by the API as done, never recorded twice.

/** What a send came to: delivered, refused for good (the 4xx's message kept), or to be tried again. */
export function outcome(status, body) {
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  // 404 on an upload: the evidence store is not deployed here yet; keep the photo and try later.
  if (status === 404 && body?.waitIfMissing) return { kind: 'retry', reason: body.message };
  if (status === 408 || status === 429 || status >= 500)
    return { kind: 'retry', reason: `服务器暂不可用（${status}），稍后自动重发` };
  if (status === 401) return { kind: 'retry', reason: '登录已失效，请重新登录后自动重发', stop: true };
  return { kind: 'refused', reason: refusal(status, body) };
}

/** The API's 4xx answer in words: status, the field it names (details.field) and its message (a list of field messages joined). */
export function refusal(status, body) {
  const message = [].concat(body?.message ?? body?.error ?? `HTTP ${status}`).join('；');
  const field = body?.details?.field;
  return field ? `${status}：${field}：${message}` : `${status}：${message}`;
}

/**
 * @param store  { all(): Promise<Entry[]>, put(entry): Promise<void>, remove(id): Promise<void> }
 * @param send   (entry) => Promise<{ status, body }>; rejects when there is no network
 * @param now    () => ISO time
 */
export function createOutbox({ store, send, now = () => new Date().toISOString(), onChange = () => {} }) {
  let running = null;
  let seq = 0;

  async function add(entry) {
    const e = { attempts: 0, state: 'pending', createdAt: now(), seq: Date.now() * 1000 + (seq++ % 1000), ...entry };
    await store.put(e);
    onChange();
    return e;
  }

  /** Entries in the order they were made (a problem's photo before the problem). */
  const entries = async () => (await store.all()).sort((a, b) => a.seq - b.seq);

  /**
   * Sends pending entries in order. No network: stops, all kept. A retry (5xx, 429, a missing evidence
   * store) is kept and the rest still go (they are independent records). A refusal is kept, visible,
   * with its reason, until the user discards it. One flush at a time.
   */
  function flush() {
    running ??= (async () => {
      const report = { delivered: 0, refused: 0, kept: 0, offline: false };
      try {
        const all = (await entries()).filter((e) => e.state !== 'refused');
        const waiting = new Set((await entries()).map((e) => e.id));
        const untried = new Set(all.map((e) => e.id));
        // Passes until nothing more can go: a record naming photos goes after them (the API refuses a
        // ref to a photo it does not have), even if it was queued first.
        for (let progress = true; progress && !report.offline && !report.stopped;) {
          progress = false;
          for (const entry of all) {
            if (!untried.has(entry.id) || (entry.dependsOn ?? []).some((id) => waiting.has(id))) continue;
            untried.delete(entry.id);
            let answer;
            try {
              answer = await send(entry);
            } catch {
              report.offline = true;
              break;
            }
            const o = outcome(answer.status, answer.body);
            if (o.kind === 'delivered') {
              await store.remove(entry.id);
              waiting.delete(entry.id);
              report.delivered++;
              progress = true;
            } else {
              await store.put({
                ...entry,
                attempts: entry.attempts + 1,
                state: o.kind === 'refused' ? 'refused' : 'pending',
                reason: o.reason,
                lastTriedAt: now(),
              });
              o.kind === 'refused' ? report.refused++ : report.kept++;
              if (o.stop) report.stopped = true;
              if (o.stop) break;
            }
            onChange();
          }
        }
        if (!report.offline) {
          for (const entry of all.filter((e) => untried.has(e.id))) {
            const before = (entry.dependsOn ?? []).filter((id) => waiting.has(id)).length;
            if (!before) continue;
            await store.put({ ...entry, reason: `等待 ${before} 张照片上传后发送` });
            report.kept++;
          }
        }
      } finally {
        running = null;
        onChange();
      }
      return report;
    })();
    return running;
  }

  async function discard(id) {
    await store.remove(id);
    onChange();
  }

  return { add, entries, flush, discard };
}

/** A Map-backed store, for tests and for browsers without IndexedDB. */
export function memoryStore() {
  const m = new Map();
  return {
    all: async () => [...m.values()].map((e) => ({ ...e })),
    put: async (e) => void m.set(e.id, { ...e }),
    remove: async (id) => void m.delete(id),
  };
}
