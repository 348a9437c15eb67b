import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ManualClock } from '@chuangwen/contracts';
import { describeIntegration } from '@chuangwen/testing';
import { startPlatform, TestPlatform } from '../../platform/src/testing/platform';
import { DISTRICT, scriptTwoMonths, STREET } from './testing/two-months';

const ARTIFACTS = join(__dirname, '../../../test-artifacts');
type Json = any; // API answers, looked into by the assertions
/** The little of the DOM the in-page functions touch (the project compiles without lib "dom"). */
type Page$ = {
  document: {
    querySelector(s: string): { textContent: string | null } | null;
    body: { dataset: Record<string, string | undefined> };
  };
};

describeIntegration(
  'browser',
  'reports in headless Chromium: the bulletin page and its PDF, trend charts, rank changes, warnings, Excel downloads',
  (executable) => {
    let platform: TestPlatform;
    let base: string;
    let browser: Browser;
    let page: Page;
    let c: string[];
    let tokens: Record<string, string>;
    const pageErrors: string[] = [];
    const clock = new ManualClock(new Date('2025-05-01T02:00:00Z'));
    const api = async (path: string) =>
      (
        await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${tokens.office}` } })
      ).json() as Promise<Json>;
    const snap = async (name: string, target: Page | ReturnType<Page['getByTestId']> = page) => {
      await page.waitForTimeout(600); // charts animate for 300 ms
      await target.screenshot({
        path: join(ARTIFACTS, `reports-${name}.png`),
        ...(target === page ? { fullPage: true } : {}),
      });
    };

    beforeAll(async () => {
      platform = await startPlatform({
        name: 'reports-browser',
        clock,
        listen: true,
        settings: { OVERDUE_SCAN_INTERVAL_MS: 0, EVALUATION_DAY_CHECK_MS: 0 },
      });
      base = platform.url;
      ({ c, tokens } = await scriptTwoMonths(platform.app, base, clock));
      mkdirSync(ARTIFACTS, { recursive: true });
      browser = await chromium.launch({ executablePath: executable(), headless: true, args: ['--no-sandbox'] });
      page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'zh-CN', acceptDownloads: true });
      page.on('pageerror', (e) => pageErrors.push(e.message));
    }, 180_000);
    afterAll(async () => {
      await browser?.close();
      await platform?.close();
    });

    it('renders the June bulletin as a page: the figures the API gives, and prints it to a PDF with the CJK font', async () => {
      const res = await fetch(`${base}/api/reports/bulletin/${STREET}?month=2025-06`, {
        headers: { authorization: `Bearer ${tokens.office}` },
      });
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      await page.setContent(await res.text(), { waitUntil: 'load' });
      expect(await page.locator('h1').textContent()).toBe(
        '靖城街道文明社区创建督查通报'.replace('靖城街道', (await api(`/api/jurisdictions/${STREET}`)).name),
      );
      expect(await page.getByTestId('inspections').textContent()).toBe('1');
      expect(await page.getByTestId('on-time').textContent()).toBe('1');
      expect(await page.getByTestId('late').textContent()).toBe('1');
      const f = (await api(`/api/scores/${STREET}?asOf=2025-06-30`)).figures;
      expect(await page.getByTestId('figures').textContent()).toContain(`平均总分 ${f.meanTotal.toFixed(2)}`);
      expect(await page.getByTestId('at-risk').locator('tr', { hasText: '89.00' }).count()).toBe(1);
      await page.setViewportSize({ width: 820, height: 1100 });
      await snap('bulletin');
      await page.setViewportSize({ width: 1400, height: 1000 });

      const pdf = await fetch(`${base}/api/reports/bulletin/${STREET}/pdf?month=2025-06`, {
        headers: { authorization: `Bearer ${tokens.office}` },
      });
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      const bytes = Buffer.from(await pdf.arrayBuffer());
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect(bytes.toString('latin1')).toMatch(/WenQuanYi/); // the font embedded (a subset), so it prints anywhere
      writeFileSync(join(ARTIFACTS, 'reports-bulletin.pdf'), bytes);
    }, 90_000);

    it('shows a street’s trend, each row’s change since last month, and the early-warning list on the dashboard', async () => {
      await page.goto(`${base}/`);
      await page.getByTestId('signin-jurisdiction').fill(DISTRICT);
      await page.getByTestId('signin-role').selectOption('office');
      await page.getByTestId('signin-submit').click();
      await page.waitForFunction(
        (code) => (globalThis as unknown as Page$).document.body.dataset.loaded === code,
        DISTRICT,
        { timeout: 20_000 },
      );
      // As of 30 June: the changes are against 31 May, before the strong communities' June activities.
      await page.goto(`${base}/#/${STREET}?asOf=2025-06-30`);
      await page.waitForFunction(
        (code) => (globalThis as unknown as Page$).document.body.dataset.loaded === code,
        STREET,
        { timeout: 20_000 },
      );
      await page.waitForSelector('[data-testid="chart-trend"][data-points="ready"]', { timeout: 30_000 });
      await page.waitForSelector('[data-testid="warnings"]', { timeout: 30_000 });
      // Rank changes: the roll-up's children as of 30 June against the same roll-up as of 31 May.
      const now = (await api(`/api/scores/${STREET}?asOf=2025-06-30`)).children;
      const then = new Map(
        (await api(`/api/scores/${STREET}?asOf=2025-05-31`)).children.map((x: Json) => [x.code, x.rank]),
      );
      const shown: string[] = [];
      for (const row of now) {
        const d = (then.get(row.code) as number) - row.rank;
        shown.push((await page.getByTestId(`change-${row.code}`).textContent())!);
        expect(shown[shown.length - 1]).toBe(d > 0 ? `↑${d}` : d < 0 ? `↓${-d}` : '—');
      }
      expect(shown.some((x) => x.startsWith('↑'))).toBe(true);
      const warned = await page
        .locator('[data-testid="warnings"] tbody tr')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-code')));
      const w = await api(`/api/reports/early-warning/${STREET}?asOf=2025-06-30`);
      expect(warned).toEqual(w.communities.slice(0, 30).map((x: Json) => x.code));
      expect(warned).toContain(c[4]);
      await snap('street');
      await snap('trend-chart', page.getByTestId('chart-trend'));
      expect(pageErrors).toEqual([]);
    }, 90_000);

    it('downloads the ranking as .xlsx from the button, and a community’s trend chart shows', async () => {
      await page.goto(`${base}/#/${STREET}`);
      await page.waitForFunction(
        (code) => (globalThis as unknown as Page$).document.body.dataset.loaded === code,
        STREET,
        { timeout: 20_000 },
      );
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('xlsx-ranking').click()]);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(readFileSync((await download.path())!) as never);
      const ws = wb.worksheets[1];
      expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([
        '名次',
        '较上期',
        '上期名次',
        '代码',
        '名称',
        '总分',
        '达标',
        '一票否决',
        '短板数',
        '评价日',
      ]);
      expect(ws.rowCount - 1).toBe(c.length);
      await page.goto(`${base}/#/${c[4]}`);
      await page.waitForFunction(
        (code) => (globalThis as unknown as Page$).document.body.dataset.loaded === code,
        c[4],
        { timeout: 20_000 },
      );
      await page.waitForSelector('[data-testid="chart-trend"][data-points="ready"]', { timeout: 30_000 });
      await snap('community-trend', page.getByTestId('chart-trend'));
      expect(pageErrors).toEqual([]);
    }, 90_000);
  },
);
