import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ManualClock } from '@chuangwen/contracts';
import { describeIntegration } from '@chuangwen/testing';
import { startPlatform, TestPlatform } from '../../platform/src/testing/platform';

const DISTRICT = '620102';
const STREET = '620102001';
const PHONE = '13812345678';
const ARTIFACTS = join(__dirname, '../../../test-artifacts');
type Json = any;
type Doc = {
  document: {
    querySelector(s: string): { textContent: string | null; hidden?: boolean } | null;
    body: { innerText: string };
  };
};

describeIntegration(
  'browser',
  'the 随手拍 page in headless Chromium on a phone: an anonymous report through to its closing, then a reopen',
  (executable) => {
    let platform: TestPlatform;
    let base: string;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let token: string;
    let staff: string;
    let communities: string[];
    const pageErrors: string[] = [];
    const clock = new ManualClock(new Date('2025-06-01T02:00:00Z'));

    const api = async (path: string, bearer: string, body?: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method: body ? 'POST' : 'GET',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, body: (await res.json()) as Json };
    };
    const textOf = (selector: string) =>
      page
        .waitForFunction(
          (s) => (globalThis as unknown as Doc).document.querySelector(s)?.textContent?.trim() || false,
          selector,
          { timeout: 15_000 },
        )
        .then((h) => h.jsonValue() as Promise<string>);
    const shows = (selector: string, value: string) =>
      page.waitForFunction(
        ([s, v]) => (globalThis as unknown as Doc).document.querySelector(s)?.textContent === v,
        [selector, value],
        { timeout: 15_000 },
      );

    beforeAll(async () => {
      platform = await startPlatform({
        name: 'report-page',
        clock,
        region: DISTRICT,
        listen: true,
        settings: { OVERDUE_SCAN_INTERVAL_MS: 0, GRID_DISPATCH_INTERVAL_MS: 0 },
      });
      base = platform.url;
      communities = await platform.children(STREET);
      token = await platform.token(STREET, ['street'], 'street-office');
      staff = await platform.token(communities[0], ['community'], 'staff-1');
      mkdirSync(ARTIFACTS, { recursive: true });
      browser = await chromium.launch({ executablePath: executable(), headless: true, args: ['--no-sandbox'] });
      // A phone: small viewport, touch, Chinese, GPS granted at a point in 城关区.
      context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        locale: 'zh-CN',
        geolocation: { latitude: 36.0611, longitude: 103.8343, accuracy: 10 },
        permissions: ['geolocation'],
      });
      page = await context.newPage();
      page.on('pageerror', (e) => pageErrors.push(e.message));
    }, 90_000);
    afterAll(async () => {
      await browser?.close();
      await platform?.close();
    });

    it('reports anonymously, follows the rectification to its closing, and reopens it', async () => {
      await page.goto(`${base}/report/?j=${DISTRICT}`);
      await page.waitForFunction(
        () =>
          (
            (globalThis as unknown as Doc).document.querySelector('#community') as unknown as {
              options: unknown[];
            } | null
          )?.options.length,
        undefined,
        { timeout: 15_000 },
      );
      await page.selectOption('#street', STREET);
      await page.selectOption('#community', communities[0]);
      await page.tap('#locate');
      // Waits through "定位中…" (the page says it is locating while the position comes): the position shown.
      await shows('#gps', '已定位：36.0611, 103.8343');
      await page.selectOption('#category', 'illegal_posting');
      await page.fill('#address', '和平路12号东侧电线杆');
      await page.fill('#description', '电线杆上张贴小广告');
      await page.fill('#phone', PHONE);
      // A photo from the camera: uploaded to the evidence store as soon as it is chosen.
      const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 30 } } })
        .jpeg()
        .toBuffer();
      await page.setInputFiles('#photo', { name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: jpeg });
      await shows('#photo-state', '照片已上传');
      await page.screenshot({ path: join(ARTIFACTS, 'report-page-form.png'), fullPage: true });
      await page.tap('#submit');
      const code = await textOf('#tracking-code');
      expect(code).toMatch(/^[A-HJKMNP-Z2-9]{10}$/);
      await page.screenshot({ path: join(ARTIFACTS, 'report-page-receipt.png'), fullPage: true });

      // The street office sees it (contact masked), accepts it; the community rectifies; the office verifies.
      const listed = await api(`/api/residents/reports?jurisdictionCode=${STREET}`, token);
      const report = listed.body.items.find((r: Json) => r.trackingCode === code);
      expect(report.media).toEqual([`/api/residents/public/photos/${createHash('sha256').update(jpeg).digest('hex')}`]);
      expect(report).toMatchObject({
        communityCode: communities[0],
        category: 'illegal_posting',
        lat: 36.0611,
        long: 103.8343,
        contactMasked: { phoneMasked: '138****5678' },
      });
      await page.tap('#see-status');
      await shows('#status-stage', '已收到，待立案');
      // The status page shows the photo, loaded from the platform.
      await page.waitForFunction(
        () => {
          type Img = { complete: boolean; naturalWidth: number; hidden: boolean };
          const img = (
            globalThis as unknown as { document: { querySelector(s: string): Img | null } }
          ).document.querySelector('#status-photo');
          return !!img && !img.hidden && img.complete && img.naturalWidth === 64;
        },
        undefined,
        { timeout: 15_000 },
      );
      expect((await api(`/api/residents/reports/${report.reportId}/accept`, token, { note: '属实' })).status).toBe(201);
      expect(
        (
          await api('/api/rectifications', token, {
            problemId: report.reportId,
            deadline: '2025-06-05',
            requirements: '清除小广告',
          })
        ).status,
      ).toBe(201);
      await page.tap('#track-form button');
      await shows('#status-stage', '已下发整改通知');
      expect(await textOf('#status-deadline')).toBe('整改期限：2025-06-05');
      expect(
        (
          await api(`/api/rectifications/${report.reportId}/submission`, staff, {
            description: '已清除',
            evidence: [{ kind: 'photo', ref: 'after-1' }],
          })
        ).status,
      ).toBe(200);
      const office = await platform.token(DISTRICT, ['office'], 'chengguan-office');
      expect((await api(`/api/rectifications/${report.reportId}/verification`, office, {})).status).toBe(200);
      await page.tap('#track-form button');
      await shows('#status-badge', '已办结');
      await shows('#status-stage', '已整改，结案');
      const steps = await page.locator('#timeline li').allTextContents();
      expect(steps.map((s) => s.replace(/^.*?\d{2}:\d{2}:\d{2}/, ''))).toEqual([
        '已收到，待立案',
        '已立案：属实',
        '已下发整改通知：整改期限 2025-06-05',
        '整改已提交，待核查',
        '已整改，结案',
      ]);
      await page.screenshot({ path: join(ARTIFACTS, 'report-page-closed.png'), fullPage: true });

      // "Closed, not fixed": the reopen form shows on the reporter's own phone (the secret is kept there).
      await page.waitForSelector('#reopen-form:not([hidden])');
      await page.fill('#reopen-reason', '小广告又贴回来了');
      await page.tap('#reopen');
      await shows('#status-badge', '办理中');
      await shows('#status-stage', '群众反映未整改到位，已重新打开，待再次立案');
      expect((await api(`/api/residents/figures/${STREET}`, token)).body).toEqual([
        expect.objectContaining({ streetCode: STREET, reports: 1, accepted: 1, reopened: 1 }),
      ]);

      // Nothing personal on the page, before or after; no script error.
      const body = await page.evaluate(() => (globalThis as unknown as Doc).document.body.innerText);
      expect(body).not.toContain(PHONE);
      expect(body).not.toContain('138****5678');
      expect(pageErrors).toEqual([]);
    }, 90_000);
  },
);
