// The live stream: score changes from /api/stream/scores (server-sent events), debounced.
import { session } from './api.js';
import { time } from './format.js';

export class Live {
  /** `onChange(codes)` runs at most once per `wait` ms with the codes changed meanwhile. */
  constructor(scope, onChange, wait = 400) {
    this.badge = document.getElementById('live');
    this.updated = document.getElementById('updated');
    this.pending = new Set();
    this.source = new EventSource(
      `/api/stream/scores?code=${scope}&access_token=${encodeURIComponent(session.token())}`,
    );
    this.source.addEventListener('ready', () => this.state(true));
    this.source.addEventListener('scores', (e) => {
      for (const c of JSON.parse(e.data).changed) this.pending.add(c.code);
      clearTimeout(this.timer);
      this.timer = setTimeout(async () => {
        const codes = [...this.pending];
        this.pending.clear();
        if (await onChange(codes)) this.updated.textContent = `更新于 ${time()}`;
      }, wait);
    });
    // EventSource reconnects by itself; the badge shows while it is away.
    this.source.onerror = () => this.state(false);
  }

  state(on) {
    this.badge.classList.toggle('on', on);
    this.badge.title = on ? '实时连接正常' : '实时连接中断，正在重连';
  }

  close() {
    clearTimeout(this.timer);
    this.source.close();
    this.state(false);
  }
}
