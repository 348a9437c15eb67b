import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@chuangwen/auth';
import { EVENT_STORE, EventStore } from '@chuangwen/event-store';
import { PROJECTION_HOST, ProjectionHost } from '@chuangwen/projections';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(PROJECTION_HOST) private readonly projections: ProjectionHost,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Liveness and the state of the event store and each projection' })
  async health() {
    const head = await this.events.headPosition();
    const projections = this.projections.status().map((p) => ({ ...p, lag: Math.max(0, head - p.position) }));
    const ok = projections.every((p) => p.running);
    return { status: ok ? 'ok' : 'degraded', mode: 'embedded', eventStore: { kind: 'sqlite', head }, projections };
  }
}
