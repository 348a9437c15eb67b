import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ManualClock } from '@chuangwen/contracts';
import { factEvents, toAppend } from '@chuangwen/scoring/testing';
import { loadShippedStandards } from '@chuangwen/scoring-engine';
import { describeIntegration } from '@chuangwen/testing';
import { strongCommunity } from '../../../libs/scoring-engine/src/spec/communities';
import { startPlatform, TestPlatform } from '../../platform/src/testing/platform';

// 城关区 (620102) of 兰州市 (620100), scored by the shipped 甘肃 standard; the office signs in for the city.
const CITY = '620100';
const DISTRICT = '620102';
const STREET = '620102001';
const ARTIFACTS = join(__dirname, '../../../test-artifacts');
const two = (x: number | null) => (x === null ? '—' : x.toFixed(2));
const percent = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

/** The API's answers, as JSON the assertions below look into. */
type Json = any;
/** The little of the DOM the in-page functions touch (the project compiles without lib "dom"). */
type Page$ = {
  document: {
    querySelector(s: string): { textContent: string | null } | null;
    body: { dataset: Record<string, string | undefined> };
  };
  location: { hash: string };
  notReloaded?: boolean;
};

describeIntegration(
  'browser',
  'city dashboard in headless Chromium: sign in, drill down, live update, as-of',
  (executable) => {
    let platform: TestPlatform;
    let base: string;
    let browser: Browser;
    let page: Page;
    let token: string;
    let communities: string[];
    const pageErrors: string[] = [];
    const clock = new ManualClock(new Date('2025-06-30T02:00:00Z'));

    const api = async (path: string, init: RequestInit = {}) => {
      const res = await fetch(`${base}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
      });
      return { status: res.status, body: (res.status === 204 ? null : await res.json()) as Json };
    };
    const text = (testid: string) => page.getByTestId(testid).textContent();
    /** Waits until an element shows exactly `value` (the page updates itself; nothing reloads). */
    const shows = (testid: string, value: string) =>
      page.waitForFunction(
        ([id, v]) =>
          (globalThis as unknown as Page$).document.querySelector(`[data-testid="${id}"]`)?.textContent === v,
        [testid, value],
        { timeout: 15_000 },
      );
    /** Charts animate for 300 ms: a screenshot waits them out (only screenshots; assertions read the text). */
    const snap = async (name: string) => {
      await page.waitForTimeout(600);
      await page.screenshot({ path: join(ARTIFACTS, `dashboard-${name}.png`), fullPage: true });
    };
    const loaded = (code: string) =>
      page.waitForFunction((c) => (globalThis as unknown as Page$).document.body.dataset.loaded === c, code, {
        timeout: 15_000,
      });

    beforeAll(async () => {
      platform = await startPlatform({ name: 'dashboard', clock, region: DISTRICT, listen: true });
      base = platform.url;
      const { store, host } = platform;
      communities = await platform.children(STREET);
      // Two strong communities (as the inspections service will record them), so the figures differ.
      for (const code of communities.slice(0, 2)) {
        for (const e of factEvents(code, strongCommunity()))
          await store.append(`facts-${code}`, [toAppend(e, code)], { expectedRevision: 'any' });
      }
      await host.waitForCatchUp();
      token = await platform.token(CITY, ['office'], 'test');
      mkdirSync(ARTIFACTS, { recursive: true });
      browser = await chromium.launch({ executablePath: executable(), headless: true, args: ['--no-sandbox'] });
      page = await browser.newPage({ viewport: { width: 1400, height: 1100 }, locale: 'zh-CN' });
      page.on('pageerror', (e) => pageErrors.push(e.message));
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await platform?.close();
    });

    it('signs in with a development token for the city office and shows the city with its districts', async () => {
      await page.goto(`${base}/`);
      await page.getByTestId('signin-jurisdiction').fill(CITY);
      await page.getByTestId('signin-role').selectOption('office');
      await page.getByTestId('signin-submit').click();
      await loaded(CITY);
      expect(await text('crumb-here')).toBe('兰州市');
      const city = (await api(`/api/scores/${CITY}`)).body;
      expect(await text('kpi-communities')).toBe(String(city.figures.communities));
      expect(await page.getByTestId(`drill-${DISTRICT}`).textContent()).toBe('城关区');
    }, 60_000);

    it('drills down to a street and a community; the figures on screen are the API’s', async () => {
      await page.getByTestId(`drill-${DISTRICT}`).click();
      await loaded(DISTRICT);
      await page.getByTestId(`drill-${STREET}`).click();
      await loaded(STREET);
      const street = (await api(`/api/scores/${STREET}`)).body;
      expect(await text('crumb-here')).toBe(street.jurisdiction.name);
      expect(await text('kpi-mean')).toBe(two(street.figures.meanTotal));
      expect(await text('kpi-pass-rate')).toBe(percent(street.figures.passRate));
      expect(street.figures.passed).toBe(2);
      const district = (await api(`/api/scores/${DISTRICT}`)).body;
      const place = district.children.find((c: { code: string }) => c.code === STREET);
      await shows('sibling-rank', `在城关区的 ${district.children.length} 个街道中排第 ${place.rank}`);
      const rows = await page
        .locator('[data-testid="ranking"] tbody tr')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-code')));
      expect(rows).toEqual(street.children.map((c: { code: string }) => c.code));
      // Figures of the inspections and awards services; where one is not deployed (404) the page says so.
      const rect = await api(`/api/rectifications/counts/${STREET}`);
      expect(await text('kpi-rectifications')).toBe(
        rect.status === 404 ? '暂无数据' : `${rect.body.open} / ${rect.body.overdue}`,
      );
      const escalated = await api(`/api/escalations/counts/${STREET}`);
      expect(await text('kpi-escalations')).toBe(
        escalated.status === 404 ? '暂无数据' : `${escalated.body.open} / ${escalated.body.supervised}`,
      );
      const titles = await api(`/api/awards/coverage/${STREET}`);
      if (titles.status === 404) expect(await text('kpi-titles')).toBe('暂无数据');
      else expect(await text('kpi-titles')).toMatch(/^\d+(\.\d)?%$/);
      await snap('street');

      const weak = communities[2];
      await page.getByTestId(`drill-${weak}`).click();
      await loaded(weak);
      const card = (await api(`/api/scores/${weak}`)).body.scorecard;
      expect(await text('community-total')).toBe(two(card.total));
      expect(await text('community-gaps')).toBe(String(card.gaps.length));
    }, 60_000);

    it('shows an activity posted meanwhile without reloading, and explains the indicator by its events', async () => {
      const weak = communities[2];
      await page.waitForSelector('[data-testid="live"].on');
      await page.evaluate(() => ((globalThis as unknown as Page$).notReloaded = true));
      const before = (await api(`/api/scores/${weak}`)).body.scorecard.total;
      const posted = await api('/api/activities', {
        method: 'POST',
        body: JSON.stringify({
          communityCode: weak,
          kind: 'culture_sports',
          scale: 'large',
          title: '社区运动会',
          organiser: '社区居委会',
          heldAt: '2025-06-20T09:00:00+08:00',
          participants: 300,
        }),
      });
      expect(posted.status).toBe(201);
      const after = await waitFor(
        async () => (await api(`/api/scores/${weak}`)).body.scorecard.total,
        (t) => t > before,
      );
      await shows('community-total', two(after));
      await shows('community-activities', '1');
      expect(await page.evaluate(() => (globalThis as unknown as Page$).notReloaded)).toBe(true);
      expect(await text('updated')).toMatch(/^更新于 \d\d:\d\d:\d\d$/);

      const culture = loadShippedStandards()
        .find((s) => s.id === 'gansu-civilized-community')!
        .categories.flatMap((c) => c.indicators)
        .find((i) => i.rule.kind === 'event_count_min' && i.rule.activityKinds.includes('culture_sports'))!;
      await page.getByTestId(`indicator-${culture.id}`).click();
      await page.waitForSelector('[data-testid="explain-events"] li');
      expect(await page.getByTestId('explain-events').textContent()).toContain('活动开展');
      await snap('community');
    }, 60_000);

    it('re-queries as of a past day from the date picker', async () => {
      await page.goto(`${base}/#/${STREET}`);
      await loaded(STREET);
      await page.getByTestId('as-of').fill('2025-06-01');
      await page.waitForFunction(() => (globalThis as unknown as Page$).location.hash.includes('asOf=2025-06-01'));
      const asOf = (await api(`/api/scores/${STREET}?asOf=2025-06-01`)).body;
      await shows('kpi-mean', two(asOf.figures.meanTotal));
      expect(await text('kpi-pass-rate')).toBe(percent(asOf.figures.passRate));
      expect(pageErrors).toEqual([]);
    }, 60_000);

    it('toggles to what the platform showed at the end of that day, beside the date', async () => {
      // Its facts happened before 1 June but were recorded on 30 June: as of 1 June they count, as known on 1 June they do not.
      const asOf = (await api(`/api/scores/${STREET}?asOf=2025-06-01`)).body;
      const shown = (await api(`/api/scores/${STREET}?knownAt=2025-06-01T23:59:59%2B08:00`)).body;
      expect(shown.figures.meanTotal).not.toBe(asOf.figures.meanTotal);
      expect(await page.getByTestId('revised').isVisible()).toBe(true);
      await snap('as-of');
      await page.getByTestId('known-on').check();
      await page.waitForFunction(() => (globalThis as unknown as Page$).location.hash.includes('knownOn=2025-06-01'));
      await shows('kpi-mean', two(shown.figures.meanTotal));
      expect(await text('standard')).toContain('2025-06-01 当日所见');
      expect(await page.getByTestId('revised').isVisible()).toBe(false);
      await snap('known-on');
      await page.getByTestId('known-on').uncheck();
      await shows('kpi-mean', two(asOf.figures.meanTotal));
      expect(pageErrors).toEqual([]);
    }, 60_000);
  },
);

/** Polls `read` until `ok` (projections catch up asynchronously). */
async function waitFor<T>(read: () => Promise<T>, ok: (t: T) => boolean, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}
