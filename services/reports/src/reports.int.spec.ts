import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { ManualClock } from '@chuangwen/contracts';
import { startPlatform, TestPlatform } from '../../platform/src/testing/platform';
import { DISTRICT, scriptTwoMonths, STREET } from './testing/two-months';

type Json = any; // API answers, looked into by the assertions
const ARTIFACTS = join(__dirname, '../../../test-artifacts');

describe('reports over HTTP: Excel read back, the monthly bulletin, trends against asOf, early warning', () => {
  let platform: TestPlatform;
  let base: string;
  let c: string[];
  let tokens: Record<string, string>;
  const clock = new ManualClock(new Date('2025-05-01T02:00:00Z'));
  const get = async (path: string, who = 'office') => {
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${tokens[who]}` } });
    return { status: res.status, type: res.headers.get('content-type') ?? '', res };
  };
  const json = async (path: string, who = 'office'): Promise<Json> => {
    const r = await get(path, who);
    expect(r.status).toBe(200);
    return r.res.json();
  };
  const book = async (path: string, who = 'office', keep?: string) => {
    const r = await get(path, who);
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const bytes = Buffer.from(await r.res.arrayBuffer());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as never);
    if (keep) writeFileSync(join(mkdirSync(ARTIFACTS, { recursive: true }) ?? ARTIFACTS, keep), bytes); // for docs/images (LibreOffice renders it)
    return wb;
  };
  const headers = (ws: ExcelJS.Worksheet) => (ws.getRow(1).values as unknown[]).slice(1);
  const frozen = (ws: ExcelJS.Worksheet) => expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  const rowsOf = (ws: ExcelJS.Worksheet) => {
    const out: ExcelJS.Row[] = [];
    ws.eachRow((row, n) => n > 1 && out.push(row));
    return out;
  };
  const html = async (path: string) => (await get(path)).res.text();
  const cell = (page: string, testid: string) => page.match(new RegExp(`data-testid="${testid}">([^<]*)<`))?.[1];

  beforeAll(async () => {
    platform = await startPlatform({
      name: 'reports',
      clock,
      listen: true,
      settings: { OVERDUE_SCAN_INTERVAL_MS: 0, EVALUATION_DAY_CHECK_MS: 0 },
    });
    base = platform.url;
    ({ c, tokens } = await scriptTwoMonths(platform.app, base, clock));
  }, 120_000);
  afterAll(async () => {
    await platform?.close();
  });

  it('a ranking as .xlsx: Chinese headers, frozen header row, numbers and dates typed, the JSON ranking’s values, each row’s change', async () => {
    const wb = await book(
      `/api/xlsx/rankings/${STREET}?level=community&asOf=2025-06-30&since=2025-05-31`,
      'office',
      'reports-ranking.xlsx',
    );
    expect(wb.worksheets.map((w) => w.name)).toEqual(['说明', '社区排名']);
    const ws = wb.getWorksheet('社区排名')!;
    frozen(ws);
    expect(headers(ws)).toEqual([
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
    const now = await json(`/api/rankings/${STREET}?level=community&asOf=2025-06-30&limit=1000`);
    const then = await json(`/api/rankings/${STREET}?level=community&asOf=2025-05-31&limit=1000`);
    const rows = rowsOf(ws);
    expect(rows.length).toBe(now.items.length);
    rows.forEach((row, i) => {
      const item = now.items[i];
      const before = then.items.find((x: Json) => x.code === item.code);
      expect(row.getCell(1).value).toBe(item.rank);
      expect(row.getCell(1).type).toBe(ExcelJS.ValueType.Number);
      expect(row.getCell(4).value).toBe(item.code);
      expect(row.getCell(5).value).toBe(item.name);
      expect(row.getCell(6).value).toBe(item.total);
      expect(row.getCell(6).type).toBe(ExcelJS.ValueType.Number);
      expect(row.getCell(3).value).toBe(before.rank);
      const change = before.rank - item.rank;
      expect(row.getCell(2).value).toBe(change > 0 ? `↑${change}` : change < 0 ? `↓${-change}` : '—');
      expect(row.getCell(10).type).toBe(ExcelJS.ValueType.Date);
      expect(row.getCell(10).value).toEqual(new Date('2025-06-30T00:00:00Z'));
    });
    // The strong communities moved up once their June activities counted.
    expect(
      rows
        .map((r) => r.getCell(4).value)
        .slice(0, 2)
        .sort(),
    ).toEqual([c[2], c[3]].sort());
  });

  it('a community’s scorecard with causes, and a street’s children, as .xlsx', async () => {
    const wb = await book(`/api/xlsx/scores/${c[4]}?asOf=2025-06-30`, 'office', 'reports-scorecard.xlsx');
    const card = (await json(`/api/scores/${c[4]}?asOf=2025-06-30`)).scorecard;
    const ws = wb.getWorksheet('指标得分')!;
    frozen(ws);
    expect(headers(ws)).toEqual(['类别', '指标编号', '指标', '得分', '满分', '状态', '原因']);
    const rows = rowsOf(ws);
    expect(rows.map((r) => [r.getCell(2).value, r.getCell(4).value, r.getCell(5).value])).toEqual(
      card.indicators.map((i: Json) => [i.id, i.points, i.maxPoints]),
    );
    const g31 = rows.find((r) => r.getCell(2).value === 'g3.1')!;
    expect(g31.getCell(6).value).toBe('部分达标');
    expect(String(g31.getCell(7).value)).toContain('2 次 < 4 次');
    const totals = rowsOf(wb.getWorksheet('类别小计')!);
    expect(totals[totals.length - 1].getCell(2).value).toBe(card.total);
    const street = await book(`/api/xlsx/scores/${STREET}?asOf=2025-06-30`);
    const children = (await json(`/api/scores/${STREET}?asOf=2025-06-30`)).children;
    expect(headers(street.getWorksheet('社区排名')!)).toEqual([
      '名次',
      '代码',
      '名称',
      '平均总分',
      '达标率',
      '达标社区数',
      '否决社区数',
      '社区数',
    ]);
    expect(rowsOf(street.getWorksheet('社区排名')!).map((r) => [r.getCell(2).value, r.getCell(4).value])).toEqual(
      children.map((x: Json) => [x.code, x.meanTotal]),
    );
  });

  it('rectification counts, the rectification list with its dates, volunteer figures and title coverage as .xlsx', async () => {
    const counts = await json(`/api/rectifications/counts/${STREET}`);
    const ws = (await book(`/api/xlsx/rectifications/counts/${STREET}`)).getWorksheet('整改统计')!;
    frozen(ws);
    expect(headers(ws)).toEqual(['代码', '名称', '已记录问题', '未完成', '逾期', '待核查', '已核查']);
    const [total, ...children] = rowsOf(ws);
    expect([total.getCell(3).value, total.getCell(4).value, total.getCell(5).value, total.getCell(7).value]).toEqual([
      counts.recorded,
      counts.open,
      counts.overdue,
      counts.verified,
    ]);
    expect(children.length).toBe(counts.children.length);

    const list = await json(`/api/rectifications?jurisdictionCode=${STREET}&limit=1000`);
    const lw = (await book(`/api/xlsx/rectifications?jurisdictionCode=${STREET}`)).getWorksheet('整改清单')!;
    frozen(lw);
    const rows = rowsOf(lw);
    expect(rows.length).toBe(list.total);
    const p0 = list.items.find((p: Json) => p.communityCode === c[0]);
    const r0 = rows.find((r) => r.getCell(1).value === p0.problemId)!;
    expect(r0.getCell(4).value).toBe('卫生死角');
    expect(r0.getCell(6).type).toBe(ExcelJS.ValueType.Date);
    expect(r0.getCell(6).value).toEqual(new Date('2025-05-10T00:00:00Z'));
    expect(r0.getCell(8).value).toEqual(new Date('2025-05-20T00:00:00Z'));
    expect(r0.getCell(9).value).toBe('已核查销号');
    expect(r0.getCell(11).value).toEqual(new Date('2025-06-10T00:00:00Z'));
    // The overdue list (overdue=true): nothing overdue is left open on 2 July.
    expect(
      rowsOf((await book(`/api/xlsx/rectifications?jurisdictionCode=${STREET}&overdue=true`)).getWorksheet('逾期清单')!)
        .length,
    ).toBe((await json(`/api/rectifications?jurisdictionCode=${STREET}&overdue=true`)).total);

    const vw = (await book(`/api/xlsx/volunteers/figures/${STREET}?from=2025-01-01&to=2025-06-30`)).getWorksheet(
      '志愿服务',
    )!;
    frozen(vw);
    expect(headers(vw)).toEqual([
      '代码',
      '名称',
      '注册志愿者',
      '常住居民',
      '注册率',
      '期内服务志愿者',
      '期内服务时长（小时）',
      '累计时长（小时）',
      '统计起',
      '统计止',
    ]);
    const vf = await json(`/api/volunteers/figures/${STREET}?from=2025-01-01&to=2025-06-30`);
    const [vt, ...vc] = rowsOf(vw);
    expect([vt.getCell(3).value, vt.getCell(4).value, vt.getCell(6).value]).toEqual([
      vf.registered,
      vf.residents,
      vf.activeVolunteers,
    ]);
    expect(vt.getCell(9).value).toEqual(new Date('2025-01-01T00:00:00Z'));
    expect(vc.length).toBe(c.length);

    const cw = (await book(`/api/xlsx/awards/coverage/${DISTRICT}`)).getWorksheet('称号覆盖')!;
    const cov = await json(`/api/awards/coverage/${DISTRICT}`);
    const [ct] = rowsOf(cw);
    expect([ct.getCell(3).value, ct.getCell(4).value]).toEqual([cov.communities, cov.titled]);
    expect(ct.getCell(3).type).toBe(ExcelJS.ValueType.Number);
    expect(cw.getColumn(5).numFmt).toBe('0.0%');
  });

  it('trends: every point equals the figures asOf that day; open and overdue problems by hand', async () => {
    const t = await json(`/api/reports/trends/${STREET}?interval=month&from=2025-04-01&to=2025-07-02`);
    expect(t.points.map((p: Json) => p.day)).toEqual(['2025-04-30', '2025-05-31', '2025-06-30', '2025-07-02']);
    for (const p of t.points) {
      const f = (await json(`/api/scores/${STREET}?asOf=${p.day}`)).figures;
      expect([p.total, p.passRate, p.passed, p.vetoed, p.communities]).toEqual([
        f.meanTotal,
        f.passRate,
        f.passed,
        f.vetoed,
        f.communities,
      ]);
    }
    // c[2] and c[3] carry one sanitation problem each from 2025-03-01 (never noticed). 31 May: those 2
    // + P0, P1, P4 = 5 open, P0 overdue (from 21 May). 30 June: P0 and P1 verified, P5 found: 2 + P4 + P5 = 4, none overdue.
    expect(t.points.map((p: Json) => [p.openProblems, p.overdueProblems])).toEqual([
      [2, 0],
      [5, 1],
      [4, 0],
      [4, 0],
    ]);
    const weekly = await json(`/api/reports/trends/${c[4]}?interval=week&from=2025-06-01&to=2025-06-30`);
    expect(weekly.points.map((p: Json) => p.day)).toEqual([
      '2025-06-01',
      '2025-06-08',
      '2025-06-15',
      '2025-06-22',
      '2025-06-29',
      '2025-06-30',
    ]);
    for (const p of weekly.points)
      expect(p.total).toBe((await json(`/api/scores/${c[4]}?asOf=${p.day}`)).scorecard.total);
    const tw = (
      await book(`/api/xlsx/reports/trends/${STREET}?interval=month&from=2025-04-01&to=2025-07-02`)
    ).getWorksheet('趋势')!;
    expect(rowsOf(tw).map((r) => [r.getCell(1).value, r.getCell(2).value])).toEqual(
      t.points.map((p: Json) => [new Date(`${p.day}T00:00:00Z`), p.total]),
    );
    expect((await get(`/api/reports/trends/${STREET}?from=2000-01-01&interval=week`)).status).toBe(422);
  });

  it('early warning: the scripted community projected to fail on 31 December, why, and what it takes', async () => {
    const w = await json(`/api/reports/early-warning/${STREET}?on=2025-12-31`);
    expect(w.evaluationDay).toBe('2025-12-31');
    const risk = w.communities.find((x: Json) => x.code === c[4]);
    // As in early-warning.spec.ts: now 100 − 2 (g3.1: 2 of 4) − 2 (g4.4: 0 of 2) − 1 (g4.2: P4 open) = 95;
    // on 31 December the survey of 2023-12-01 ages out (−5) and P4's deadline 15 July passes (−1 more): 89 < 90.
    expect(risk).toMatchObject({
      now: { total: 95, passed: true },
      projected: { total: 89, passed: false },
      atRisk: true,
      titleAtRisk: true, // it holds a county title (20 June): a re-inspection would remove it (摘牌)
    });
    expect(risk.reasons.find((r: Json) => r.indicator === 'g4.2')).toMatchObject({
      kind: 'deadline_passes',
      deadlines: ['2025-07-15'],
    });
    expect(risk.whatItTakes).toMatchObject({
      reachable: true,
      totalAfter: 94,
      steps: [{ indicator: 'g2.2', gain: 5, actions: 1 }],
    });
    expect(w.communities.find((x: Json) => x.code === c[2])).toBeUndefined(); // strong: projected to pass
    const ws = (await book(`/api/xlsx/reports/early-warning/${STREET}?on=2025-12-31`)).getWorksheet('预警社区')!;
    const row = rowsOf(ws).find((r) => r.getCell(1).value === c[4])!;
    expect([row.getCell(3).value, row.getCell(4).value, row.getCell(5).value]).toEqual([95, 89, 90]);
  });

  it('the monthly bulletin: the month’s work by the day it happened, figures as of its end, reproducible', async () => {
    const june = await html(`/api/reports/bulletin/${STREET}?month=2025-06`);
    const again = await html(`/api/reports/bulletin/${STREET}?month=2025-06`);
    const strip = (s: string) => s.replace(/<p class="generated">[^<]*<\/p>/, '');
    expect(strip(again)).toBe(strip(june));
    expect(june).not.toBe(strip(june)); // the generated-at line is there
    // June: one inspection (c[1], 10 June), one problem (P5, street occupation), no notices, P1 on time, P0 late.
    expect(['inspections', 'problems', 'notices', 'on-time', 'late', 'overdue'].map((id) => cell(june, id))).toEqual([
      '1',
      '1',
      '0',
      '1',
      '1',
      '0',
    ]);
    // Open at the end of June: the scripted problems of c[2] and c[3] (found 1 March), P4 and P5; none overdue.
    expect(cell(june, 'open-at-end')).toBe('4 / 0');
    expect(june).toMatch(/<td>占道经营<\/td><td class="n">1<\/td>/);
    const f = (await json(`/api/scores/${STREET}?asOf=2025-06-30`)).figures;
    expect(june).toContain(`平均总分 ${f.meanTotal.toFixed(2)}`);
    expect(june).toContain(`无否决达标 ${f.passed} 个`);
    expect(cell(june, 'escalated')).toBe('0');
    const may = await html(`/api/reports/bulletin/${STREET}?month=2025-05`);
    // May: one inspection (c[0]), three problems (2 sanitation, 1 illegal posting), three notices, P0 overdue from 21 May.
    expect(
      ['inspections', 'problems', 'notices', 'on-time', 'late', 'overdue', 'open-at-end'].map((id) => cell(may, id)),
    ).toEqual(['1', '3', '3', '0', '0', '1', '5 / 1']);
    expect(cell(may, 'escalated')).toBe('1'); // P0, on 24 May (China day of its `at`)
    expect(may).toMatch(/<td>卫生死角<\/td><td class="n">2<\/td>/);
    // The at-risk list names the scripted community with its projection.
    expect(june).toContain('89.00');
    expect(june).toContain('（已获称号，复查有摘牌风险）');
  });

  it('a district’s bulletin ranks its streets too, with their change since last month', async () => {
    const started = Date.now();
    const page = await html(`/api/reports/bulletin/${DISTRICT}?month=2025-06`);
    const seconds = (Date.now() - started) / 1000;
    const streets = await json(`/api/rankings/${DISTRICT}?level=street&asOf=2025-06-30&limit=1000`);
    const before = await json(`/api/rankings/${DISTRICT}?level=street&asOf=2025-05-31&limit=1000`);
    const first = streets.items[0];
    expect(first.code).toBe(STREET);
    const moved = before.items.find((x: Json) => x.code === STREET).rank - first.rank;
    const name = (await json(`/api/jurisdictions/${STREET}`)).name;
    expect(page).toContain(
      `<h3>街道（乡镇）前列</h3><table><thead><tr><th>名次</th><th>街道</th><th>得分</th><th>较上月名次</th><th>较上月得分</th></tr></thead><tbody><tr><td class="n">1</td><td>${name}</td><td class="n">${first.meanTotal.toFixed(2)}</td><td class="n">${moved > 0 ? `↑${moved}` : moved < 0 ? `↓${-moved}` : '—'}</td>`,
    );
    expect(cell(page, 'inspections')).toBe('1');
    console.log(`district bulletin (${streets.items.length} streets): ${seconds.toFixed(1)} s`);
  });

  it('refuses out of scope (403), bad input naming the field (400), a city or an unbegun month (422)', async () => {
    expect((await get(`/api/xlsx/rankings/${STREET}`, 'other-street')).status).toBe(403);
    expect((await get(`/api/reports/bulletin/${STREET}?month=2025-06`, 'other-street')).status).toBe(403);
    expect((await get(`/api/xlsx/rectifications?jurisdictionCode=${DISTRICT}`, 'street')).status).toBe(403);
    const bad = await get(`/api/reports/bulletin/${STREET}?month=2025-13`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.res.json())).toContain('month');
    expect((await get(`/api/xlsx/rankings/${STREET}?asOf=2025-02-30`)).status).toBe(400);
    expect((await get('/api/reports/bulletin/620100?month=2025-06')).status).toBe(422);
    expect((await get(`/api/reports/bulletin/${STREET}?month=2025-08`)).status).toBe(422);
    expect((await get(`/api/xlsx/rankings/${STREET}?standard=nope`)).status).toBe(422);
    expect((await get('/api/xlsx/rectifications?jurisdictionCode=620100')).status).toBe(403); // above the office: records are read within scope only
  });
});

describe('the OpenAPI document declares the reports', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startPlatform({ name: 'reports-doc', listen: true });
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
  });

  it('every /api/xlsx/ route answers the xlsx content type, the bulletin HTML and PDF, trends and warnings JSON', async () => {
    const doc: Json = await (await fetch(`${platform.url}/docs-json`)).json();
    const xlsx = Object.keys(doc.paths).filter((p) => p.startsWith('/api/xlsx/'));
    expect(xlsx.sort()).toEqual(
      [
        '/api/xlsx/awards/coverage/{code}',
        '/api/xlsx/rankings/{code}',
        '/api/xlsx/rectifications',
        '/api/xlsx/rectifications/counts/{code}',
        '/api/xlsx/reports/early-warning/{code}',
        '/api/xlsx/reports/trends/{code}',
        '/api/xlsx/scores/{code}',
        '/api/xlsx/volunteers/figures/{code}',
      ].sort(),
    );
    for (const p of xlsx)
      expect(Object.keys(doc.paths[p].get.responses['200'].content)).toEqual([
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ]);
    expect(Object.keys(doc.paths['/api/reports/bulletin/{code}'].get.responses['200'].content)).toEqual([
      'text/html; charset=utf-8',
    ]);
    expect(Object.keys(doc.paths['/api/reports/bulletin/{code}/pdf'].get.responses['200'].content)).toEqual([
      'application/pdf',
    ]);
    expect(
      doc.paths['/api/reports/bulletin/{code}'].get.parameters.find((x: Json) => x.name === 'month'),
    ).toMatchObject({ required: true, in: 'query' });
  });
});
