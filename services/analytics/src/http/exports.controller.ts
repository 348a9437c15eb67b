import { Readable } from 'node:stream';
import {
  Controller,
  ForbiddenException,
  Get,
  Inject,
  NotFoundException,
  Param,
  Query,
  StreamableFile,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { isWithin, levelOf, platformEventCatalog } from '@chuangwen/contracts';
import type { Actor } from '@chuangwen/contracts';
import { CurrentActor, Roles } from '@chuangwen/auth';
import { EVENT_STORE, EventStore } from '@chuangwen/event-store';
import { JurisdictionRegistry } from '@chuangwen/jurisdictions';
import { READ_STORE, ReadStore } from '@chuangwen/read-store';
import { ScoringQueries, UnknownStandardError } from '@chuangwen/scoring';
import { exportEvents } from '../exports/event-export';
import { scoreSnapshotCsv } from '../exports/score-snapshot';
import { JurisdictionCodeParam } from '@chuangwen/http';
import { EventExportQuery, ScoreSnapshotQuery } from './export.dto';

const DEPTH = { country: 0, province: 1, city: 2, district: 3, street: 4, community: 5 } as const;
const CONTENT = { ndjson: 'application/x-ndjson; charset=utf-8', csv: 'text/csv; charset=utf-8' } as const;

/** Raw events and score snapshots for analysts, streamed: constant memory whatever the range. */
@ApiTags('exports')
@ApiBearerAuth()
@Controller('api/exports')
export class ExportsController {
  private readonly registry: JurisdictionRegistry;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) store: ReadStore,
    private readonly scoring: ScoringQueries,
  ) {
    this.registry = new JurisdictionRegistry(store);
  }

  @Get('events')
  @Roles('office', 'street', 'analyst', 'system')
  @ApiProduces(CONTENT.ndjson, CONTENT.csv)
  @ApiOperation({ summary: 'Events as NDJSON or CSV, filtered by type, time range and jurisdiction (within yours)' })
  eventsExport(@Query() q: EventExportQuery, @CurrentActor() actor: Actor): StreamableFile {
    const jurisdiction = q.jurisdiction ?? actor.jurisdiction;
    if (!isWithin(jurisdiction, actor.jurisdiction))
      throw new ForbiddenException(`${jurisdiction} is outside your jurisdiction ${actor.jurisdiction}`);
    const format = q.format ?? 'ndjson';
    const chunks = exportEvents(this.events, {
      format,
      catalog: platformEventCatalog(),
      filter: { types: q.types, jurisdiction, from: q.from, to: q.to, time: q.time },
    });
    return new StreamableFile(Readable.from(chunks), {
      type: CONTENT[format],
      disposition: `attachment; filename="events-${jurisdiction}.${format}"`,
    });
  }

  @Get('scores/:code')
  @Roles('office', 'street', 'analyst', 'system')
  @ApiProduces(CONTENT.csv)
  @ApiOperation({
    summary:
      'Score snapshot as CSV: one row per community (or street, district…) below a jurisdiction, now, as of a day or as known at an instant',
  })
  async scoresExport(
    @Param() { code }: JurisdictionCodeParam,
    @Query() q: ScoreSnapshotQuery,
    @CurrentActor() actor: Actor,
  ): Promise<StreamableFile> {
    if (!isWithin(code, actor.jurisdiction))
      throw new ForbiddenException(`${code} is outside your jurisdiction ${actor.jurisdiction}`);
    if (code !== '000000' && !(await this.registry.find(code)))
      throw new NotFoundException(`no jurisdiction ${code} in the registry (seed its region first)`);
    const level = q.level ?? 'community';
    if (DEPTH[level] <= DEPTH[levelOf(code)])
      throw new UnprocessableEntityException(`level must lie below ${levelOf(code)}`);
    const day = this.scoring.dayOf(q);
    // A standard not in force there is refused before the stream starts (never another standard's figures).
    if (q.standard)
      await this.scoring.standardsFor(code, day, q.standard).catch((e) => {
        throw e instanceof UnknownStandardError ? new UnprocessableEntityException(e.message) : e;
      });
    const rows = scoreSnapshotCsv(this.scoring, this.registry, {
      code,
      level,
      asOf: q.asOf,
      knownAt: q.knownAt,
      standardId: q.standard,
    });
    return new StreamableFile(Readable.from(rows), {
      type: CONTENT.csv,
      disposition: `attachment; filename="scores-${code}-${level}-${day}.csv"`,
    });
  }
}
