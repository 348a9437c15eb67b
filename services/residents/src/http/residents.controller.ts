import { randomUUID } from 'node:crypto';
import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentActor, Public, Roles } from '@chuangwen/auth';
import { CLOCK, isWithin, JURISDICTION_LOOKUP, notFound } from '@chuangwen/contracts';
import type { Actor, Clock, JurisdictionLookup } from '@chuangwen/contracts';
import { AnswersCommands } from '@chuangwen/http';
import { Inject } from '@nestjs/common';
import { PROBLEM_CATEGORIES, toDay } from '@chuangwen/scoring-engine';
import { STAGE_LABELS } from '../domain/report-view';
import { Open311Reads, publicMediaUrl } from '../application/open311-reads';
import { ReportLimiter } from '../application/report-limiter';
import { ResidentReports, reportIdOf } from '../application/resident-reports';
import type { ReportDoc } from '../application/reports.projection';
import { RESIDENTS_OPTIONS, ResidentsOptions } from '../application/options';
import {
  AcceptReportDto,
  IssueKeyDto,
  KeyIdParam,
  KeysQuery,
  PlacesParam,
  PublicReportDto,
  RejectReportDto,
  ReopenDto,
  ReportIdParam,
  ReportListQuery,
  TrackingCodeParam,
} from './residents.dto';

const SUPERVISING = ['office', 'street'] as const;
const correlation = (id?: string) => (id && id.length <= 100 ? id : randomUUID());

/** What the public status page shows: the progress, never who reported it or how to reach them. */
function publicStatus(
  view: ReportDoc,
  followed: ReportDoc,
  communityName: string,
  reopenPeriodDays: number,
  today: string,
) {
  const closed = followed.stage === 'closed' || followed.stage === 'rejected';
  const reopenUntil = followed.closedOn
    ? new Date(Date.parse(`${followed.closedOn}T00:00:00Z`) + reopenPeriodDays * 86_400_000).toISOString().slice(0, 10)
    : undefined;
  return {
    trackingCode: view.trackingCode,
    serviceRequestId: followed.reportId,
    category: view.category,
    categoryName: PROBLEM_CATEGORIES[view.category as keyof typeof PROBLEM_CATEGORIES]?.label ?? view.category,
    communityCode: view.communityCode,
    communityName,
    description: view.description,
    media: view.media.map(publicMediaUrl),
    submittedAt: view.submittedAt,
    status: closed ? 'closed' : 'open',
    stage: followed.stage,
    stageLabel: STAGE_LABELS[followed.stage],
    linkedTo: view.duplicateOf ? followed.trackingCode : undefined,
    duplicateCount: followed.duplicateCount,
    reopenCount: followed.reopenCount,
    deadline: followed.deadline,
    overdue: followed.overdue,
    closedOn: followed.closedOn,
    canReopen: !view.duplicateOf && followed.stage === 'closed' && !!reopenUntil && today <= reopenUntil,
    reopenUntil: followed.stage === 'closed' ? reopenUntil : undefined,
    history: followed.history.map((h) => ({
      at: h.at,
      stage: h.stage,
      label: STAGE_LABELS[h.stage],
      ...(h.note ? { note: h.note } : {}),
    })),
  };
}

/** The office's view of a report: the masked contact, no hashes, no secrets. */
function officeView(d: ReportDoc) {
  const { _id, _pos, _lanes, _v, ...view } = d as ReportDoc & { _lanes?: unknown };
  return { ...view, media: view.media.map(publicMediaUrl), stageLabel: STAGE_LABELS[view.stage] };
}

@ApiTags('residents')
@AnswersCommands('id')
@Controller('api/residents')
export class ResidentsController {
  constructor(
    private readonly reports: ResidentReports,
    private readonly reads: Open311Reads,
    private readonly limiter: ReportLimiter,
    @Inject(JURISDICTION_LOOKUP) private readonly lookup: JurisdictionLookup,
    @Inject(RESIDENTS_OPTIONS) private readonly options: ResidentsOptions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  // ---- public: the 随手拍 page -----------------------------------------------------------

  @Public()
  @Get('public/places/:code')
  @ApiOperation({
    summary: 'The communities of a district or street, by street: the page’s place list (no map tiles here)',
  })
  async places(@Param() { code }: PlacesParam) {
    const node = await this.lookup.find(code);
    if (!node) throw notFound(`no jurisdiction ${code} in the registry`);
    const communities = await this.reads.communities(code);
    const streets = new Map<string, { code: string; name: string; communities: { code: string; name: string }[] }>();
    for (const c of communities) {
      const s = c.code.slice(0, 9);
      if (!streets.has(s)) streets.set(s, { code: s, name: (await this.lookup.find(s))?.name ?? s, communities: [] });
      streets.get(s)!.communities.push(c);
    }
    return { code, name: node.name, streets: [...streets.values()] };
  }

  @Public()
  @Get('public/categories')
  @ApiOperation({ summary: 'The problem categories a resident can report' })
  categories() {
    return Object.entries(PROBLEM_CATEGORIES).map(([code, c]) => ({ code, name: c.label }));
  }

  @Public()
  @Post('public/reports')
  @AnswersCommands({
    name: 'ResidentReportAnswer',
    also: { trackingCode: { type: 'string' }, reopenSecret: { type: 'string' }, duplicateOf: { type: 'string' } },
  })
  @ApiOperation({ summary: 'An anonymous report (随手拍): answers a tracking code and the reopen secret, once' })
  async submit(
    @Body() body: PublicReportDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Headers('x-correlation-id') correlationId?: string,
  ) {
    this.limiter.take(req.ip ?? req.socket.remoteAddress ?? 'unknown', body.deviceId, (s) =>
      res.setHeader('Retry-After', String(s)),
    );
    const r = await this.reports.submit(
      {
        communityCode: body.communityCode,
        category: body.category,
        description: body.description,
        lat: body.lat,
        long: body.long,
        addressString: body.address,
        media: body.media,
        phone: body.phone,
        name: body.name,
        deviceId: body.deviceId,
      },
      'public_page',
      correlation(correlationId),
    );
    return {
      id: r.reportId,
      trackingCode: r.trackingCode,
      reopenSecret: r.reopenSecret,
      ...(r.duplicateOf ? { duplicateOf: r.duplicateOf } : {}),
      events: r.events,
      position: r.position,
    };
  }

  @Public()
  @Get('public/reports/:trackingCode')
  @ApiOperation({ summary: 'A report’s progress by its tracking code, without any personal data' })
  async track(@Param() { trackingCode }: TrackingCodeParam) {
    const view = await this.reports.view(reportIdOf(trackingCode));
    if (!view) throw notFound(`no report with tracking code ${trackingCode}`);
    const followed = await this.reports.followed(view);
    const today = toDay(this.clock.now());
    return publicStatus(
      view,
      followed,
      (await this.lookup.find(view.communityCode))?.name ?? view.communityCode,
      this.options.reopenPeriodDays,
      today,
    );
  }

  @Public()
  @Post('public/reports/:trackingCode/reopen')
  @HttpCode(201)
  @ApiOperation({
    summary: 'The reporter reopens a report closed as rectified ("closed, not fixed"), within the period',
  })
  @ApiResponse({
    status: 403,
    description: 'The secret does not match',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } },
  })
  reopen(
    @Param() { trackingCode }: TrackingCodeParam,
    @Body() body: ReopenDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Headers('x-correlation-id') correlationId?: string,
  ) {
    this.limiter.take(req.ip ?? req.socket.remoteAddress ?? 'unknown', undefined, (s) =>
      res.setHeader('Retry-After', String(s)),
    );
    return this.reports.reopen(trackingCode, body.secret, body.reason, correlation(correlationId));
  }

  // ---- offices and streets ----------------------------------------------------------------

  @Get('reports')
  @ApiBearerAuth()
  @Roles('office', 'street', 'community', 'inspector', 'analyst')
  @ApiOperation({ summary: 'Residents’ reports within a jurisdiction (contact masked)' })
  async list(@Query() q: ReportListQuery, @CurrentActor() actor: Actor) {
    if (!isWithin(q.jurisdictionCode, actor.jurisdiction))
      throw new ForbiddenException(`${q.jurisdictionCode} is outside your jurisdiction ${actor.jurisdiction}`);
    const all = await this.reports.list(q.jurisdictionCode, { status: q.status });
    const offset = q.offset ?? 0;
    return { total: all.length, items: all.slice(offset, offset + (q.limit ?? 100)).map(officeView) };
  }

  @Get('reports/:id')
  @ApiBearerAuth()
  @Roles('office', 'street', 'community', 'inspector', 'analyst')
  @ApiOperation({ summary: 'One report with its history' })
  async one(@Param() { id }: ReportIdParam, @CurrentActor() actor: Actor) {
    const view = await this.reports.view(id);
    if (!view || !isWithin(view.communityCode, actor.jurisdiction))
      throw notFound(`report ${id} does not exist in your jurisdiction`);
    return officeView(view);
  }

  @Post('reports/:id/accept')
  @AnswersCommands({ name: 'ResidentReportAcceptedAnswer', also: { problemId: { type: 'string' } } })
  @HttpCode(201)
  @ApiBearerAuth()
  @Roles(...SUPERVISING)
  @ApiOperation({
    summary: '立案: accept a report; it becomes a problem in inspections (source resident) with the report’s id',
  })
  accept(
    @Param() { id }: ReportIdParam,
    @Body() body: AcceptReportDto,
    @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') correlationId?: string,
  ) {
    return this.reports.accept(id, body.note, actor, correlation(correlationId));
  }

  @Post('reports/:id/reject')
  @HttpCode(201)
  @ApiBearerAuth()
  @Roles(...SUPERVISING)
  @ApiOperation({ summary: 'Do not accept a report, with the reason the resident will read' })
  reject(
    @Param() { id }: ReportIdParam,
    @Body() body: RejectReportDto,
    @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') correlationId?: string,
  ) {
    return this.reports.reject(id, body.reason, actor, correlation(correlationId));
  }

  @Get('figures/:code')
  @ApiBearerAuth()
  @Roles('office', 'street', 'community', 'inspector', 'analyst')
  @ApiOperation({ summary: 'Per street: reports, duplicates, accepted, rejected, reopened ("closed, not fixed")' })
  async figures(@Param() { code }: PlacesParam, @CurrentActor() actor: Actor) {
    if (!isWithin(code, actor.jurisdiction) && !isWithin(actor.jurisdiction, code))
      throw new ForbiddenException(`${code} is outside your jurisdiction ${actor.jurisdiction}`);
    const scope = isWithin(code, actor.jurisdiction) ? code : actor.jurisdiction;
    return this.reports.streetFigures(scope);
  }

  // ---- Open311 keys -------------------------------------------------------------------------

  @Post('open311/keys')
  @AnswersCommands({
    name: 'Open311KeyAnswer',
    also: {
      keyId: { type: 'string' },
      apiKey: { type: 'string' },
      jurisdiction: { type: 'string' },
      clientName: { type: 'string' },
    },
  })
  @ApiBearerAuth()
  @Roles('office')
  @ApiOperation({
    summary: 'Issue an api_key for a client system (a 12345 platform) of a jurisdiction; shown once, kept hashed',
  })
  issueKey(
    @Body() body: IssueKeyDto,
    @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') correlationId?: string,
  ) {
    return this.reports.issueKey(body.jurisdiction, body.clientName, actor, correlation(correlationId));
  }

  @Get('open311/keys')
  @ApiBearerAuth()
  @Roles('office')
  @ApiOperation({ summary: 'The keys within a jurisdiction (never the keys themselves)' })
  async keys(@Query() q: KeysQuery, @CurrentActor() actor: Actor) {
    const scope = q.jurisdictionCode ?? actor.jurisdiction;
    if (!isWithin(scope, actor.jurisdiction))
      throw new ForbiddenException(`${scope} is outside your jurisdiction ${actor.jurisdiction}`);
    return (await this.reports.keys(scope)).map((k) => ({
      keyId: k.keyId,
      jurisdiction: k.jurisdiction,
      clientName: k.clientName,
      active: k.active,
      issuedBy: k.issuedBy,
    }));
  }

  @Post('open311/keys/:keyId/revoke')
  @HttpCode(201)
  @ApiBearerAuth()
  @Roles('office')
  @ApiOperation({ summary: 'Revoke a key: its client is refused from then on' })
  revoke(
    @Param() { keyId }: KeyIdParam,
    @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') correlationId?: string,
  ) {
    return this.reports.revokeKey(keyId, actor, correlation(correlationId));
  }
}
