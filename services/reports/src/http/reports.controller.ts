import {
  Controller,
  Get,
  Header,
  Inject,
  NotFoundException,
  Param,
  Query,
  ServiceUnavailableException,
  StreamableFile,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FileAnswer } from './file-answer';
import { JURISDICTION_LOOKUP, levelOf } from '@chuangwen/contracts';
import type { Actor, JurisdictionLookup } from '@chuangwen/contracts';
import { CurrentActor } from '@chuangwen/auth';
import { JurisdictionCodeParam } from '@chuangwen/http';
import { renderBulletin } from '../domain/bulletin';
import { periodEnds } from '../domain/periods';
import { canPrint, chromiumExecutable, printPdf } from '../application/pdf';
import { ReportsQueries } from '../application/reports.queries';
import { BulletinQuery, TrendsQuery, WarningQuery } from './reports.dto';
import { assertFiguresReadable, known } from './scope';

export const HTML_TYPE = 'text/html; charset=utf-8';
export const PDF_TYPE = 'application/pdf';
const MAX_POINTS = 104;

/** The office's reports: trends, early warning and the monthly bulletin. Thin: the queries do the work. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsQueries,
    @Inject(JURISDICTION_LOOKUP) private readonly jurisdictions: JurisdictionLookup,
  ) {}

  @Get('trends/:code')
  @ApiOperation({
    summary:
      'A node’s (or community’s) total, pass rate, vetoes and open/overdue problems at the end of each week or month of a range, each as asOf that day',
  })
  async trends(@Param() { code }: JurisdictionCodeParam, @Query() q: TrendsQuery, @CurrentActor() actor: Actor) {
    const jurisdiction = await this.node(code, actor);
    const { from, to, interval } = this.range(q);
    return {
      jurisdiction,
      interval,
      from,
      to,
      points: await known(() => this.reports.trends(code, from, to, interval, q.standard)),
    };
  }

  @Get('early-warning/:code')
  @ApiOperation({
    summary:
      'Communities projected to fail on the next evaluation day, why, and the cheapest set of indicators that would pass them; title holders at risk of removal',
  })
  async earlyWarning(@Param() { code }: JurisdictionCodeParam, @Query() q: WarningQuery, @CurrentActor() actor: Actor) {
    const jurisdiction = await this.node(code, actor);
    return {
      jurisdiction,
      ...(await known(() =>
        this.reports.earlyWarning(code, { asOf: q.asOf, on: q.on, standardId: q.standard, all: q.all }),
      )),
    };
  }

  @Get('bulletin/:code')
  @Header('content-type', HTML_TYPE)
  @FileAnswer(HTML_TYPE, 'The bulletin as a printable page')
  @ApiOperation({
    summary:
      'The monthly bulletin (督查通报) of a district or street as a printable HTML page, from the events as of the month’s end',
  })
  async bulletin(
    @Param() { code }: JurisdictionCodeParam,
    @Query() q: BulletinQuery,
    @CurrentActor() actor: Actor,
  ): Promise<string> {
    return renderBulletin(await this.build(code, q, actor), new Date().toISOString());
  }

  @Get('bulletin/:code/pdf')
  @FileAnswer(PDF_TYPE, 'The bulletin printed to PDF (A4)')
  @ApiOperation({ summary: 'The monthly bulletin as PDF, printed by headless Chromium from the same page' })
  async bulletinPdf(
    @Param() { code }: JurisdictionCodeParam,
    @Query() q: BulletinQuery,
    @CurrentActor() actor: Actor,
  ): Promise<StreamableFile> {
    const html = renderBulletin(await this.build(code, q, actor), new Date().toISOString());
    if (!canPrint())
      throw new ServiceUnavailableException(
        `no browser at ${chromiumExecutable()} to print the PDF (apt-get install chromium fonts-wqy-microhei, or set CHROMIUM_PATH); the HTML page prints from any browser`,
      );
    return new StreamableFile(await printPdf(html), {
      type: PDF_TYPE,
      disposition: `attachment; filename="bulletin-${code}-${q.month}.pdf"`,
    });
  }

  private async build(code: string, q: BulletinQuery, actor: Actor) {
    await this.node(code, actor);
    if (!['district', 'street'].includes(levelOf(code)))
      throw new UnprocessableEntityException(
        'code must be a district (6 digits) or a street (9): a bulletin is a district’s or a street’s',
      );
    if (`${q.month}-01` > this.reports.today())
      throw new UnprocessableEntityException(`month ${q.month} has not begun`);
    return known(() => this.reports.bulletin(code, q.month, q.standard));
  }

  /** The range of a trend: `to` (default today, never after it), `from` (default the 1st, eleven months before). */
  range(q: TrendsQuery) {
    const today = this.reports.today();
    const to = !q.to || q.to > today ? today : q.to;
    const from =
      q.from ??
      `${Number(to.slice(0, 4)) - (Number(to.slice(5, 7)) === 12 ? 0 : 1)}-${String((Number(to.slice(5, 7)) % 12) + 1).padStart(2, '0')}-01`;
    const interval = q.interval ?? 'month';
    if (from > to) throw new UnprocessableEntityException('from must not be after today');
    if (periodEnds(from, to, interval).length > MAX_POINTS)
      throw new UnprocessableEntityException(
        `from: at most ${MAX_POINTS} points per trend (choose a shorter range or a longer interval)`,
      );
    return { from, to, interval };
  }

  async node(code: string, actor: Actor) {
    assertFiguresReadable(code, actor);
    const node = await this.jurisdictions.find(code);
    if (!node) throw new NotFoundException(`no jurisdiction ${code} in the registry (seed its region first)`);
    return node;
  }
}
