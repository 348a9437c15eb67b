import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@chuangwen/auth';
import { PROJECTION_HOST, ProjectionHost } from '@chuangwen/projections';

/** A connection the process depends on, and how to see that it answers. */
export interface HealthCheck {
  readonly name: string;
  readonly kind: string;
  check(): Promise<Record<string, unknown> | void>;
}
export const HEALTH_CHECKS = Symbol('HealthChecks');
export const PLATFORM_MODE = Symbol('PlatformMode');

/** What /health answers, healthy (200) or degraded (503): the same body. */
const HEALTH_SCHEMA = {
  type: 'object',
  required: ['status', 'mode', 'connections', 'projections'],
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded'] },
    mode: { type: 'string', enum: ['embedded', 'distributed'] },
    services: { type: 'array', items: { type: 'string' } },
    connections: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'kind', 'up'],
        properties: {
          name: { type: 'string' },
          kind: { type: 'string' },
          up: { type: 'boolean' },
          error: { type: 'string' },
        },
      },
    },
    projections: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'state', 'position', 'running'],
        properties: {
          name: { type: 'string' },
          state: { type: 'string', enum: ['running', 'degraded', 'stopped'] },
          position: { type: 'number' },
          running: { type: 'boolean' },
          error: { type: 'string' },
          failures: { type: 'integer', description: 'Units of work failed in a row' },
          failingSince: { type: 'string', format: 'date-time' },
          restarts: { type: 'integer' },
          eventsBehind: {
            type: 'integer',
            nullable: true,
            description: 'Events not applied yet (null: the source cannot tell)',
          },
          secondsBehind: { type: 'number', nullable: true, description: 'Age of the oldest event waiting (0: none)' },
        },
      },
    },
  },
};

/** What /health/ready answers when something is down or degraded (503). */
const NOT_READY_SCHEMA = {
  type: 'object',
  required: ['ready', 'failing'],
  properties: {
    ready: { type: 'boolean', enum: [false] },
    failing: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string' }, state: { type: 'string' }, error: { type: 'string' } },
      },
    },
  },
};

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HEALTH_CHECKS) private readonly checks: HealthCheck[],
    @Inject(PROJECTION_HOST) private readonly projections: ProjectionHost,
    @Inject(PLATFORM_MODE) private readonly mode: { mode: string; services: string[] },
  ) {}

  /**
   * 200 when every connection answers and every projection runs; 503 (same body) otherwise: a
   * projection whose units of work keep failing is `degraded`, with its error and lag.
   */
  @Public()
  @Get()
  @ApiOperation({
    summary: 'Each connection’s state and each projection’s state, position and lag; 503 when any is down or degraded',
  })
  @ApiOkResponse({ description: 'Every connection answers, every projection runs', schema: HEALTH_SCHEMA })
  @ApiServiceUnavailableResponse({
    description: 'Degraded: a connection does not answer or a projection stopped (same body)',
    schema: HEALTH_SCHEMA,
  })
  async health() {
    const body = await this.report();
    if (body.status !== 'ok') throw new ServiceUnavailableException(body);
    return body;
  }

  /** For a load balancer or Kubernetes' readiness probe: 503 while anything is down or degraded. */
  @Public()
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: 200 { ready: true }, or 503 naming what is down or degraded' })
  @ApiOkResponse({
    description: 'Ready',
    schema: { type: 'object', required: ['ready'], properties: { ready: { type: 'boolean', enum: [true] } } },
  })
  @ApiServiceUnavailableResponse({ description: 'Not ready: what is down or degraded', schema: NOT_READY_SCHEMA })
  async ready() {
    const body = await this.report();
    if (body.status === 'ok') return { ready: true };
    const failing = [
      ...body.connections.filter((c) => !c.up).map((c) => ({ name: c.name, error: (c as { error?: string }).error })),
      ...body.projections
        .filter((p) => p.state !== 'running')
        .map((p) => ({ name: p.name, state: p.state, error: p.error })),
    ];
    throw new ServiceUnavailableException({ ready: false, failing });
  }

  /** Liveness: the process answers (a degraded projection is not cured by a restart). */
  @Public()
  @Get('live')
  @ApiOperation({ summary: 'Liveness: 200 while the process answers' })
  @ApiOkResponse({
    description: 'The process answers',
    schema: { type: 'object', required: ['live'], properties: { live: { type: 'boolean', enum: [true] } } },
  })
  live() {
    return { live: true };
  }

  private async report() {
    const connections = await Promise.all(
      this.checks.map(async (c) => {
        try {
          return { name: c.name, kind: c.kind, up: true, ...((await withTimeout(c.check(), 3000)) ?? {}) };
        } catch (e) {
          return { name: c.name, kind: c.kind, up: false, error: (e as Error).message };
        }
      }),
    );
    const projections = await withTimeout(this.projections.health(), 3000).catch(() =>
      this.projections.status().map((p) => ({ ...p, eventsBehind: null, secondsBehind: null })),
    );
    const ok = connections.every((c) => c.up) && projections.every((p) => p.state === 'running');
    return { status: ok ? 'ok' : 'degraded', ...this.mode, connections, projections };
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  const timeout = new Promise<T>((_, reject) =>
    setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref(),
  );
  return Promise.race([p, timeout]);
}
