import { Controller, Get, Inject, Param, Query, StreamableFile, UnprocessableEntityException } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FileAnswer } from './file-answer';
import { levelOf } from '@chuangwen/contracts';
import type { Actor, JurisdictionLevel } from '@chuangwen/contracts';
import { CurrentActor } from '@chuangwen/auth';
import { JurisdictionCodeParam } from '@chuangwen/http';
import { AwardsQueries } from '@chuangwen/awards';
import { InspectionsQueries } from '@chuangwen/inspections';
import { JurisdictionRegistry } from '@chuangwen/jurisdictions';
import { READ_STORE, ReadStore } from '@chuangwen/read-store';
import { ScoringQueries } from '@chuangwen/scoring';
import { VolunteerQueries } from '@chuangwen/volunteers';
import { PROBLEM_CATEGORIES } from '@chuangwen/scoring-engine';
import type { Table, Workbook } from '../domain/table';
import { ReportsQueries } from '../application/reports.queries';
import {
  childrenTable,
  coverageTable,
  rankingTable,
  rectificationCountsTable,
  rectificationListTable,
  scorecardTables,
  trendTable,
  volunteerTable,
  warningTables,
} from '../application/tables';
import { XLSX_TYPE, xlsxStream } from '../application/xlsx';
import { ReportsController } from './reports.controller';
import {
  TrendsQuery,
  WarningQuery,
  XlsxCoverageQuery,
  XlsxPeriodQuery,
  XlsxRankingsQuery,
  XlsxRectificationsQuery,
  XlsxScoresQuery,
} from './reports.dto';
import { assertRecordsReadable, known } from './scope';

const DEPTH: Record<JurisdictionLevel, number> = {
  country: 0,
  province: 1,
  city: 2,
  district: 3,
  street: 4,
  community: 5,
};
const NEXT: JurisdictionLevel[] = ['province', 'city', 'district', 'street', 'community'];
const STATUS: Record<string, string> = {
  open: '待下发通知',
  noticed: '整改中',
  submitted: '待核查',
  rejected: '退回重改',
  verified: '已核查销号',
};
const label = (c: string) => (PROBLEM_CATEGORIES as Record<string, { label: string }>)[c]?.label ?? c;

/**
 * Every table the dashboard shows, as an Excel workbook. One rule: the JSON endpoint's path after
 * `/api/`, under `/api/xlsx/`, with the same query (`/api/rankings/620102?level=community` →
 * `/api/xlsx/rankings/620102?level=community`), in the same scope.
 */
@ApiTags('xlsx')
@ApiBearerAuth()
@Controller('api/xlsx')
export class XlsxController {
  private readonly registry: JurisdictionRegistry;

  constructor(
    private readonly scoring: ScoringQueries,
    private readonly reports: ReportsQueries,
    private readonly reportsHttp: ReportsController,
    private readonly inspections: InspectionsQueries,
    private readonly volunteers: VolunteerQueries,
    private readonly awards: AwardsQueries,
    @Inject(READ_STORE) store: ReadStore,
  ) {
    this.registry = new JurisdictionRegistry(store);
  }

  @Get('rankings/:code')
  @FileAnswer(XLSX_TYPE, 'An Excel workbook: a sheet 说明, then the table(s), header row frozen')
  @ApiOperation({
    summary:
      'A ranking (GET /api/rankings/{code}) as .xlsx, each row with its change since the previous month’s end (or `since`)',
  })
  async rankings(
    @Param() { code }: JurisdictionCodeParam,
    @Query() q: XlsxRankingsQuery,
    @CurrentActor() actor: Actor,
  ) {
    const node = await this.reportsHttp.node(code, actor);
    const level = q.level ?? NEXT[DEPTH[node.level]];
    if (!level || DEPTH[level] <= DEPTH[node.level])
      throw new UnprocessableEntityException(`level must lie below ${node.level}`);
    const r = await known(() =>
      this.reports.rankingWithChange(code, level, {
        asOf: q.asOf,
        since: q.since,
        standardId: q.standard,
        limit: q.limit,
      }),
    );
    return this.send({
      filename: `rankings-${code}-${level}-${r.day}.xlsx`,
      about: [
        ['辖区', `${node.name}（${code}）`],
        ['排名层级', level],
        ['截至', r.day],
        ['较上期对比日', r.since],
        ['评价标准', r.standard ? `${r.standard.title}（第 ${r.standard.version} 版）` : '无'],
      ],
      tables: [rankingTable(level, r.items)],
    });
  }

  @Get('scores/:code')
  @FileAnswer(XLSX_TYPE, 'An Excel workbook: a sheet 说明, then the table(s), header row frozen')
  @ApiOperation({
    summary: 'A community’s scorecard with causes, or a node’s ranked children (GET /api/scores/{code}), as .xlsx',
  })
  async scores(@Param() { code }: JurisdictionCodeParam, @Query() q: XlsxScoresQuery, @CurrentActor() actor: Actor) {
    const node = await this.reportsHttp.node(code, actor);
    const options = { asOf: q.asOf, standardId: q.standard };
    if (node.level === 'community') {
      const { day, cards } = await known(() => this.scoring.communityScorecards(code, options));
      const card = cards[0];
      const about: [string, string][] = [
        ['社区', `${node.name}（${code}）`],
        ['截至', day],
        ['评价标准', card ? `${card.standard.title}（第 ${card.standard.version} 版）` : '无'],
        ['总分', card ? String(card.total) : '—'],
        ['达标线', card ? String(card.passMark) : '—'],
        ['是否达标', card?.passed ? '是' : '否'],
        ['一票否决', card?.veto.vetoed ? '是' : '否'],
      ];
      return this.send({ filename: `scorecard-${code}-${day}.xlsx`, about, tables: card ? scorecardTables(card) : [] });
    }
    const f = await known(() => this.scoring.nodeFigures(code, options));
    const names = new Map((await this.registry.get(code))?.children.map((c) => [c.code, c.name]) ?? []);
    const rows = f.children.map((c: { code: string }) => ({ ...c, name: names.get(c.code) ?? null })) as never[];
    return this.send({
      filename: `scores-${code}-${f.day}.xlsx`,
      about: [
        ['辖区', `${node.name}（${code}）`],
        ['截至', f.day],
        ['平均总分', String(f.figures?.meanTotal ?? '—')],
        ['达标率', String(f.figures?.passRate ?? '—')],
      ],
      tables: [childrenTable(NEXT[DEPTH[node.level]], rows)],
    });
  }

  @Get('rectifications/counts/:code')
  @FileAnswer(XLSX_TYPE, 'An Excel workbook: a sheet 说明, then the table(s), header row frozen')
  @ApiOperation({
    summary:
      'Open, overdue, awaiting and verified problems of a node and its children (GET /api/rectifications/counts/{code}) as .xlsx',
  })
  async rectificationCounts(@Param() { code }: JurisdictionCodeParam, @CurrentActor() actor: Actor) {
    const node = await this.reportsHttp.node(code, actor);
    const counts = await this.inspections.counts(code);
    const names = new Map((await this.registry.get(code))?.children.map((c) => [c.code, c.name]) ?? []);
    const rows = [
      { ...counts, name: `${node.name}（合计）` },
      ...counts.children.map((c) => ({ ...c, name: names.get(c.code) ?? null })),
    ];
    return this.send({
      filename: `rectification-counts-${code}.xlsx`,
      about: [
        ['辖区', `${node.name}（${code}）`],
        ['截至', `${this.scoring.today()}（当前）`],
      ],
      tables: [rectificationCountsTable(rows)],
    });
  }

  @Get('rectifications')
  @FileAnswer(XLSX_TYPE, 'An Excel workbook: a sheet 说明, then the table(s), header row frozen')
  @ApiOperation({
    summary:
      'Rectifications of a community, street or district (GET /api/rectifications; overdue=true: the overdue list) as .xlsx, every row',
  })
  async rectifications(@Query() q: XlsxRectificationsQuery, @CurrentActor() actor: Actor) {
    assertRecordsReadable(q.jurisdictionCode, actor);
    if (!['community', 'street', 'district'].includes(levelOf(q.jurisdictionCode)))
      throw new UnprocessableEntityException(
        'jurisdictionCode must be a community, street or district (the lists are kept per district)',
      );
    const node = await this.reportsHttp.node(q.jurisdictionCode, actor);
    const names = new Map<string, string>();
    const rows = async function* (this: XlsxController) {
      for (let offset = 0; ; offset += 1000) {
        const page = await this.inspections.list('rectifications', q.jurisdictionCode, {
          status: q.status,
          overdue: q.overdue,
          limit: 1000,
          offset,
        });
        for (const r of page.items as unknown as Record<string, string & boolean>[]) {
          if (!names.has(r.communityCode))
            names.set(r.communityCode, (await this.registry.find(r.communityCode))?.name ?? '');
          yield {
            ...r,
            name: names.get(r.communityCode),
            category: label(r.category),
            status: STATUS[r.status] ?? r.status,
            overdueText: r.overdue ? '是' : '否',
          };
        }
        if (page.items.length < 1000) return;
      }
    }.call(this);
    const title = q.overdue ? '逾期清单' : '整改清单';
    const book: Workbook = {
      filename: `rectifications-${q.jurisdictionCode}${q.overdue ? '-overdue' : ''}.xlsx`,
      about: [
        ['辖区', `${node.name}（${q.jurisdictionCode}）`],
        ['清单', title],
        ['截至', `${this.scoring.today()}（当前）`],
      ],
      tables: [rectificationListTable([], title)],
    };
    return this.send({ ...book, tables: [{ ...book.tables[0], rows }] });
  }

  @Get('volunteers/figures/:code')
  @FileAnswer(XLSX_TYPE, 'An Excel workbook: a sheet 说明, then the table(s), header row frozen')
  @ApiOperation({
    summary: 'Volunteer figures of a node and each of its children (GET /api/volunteers/figures/{code}) as .xlsx',
  })
  async volunteerFigures(
    @Param() { code }: JurisdictionCodeParam,
    @Query() q: XlsxPeriodQuery,
    @CurrentActor() actor: Actor,
  ) {
    const node = await this.reportsHttp.node(code, actor);
    const children = levelOf(code) === 'community' ? [] : ((await this.registry.get(code))?.children ?? []);
    const rows = [];
    for (const n of [{ code, name: `${node.name}（合计）` }, ...children]) {
      const f = await this.volunteers.figures(n.code, q.from, q.to);
      rows.push({ ...f, name: n.name, from: f.period.from, to: f.period.to });
    }
    return this.send({
      filename: `volunteers-${code}.xlsx`,
      about: [
        ['辖区', `${node.name}（${code}）`],
        ['统计期间', `${rows[0].from} 至 ${rows[0].to}`],
      ],
      tables: [volunteerTable(rows)],
    });
  }

  @Get('awards/coverage/:code')
  @FileAnswer(XLSX_TYPE, 'An Excel workbook: a sheet 说明, then the table(s), header row frozen')
  @ApiOperation({
    summary: 'Title coverage of a node and each of its children (GET /api/awards/coverage/{code}) as .xlsx',
  })
  async coverage(
    @Param() { code }: JurisdictionCodeParam,
    @Query() q: XlsxCoverageQuery,
    @CurrentActor() actor: Actor,
  ) {
    const node = await this.reportsHttp.node(code, actor);
    const children = levelOf(code) === 'community' ? [] : ((await this.registry.get(code))?.children ?? []);
    const rows = [];
    for (const n of [{ code, name: `${node.name}（合计）` }, ...children]) {
      const c = await this.awards.coverage(n.code, q.level);
      rows.push({ ...c, ...c.atLeast, code: n.code, name: n.name });
    }
    return this.send({
      filename: `coverage-${code}.xlsx`,
      about: [
        ['辖区', `${node.name}（${code}）`],
        ['称号级别', `${q.level ?? 'county'} 及以上`],
        ['截至', `${this.scoring.today()}（当前）`],
      ],
      tables: [coverageTable(rows)],
    });
  }

  @Get('reports/trends/:code')
  @FileAnswer(XLSX_TYPE, 'An Excel workbook: a sheet 说明, then the table(s), header row frozen')
  @ApiOperation({ summary: 'A trend (GET /api/reports/trends/{code}) as .xlsx' })
  async trends(@Param() { code }: JurisdictionCodeParam, @Query() q: TrendsQuery, @CurrentActor() actor: Actor) {
    const t = await this.reportsHttp.trends({ code }, q, actor);
    return this.send({
      filename: `trends-${code}-${t.interval}.xlsx`,
      about: [
        ['辖区', `${t.jurisdiction.name}（${code}）`],
        ['区间', `${t.from} 至 ${t.to}（${t.interval === 'week' ? '按周' : '按月'}）`],
      ],
      tables: [trendTable(t.points, levelOf(code) === 'community')],
    });
  }

  @Get('reports/early-warning/:code')
  @FileAnswer(XLSX_TYPE, 'An Excel workbook: a sheet 说明, then the table(s), header row frozen')
  @ApiOperation({ summary: 'The early-warning list (GET /api/reports/early-warning/{code}) as .xlsx' })
  async earlyWarning(@Param() { code }: JurisdictionCodeParam, @Query() q: WarningQuery, @CurrentActor() actor: Actor) {
    const w = await this.reportsHttp.earlyWarning({ code }, q, actor);
    return this.send({
      filename: `early-warning-${code}-${w.evaluationDay}.xlsx`,
      about: [
        ['辖区', `${w.jurisdiction.name}（${code}）`],
        ['依据', `${w.from} 的事实`],
        ['测评日', w.evaluationDay],
      ],
      tables: warningTables(w.communities),
    });
  }

  private send(book: Workbook & { tables: readonly Table[] }): StreamableFile {
    return new StreamableFile(xlsxStream(book), {
      type: XLSX_TYPE,
      disposition: `attachment; filename="${book.filename}"`,
    });
  }
}
