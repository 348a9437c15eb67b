import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
import { ManualClock, problemStream } from '@chuangwen/contracts';
import type { EventStore } from '@chuangwen/event-store';
import { RectificationEscalationScheduler, RectificationOverdueScheduler } from '@chuangwen/inspections';
import { toDay } from '@chuangwen/scoring-engine';
import { describeIntegration } from '@chuangwen/testing';
import { startPlatform, TestPlatform } from '../../platform/src/testing/platform';

// 城关区 (620102), 兰州: the 甘肃 standard is in force; one street and its first community.
const DISTRICT = '620102';
const STREET = '620102001';
const INSPECTOR = '测评员张敏';
const GPS = { latitude: 36.061089, longitude: 103.834304 };
// Screenshots go to test-artifacts/; SCREENSHOTS_DIR=docs/images renews the ones docs/field-work.md shows.
const IMAGES = process.env.SCREENSHOTS_DIR
  ? resolve(process.env.SCREENSHOTS_DIR)
  : join(__dirname, '../../../test-artifacts');
const DAY = 86_400_000;

type Json = any;
/** The little of the page's world the in-page functions touch (the project compiles without lib "dom"). */
type Win = {
  navigator: { serviceWorker: { controller: unknown } };
  document: { querySelector(s: string): { textContent: string | null; dataset: Record<string, string> } | null };
};

const jpeg = (r: number, g: number, b: number) =>
  sharp({ create: { width: 96, height: 72, channels: 3, background: { r, g, b } } })
    .jpeg({ quality: 80 })
    .toBuffer();
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describeIntegration(
  'browser',
  'field app (/m/) on a phone in headless Chromium: offline inspection, work list, verification',
  (executable) => {
    let platform: TestPlatform;
    let base: string;
    let store: EventStore;
    let browser: Browser;
    let community: string;
    let inspectionId: string;
    let problemId: string;
    const before = { buffer: Buffer.alloc(0), hex: '' };
    const after = { buffer: Buffer.alloc(0), hex: '' };
    const clock = new ManualClock(new Date());
    const today = () => toDay(clock.now());
    const pageErrors: string[] = [];
    const tokens = new Map<string, string>();

    const token = async (sub: string, jurisdiction: string, role: string) => {
      const key = `${sub}/${jurisdiction}/${role}`;
      if (!tokens.has(key)) tokens.set(key, await platform.token(jurisdiction, [role], sub));
      return tokens.get(key)!;
    };
    const office = () => token('城关区文明办', DISTRICT, 'office');
    const api = async (path: string, init: RequestInit & { as?: string } = {}) => {
      const res = await fetch(`${base}${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${init.as ?? (await office())}`,
          'content-type': 'application/json',
          ...init.headers,
        },
      });
      return { status: res.status, body: (await res.json().catch(() => null)) as Json };
    };
    const problem = async (id: string) => (await api(`/api/rectifications/${id}`)).body;
    const snap = (page: Page, name: string, fullPage = true) =>
      page.screenshot({ path: join(IMAGES, `field-${name}.png`), fullPage });

    /** A phone: 360×740 CSS px, touch, the inspection point's GPS, Chinese. */
    async function phone(
      sub: string,
      jurisdiction: string,
      role: string,
    ): Promise<{ context: BrowserContext; page: Page }> {
      const context = await browser.newContext({
        viewport: { width: 360, height: 740 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        locale: 'zh-CN',
        geolocation: GPS,
        permissions: ['geolocation'],
      });
      const page = await context.newPage();
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.goto(`${base}/m/`);
      await page.getByTestId('signin-name').fill(sub);
      await page.getByTestId('signin-jurisdiction').fill(jurisdiction);
      await page.getByTestId('signin-role').selectOption(role);
      await page.getByTestId('signin-submit').click();
      await page.waitForFunction(() => !!(globalThis as unknown as Win).navigator.serviceWorker.controller, null, {
        timeout: 15_000,
      });
      return { context, page };
    }
    const waitBadge = (page: Page, pending: number, refused = 0) =>
      page
        .waitForFunction(
          ([p, r]) => {
            const b = (globalThis as unknown as Win).document.querySelector('[data-testid="queue-badge"]');
            return b?.dataset.pending === String(p) && b?.dataset.refused === String(r);
          },
          [pending, refused],
          { timeout: 20_000 },
        )
        .catch(async (e) => {
          throw new Error(
            `${(e as Error).message}; the badge shows ${await page.getByTestId('queue-badge').textContent()}; the page: ${(await page.locator('main').textContent())?.slice(0, 400)}`,
          );
        });

    beforeAll(async () => {
      platform = await startPlatform({
        name: 'field-app',
        clock,
        region: DISTRICT,
        listen: true,
        settings: { OVERDUE_SCAN_INTERVAL_MS: 0, ESCALATION_SCAN_INTERVAL_MS: 0 },
      });
      ({ url: base, store } = platform);
      community = (await platform.children(STREET))[0];
      before.buffer = await jpeg(150, 110, 60);
      before.hex = sha256(before.buffer);
      after.buffer = await jpeg(60, 160, 80);
      after.hex = sha256(after.buffer);
      mkdirSync(IMAGES, { recursive: true });
      browser = await chromium.launch({ executablePath: executable(), headless: true, args: ['--no-sandbox'] });
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await platform?.close();
    });

    it('the outbox (plain module, in the browser): order, offline, retries, refusals with their field, photos first', async () => {
      const page = await browser.newPage();
      await page.goto(`${base}/m/manifest.webmanifest`); // any page of the origin, to import the module from
      // In-page code as text: the test's own compiler would rewrite a dynamic import() for Node.
      const result: Json = await page.evaluate(`import('/m/outbox.js').then(async ({ createOutbox, memoryStore }) => {
        const answers = { a: [{ status: 201 }], b: [{ status: 503 }, { status: 201 }], c: [{ status: 422, body: { message: 'points must not exceed 6', details: { field: 'points' } } }], d: [{ status: 201 }] };
        let online = false;
        const sent = [];
        const send = async (e) => { if (!online) throw new TypeError('Failed to fetch'); sent.push(e.id); return answers[e.id].shift(); };
        const store = memoryStore();
        let t = 0;
        const box = createOutbox({ store, send, now: () => new Date(Date.UTC(2025, 5, 1, 0, 0, t++)).toISOString() });
        await box.add({ id: 'd', dependsOn: ['b'] });
        await box.add({ id: 'a' });
        await box.add({ id: 'b' });
        await box.add({ id: 'c' });
        const offline = await box.flush();
        online = true;
        const first = await box.flush();
        const afterFirst = (await box.entries()).map((e) => [e.id, e.state, e.reason]);
        const second = await box.flush();
        const left = (await box.entries()).map((e) => [e.id, e.state, e.reason, e.attempts]);
        return { offline, first, afterFirst, second, left, sent };
      })`);
      expect(result.offline).toMatchObject({ offline: true, delivered: 0 });
      // d waits for its photo b; b answers 503 (kept), c is refused with the field named; a is delivered.
      expect(result.first).toMatchObject({ delivered: 1, refused: 1, kept: 2 });
      expect(result.afterFirst).toEqual([
        ['d', 'pending', '等待 1 张照片上传后发送'],
        ['b', 'pending', '服务器暂不可用（503），稍后自动重发'],
        ['c', 'refused', '422：points：points must not exceed 6'],
      ]);
      expect(result.second).toMatchObject({ delivered: 2, refused: 0 });
      expect(result.left).toEqual([['c', 'refused', '422：points：points must not exceed 6', 1]]);
      expect(result.sent).toEqual(['a', 'b', 'c', 'b', 'd']); // a refusal is not sent again by itself
      await page.close();
    });

    it("an inspector opens today's inspection, records a problem with a photo offline, and it arrives once when back online", async () => {
      const scheduled = await api('/api/inspections', {
        method: 'POST',
        body: JSON.stringify({
          communityCode: community,
          kind: 'field_inspection',
          plannedOn: today(),
          inspectors: [INSPECTOR, '测评员李强'],
        }),
      });
      expect(scheduled.status).toBe(201);
      inspectionId = scheduled.body.id;
      // Another inspector's inspection of the day is not on this inspector's list.
      await api('/api/inspections', {
        method: 'POST',
        body: JSON.stringify({
          communityCode: community,
          kind: 'unannounced_visit',
          plannedOn: today(),
          inspectors: ['测评员王五'],
        }),
      });

      const { context, page } = await phone(INSPECTOR, DISTRICT, 'inspector');
      await page.getByTestId(`open-${inspectionId}`).waitFor();
      expect(await page.locator('[data-testid^="open-"]').count()).toBe(1);
      await snap(page, 'today');
      await page.getByTestId(`open-${inspectionId}`).click();
      await page.getByTestId('start').click();
      await page.waitForFunction(
        () =>
          (globalThis as unknown as Win).document.querySelector('[data-testid="inspection-status"]')?.textContent ===
          '实地考察 · 进行中',
        null,
        { timeout: 15_000 },
      );
      expect((await api(`/api/inspections/${inspectionId}`)).body.status).toBe('in_progress');
      // The checklist is the standard's: its inspector-scored items and the facilities its presence rules check.
      const checklist = (await api(`/api/inspections/${inspectionId}/checklist`)).body;
      expect(checklist.items.map((i: Json) => i.indicatorId)).toEqual(expect.arrayContaining(['g1.3', 'g4.1']));
      for (const item of checklist.items) await page.getByTestId(`item-${item.indicatorId}`).waitFor();

      // No network from here on: the app reloads from the service worker's cache, the records queue on the phone.
      await context.setOffline(true);
      await page.reload();
      await page.getByTestId('problem-submit').waitFor();
      expect(await page.getByTestId('inspection-status').textContent()).toBe('实地考察 · 进行中');
      await page.waitForFunction(
        () =>
          (globalThis as unknown as Win).document
            .querySelector('[data-testid="problem-gps"]')
            ?.textContent?.startsWith('GPS'),
        null,
        { timeout: 15_000 },
      );
      await page.getByTestId('problem-category').selectOption('stairwell_blocked');
      await page.getByTestId('problem-description').fill('3号楼2单元楼道堆放杂物，影响通行');
      await page.getByTestId('problem-place').fill('3号楼2单元');
      await page
        .getByTestId('problem-photo')
        .setInputFiles({ name: 'IMG_0417.jpg', mimeType: 'image/jpeg', buffer: before.buffer });
      await page.locator('.photos img').waitFor();
      await page
        .locator('section', { has: page.getByTestId('problems') })
        .screenshot({ path: join(IMAGES, 'field-problem-offline.png') });
      await page.getByTestId('problem-submit').click();
      await page.locator('[data-testid="problems"] li.pending').waitFor(); // the view shows it queued
      await page.getByTestId('points-g4.1').fill('5');
      await page.getByTestId('score-g4.1').click();
      await page.getByTestId('scored-g4.1').waitFor();
      const [found, missing] = checklist.facilities.map((f: Json) => f.facility);
      await page.getByTestId(`facility-${found}-yes`).click();
      await page.getByTestId(`facility-${missing}-no`).click();
      await page.getByTestId('facilities-submit').click();
      // Photo upload, the problem, the score, the facilities: all on the phone, nothing at the platform yet.
      await waitBadge(page, 4);
      expect((await api(`/api/problems?jurisdictionCode=${community}`)).body.total).toBe(0);
      expect(await page.getByTestId('scored-g4.1').textContent()).toBe('5 分（待发送）');
      await page.evaluate('window.scrollTo(0, 0)');
      await snap(page, 'inspection-offline', false);
      // In-page code as text: the test's own compiler would rewrite a dynamic import() for Node.
      const queued: Json[] = await page.evaluate(`import('/m/idb.js').then((m) => m.outboxStore.all())`);
      const record = queued.find((e) => e.action === 'problem');
      problemId = record.id;
      expect(record.body.evidence).toEqual([
        { kind: 'photo', ref: `sha256:${before.hex}` },
        { kind: 'gps_point', ref: `${GPS.latitude},${GPS.longitude}` },
      ]);
      await page.goto(`${base}/m/#/queue`);
      await page.getByTestId(`queue-${problemId}`).waitFor();
      await snap(page, 'queue-offline');

      await context.setOffline(false);
      // Back online the queue empties by itself: the photo first, then the problem naming it, then the score.
      await waitBadge(page, 0);
      const problems = (await api(`/api/problems?jurisdictionCode=${community}`)).body;
      expect(problems.total).toBe(1);
      expect(problems.items[0]).toMatchObject({
        problemId,
        category: 'stairwell_blocked',
        location: '3号楼2单元',
        inspectionId,
        source: 'inspector',
        foundOn: today(),
      });
      expect(problems.items[0].evidence).toEqual(record.body.evidence);
      expect((await api(`/api/inspections/${inspectionId}`)).body.items).toEqual([
        expect.objectContaining({ indicatorId: 'g4.1', points: 5 }),
      ]);
      expect(
        (await api(`/api/inspections/${inspectionId}`)).body.facilities.map((f: Json) => [f.facility, f.present]),
      ).toEqual([
        [found, true],
        [missing, false],
      ]);

      // The same record sent again through the app's own transport (an answer lost on the way) is done, not doubled.
      const resend = await page.evaluate(`import('/m/api.js').then((m) => m.send(${JSON.stringify(record)}))`);
      expect(resend).toMatchObject({ status: 201, body: { id: problemId, events: [] } });
      const stream = await store.readStream(problemStream(problemId));
      expect(stream.filter((e) => e.type === 'ProblemRecorded')).toHaveLength(1);
      await context.close();
    }, 120_000);

    it('a refused record stays in the queue and says why (the field the API named)', async () => {
      const { context, page } = await phone(INSPECTOR, DISTRICT, 'inspector');
      await page.goto(`${base}/m/#/inspection/${inspectionId}`);
      await page.getByTestId('points-g1.3').fill('999');
      await page.getByTestId('score-g1.3').click();
      await waitBadge(page, 0, 1);
      await page.goto(`${base}/m/#/queue`);
      const reason = await page.getByTestId('queue-reason').textContent();
      expect(reason).toMatch(/^422：points：indicator g1\.3 is worth at most \d+ points$/);
      await snap(page, 'queue-refused');
      // The inspection is completed from the phone, with its summary.
      await page.goto(`${base}/m/#/inspection/${inspectionId}`);
      await page.getByTestId('summary').fill('楼道堆物一处，已拍照取证');
      await page.getByTestId('complete').click();
      await waitFor(
        async () => (await api(`/api/inspections/${inspectionId}`)).body.status,
        (s) => s === 'completed',
      );
      expect((await api(`/api/inspections/${inspectionId}`)).body).toMatchObject({
        summary: '楼道堆物一处，已拍照取证',
      });
      await context.close();
    }, 60_000);

    it('the street issues a notice; the community sees it with days left, submits with a photo; the street rejects, then verifies', async () => {
      const street = await phone('街道办刘洋', STREET, 'street');
      await street.page.getByTestId(`notice-${problemId}`).waitFor();
      await street.page.getByTestId(`notice-requirements-${problemId}`).fill('清理楼道杂物，恢复消防通道');
      await street.page.getByTestId(`notice-${problemId}`).click();
      await waitFor(
        async () => (await problem(problemId)).status,
        (s) => s === 'noticed',
      );
      expect((await problem(problemId)).deadline).toBe(toDay(new Date(clock.now().getTime() + 3 * DAY)));

      const staff = await phone('社区网格员', community, 'community');
      await staff.page.getByTestId(`rect-${problemId}`).waitFor();
      expect(await staff.page.getByTestId(`days-left-${problemId}`).textContent()).toBe(
        `期限 ${toDay(new Date(clock.now().getTime() + 3 * DAY))} · 剩余 3 天`,
      );
      await staff.page.getByTestId(`submit-description-${problemId}`).fill('已清理杂物，楼道畅通');
      await staff.page
        .getByTestId(`submit-photo-${problemId}`)
        .setInputFiles({ name: 'IMG_0502.jpg', mimeType: 'image/jpeg', buffer: after.buffer });
      await staff.page.getByTestId(`submit-${problemId}`).click();
      await waitFor(
        async () => (await problem(problemId)).status,
        (s) => s === 'submitted',
      );
      expect((await problem(problemId)).submissions[0].evidence).toEqual([
        { kind: 'photo', ref: `sha256:${after.hex}` },
      ]);

      // The street sees before and after side by side, and sends it back with a reason.
      await street.page.reload();
      await street.page.getByTestId(`pair-${problemId}`).waitFor();
      expect(await street.page.locator(`[data-testid="before-${problemId}"]`).getAttribute('data-ref')).toBe(
        `sha256:${before.hex}`,
      );
      expect(await street.page.locator(`[data-testid="after-${problemId}"]`).getAttribute('data-ref')).toBe(
        `sha256:${after.hex}`,
      );
      // Both photos from the evidence store, each with its hash checked again by the platform.
      await street.page.waitForSelector(`[data-testid="before-${problemId}"][data-verified="true"] img`);
      await street.page.waitForSelector(`[data-testid="after-${problemId}"][data-verified="true"] img`);
      const record = (await api(`/api/evidence/${before.hex}/record`)).body;
      expect(record).toMatchObject({
        sha256: before.hex,
        verified: true,
        inspectionId,
        location: { lat: GPS.latitude, lng: GPS.longitude },
      });
      await snap(street.page, 'verify');
      await street.page.getByTestId(`reject-reason-${problemId}`).fill('楼道东侧仍堆有纸箱');
      await street.page.getByTestId(`reject-${problemId}`).click();
      await waitFor(
        async () => (await problem(problemId)).status,
        (s) => s === 'rejected',
      );

      await staff.page.reload();
      expect(await staff.page.getByTestId(`rejections-${problemId}`).textContent()).toContain(
        '退回：楼道东侧仍堆有纸箱',
      );
      await snap(staff.page, 'work-list');
      await staff.page.getByTestId(`submit-description-${problemId}`).fill('东侧纸箱已清走');
      await staff.page
        .getByTestId(`submit-photo-${problemId}`)
        .setInputFiles({ name: 'IMG_0503.jpg', mimeType: 'image/jpeg', buffer: after.buffer });
      await staff.page.getByTestId(`submit-${problemId}`).click();
      await waitFor(
        async () => (await problem(problemId)).status,
        (s) => s === 'submitted',
      );

      await street.page.reload();
      await street.page.getByTestId(`verify-${problemId}`).click();
      await waitFor(
        async () => (await problem(problemId)).status,
        (s) => s === 'verified',
      );
      const verified = await problem(problemId);
      expect(verified.submissions).toHaveLength(2);
      expect(verified.rejections).toEqual([expect.objectContaining({ reason: '楼道东侧仍堆有纸箱' })]);
      await street.context.close();
      await staff.context.close();
    }, 120_000);

    it('with the clock moved past a deadline, the work list shows it overdue and escalated (督办), the street is notified', async () => {
      const late = (
        await api('/api/problems', {
          method: 'POST',
          body: JSON.stringify({
            communityCode: community,
            category: 'illegal_posting',
            description: '宣传栏旁小广告',
            source: 'inspector',
            foundOn: today(),
          }),
        })
      ).body.id;
      expect(
        (
          await api('/api/rectifications', {
            method: 'POST',
            body: JSON.stringify({ problemId: late, deadline: today(), requirements: '清除小广告' }),
          })
        ).status,
      ).toBe(201);
      clock.advance(3 * DAY);
      await platform.app.get(RectificationOverdueScheduler).scan();
      await platform.app.get(RectificationEscalationScheduler).scan();
      const record = await problem(late);
      expect(record.overdue).toBe(true);
      // The default ladder: 1 day → the street; 3 days → the district, on its 督办 list.
      expect(record.escalations.map((e: Json) => [e.step, e.level, e.supervised])).toEqual([
        [1, 'street', false],
        [2, 'district', true],
      ]);

      const staff = await phone('社区网格员', community, 'community');
      await staff.page.getByTestId(`rect-${late}`).waitFor();
      expect(await staff.page.getByTestId(`days-left-${late}`).textContent()).toMatch(/已逾期 3 天$/);
      expect(await staff.page.getByTestId(`overdue-${late}`).textContent()).toBe('逾期');
      expect(await staff.page.getByTestId(`escalated-${late}`).textContent()).toBe('升级：第1级 街道；第2级 区督办');
      await snap(staff.page, 'overdue');
      // The street office's phone: the escalation in its list, and the in-app notification badge.
      const street = await phone('街道办刘洋', STREET, 'street');
      await street.page.getByTestId(`rect-${late}`).waitFor();
      expect(await street.page.getByTestId(`escalated-${late}`).textContent()).toBe('升级：第1级 街道；第2级 区督办');
      const inbox = (await api('/api/notifications', { as: await token('街道办刘洋', STREET, 'street') })).body;
      expect(inbox.items.some((n: Json) => n.kind === 'rectification_escalated' && n.problemId === late)).toBe(true);
      await street.page.waitForFunction(
        (n) =>
          (globalThis as unknown as Win).document.querySelector('[data-testid="notices"]')?.textContent === `通知 ${n}`,
        inbox.unread,
        { timeout: 15_000 },
      );
      await snap(street.page, 'escalated');
      await street.context.close();
      expect(pageErrors).toEqual([]);
      await staff.context.close();
    }, 60_000);
  },
);

/** Polls `read` until `ok` (the outbox sends in the background). */
async function waitFor<T>(read: () => Promise<T>, ok: (t: T) => boolean, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > until) throw new Error(`still ${JSON.stringify(v)} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
