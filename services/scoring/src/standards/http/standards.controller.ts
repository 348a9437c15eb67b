import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  ParseIntPipe,
  Post,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CLOCK, standardStream } from '@chuangwen/contracts';
import type { Actor, Clock, StandardPublished } from '@chuangwen/contracts';
import { CurrentActor, Roles } from '@chuangwen/auth';
import { EVENT_STORE, EventStore } from '@chuangwen/event-store';
import { handleCommand } from '@chuangwen/commanding';
import { badField, badFields, textProblemsIn } from '@chuangwen/http';
import { READ_YOUR_WRITES, ReadYourWrites } from '@chuangwen/projections';
import { ScoringQueries } from '../../scorecards/scoring.queries';
import { decidePublish, evolveVersions, initialVersions, InvalidStandardError } from '../domain/standard-versions';

@ApiTags('standards')
@ApiBearerAuth()
@Controller('api/standards')
export class StandardsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(READ_YOUR_WRITES) private readonly reads: ReadYourWrites,
    private readonly queries: ScoringQueries,
  ) {}

  @Post()
  @Roles('office', 'system')
  @ApiOperation({
    summary: 'Publish a standard version (JSON, see docs/standard.schema.json); published versions are immutable',
  })
  @ApiBody({ schema: { type: 'object', description: 'A standard document (docs/standards.md)' } })
  async publish(@Body() document: Record<string, unknown>, @CurrentActor() actor: Actor) {
    const id =
      typeof document?.id === 'string' && /^[a-z0-9][a-z0-9-]{1,62}$/.test(document.id) ? document.id : undefined;
    if (!id) throw badField('id', 'id must be lowercase letters, digits and dashes');
    const unclean = textProblemsIn(document);
    if (unclean.length) throw badFields(unclean);
    // Who may publish (an office at or above the standard's issuer) is the decider's rule.
    try {
      const result = await handleCommand(
        this.store,
        standardStream(id),
        { initialState: initialVersions, evolve: evolveVersions, decide: decidePublish },
        { type: 'PublishStandard', data: { document, publisher: actor.jurisdiction } },
        { actor, correlationId: randomUUID(), now: this.clock.now() },
        { jurisdictionOf: (e: StandardPublished) => e.data.issuingAuthority },
      );
      await this.reads.waitFor(result.position, result.events.length ? result.events.map((e) => e.type) : undefined);
      const data = result.events[0].data;
      // `id` as on every create answer (and in GET /api/standards); `standardId` is its former name, kept.
      return {
        id: data.standardId,
        standardId: data.standardId,
        version: data.version,
        effectiveFrom: data.effectiveFrom,
        position: result.position,
      };
    } catch (e) {
      if (e instanceof InvalidStandardError) {
        throw new BadRequestException({
          statusCode: 400,
          message: e.message,
          errors: e.errors.map((x) => ({ field: x.path, messages: [x.message] })),
        });
      }
      throw e;
    }
  }

  @Get()
  @ApiOperation({ summary: 'Every published standard version' })
  async list() {
    return (await this.queries.standards()).map((s) => ({
      id: s.id,
      version: s.version,
      title: s.title,
      issuingAuthority: s.issuingAuthority,
      effectiveFrom: s.effectiveFrom,
      effectiveTo: s.effectiveTo ?? null,
      passMark: s.passMark,
      indicators: s.categories.reduce((n, c) => n + c.indicators.length, 0),
      vetoes: s.vetoes.length,
    }));
  }

  @Get(':id')
  @ApiOperation({ summary: 'The latest version of a standard, whole, with the list of its versions' })
  async get(@Param('id') id: string) {
    const versions = (await this.queries.standards()).filter((s) => s.id === id).sort((a, b) => a.version - b.version);
    if (versions.length === 0) throw new NotFoundException(`no standard ${id}`);
    return {
      ...versions[versions.length - 1],
      versions: versions.map((v) => ({
        version: v.version,
        effectiveFrom: v.effectiveFrom,
        effectiveTo: v.effectiveTo ?? null,
      })),
    };
  }

  @Get(':id/versions/:version')
  @ApiOperation({ summary: 'One version of a standard, whole' })
  async version(@Param('id') id: string, @Param('version', ParseIntPipe) version: number) {
    const found = (await this.queries.standards()).find((s) => s.id === id && s.version === version);
    if (!found) throw new NotFoundException(`no standard ${id} version ${version}`);
    return found;
  }
}
