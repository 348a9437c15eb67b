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
      items: { type: 'object', required: ['name', 'kind', 'up'], properties: { name: { type: 'string' }, kind: { type: 'string' }, up: { type: 'boolean' }, error: { type: 'string' } } },
    },
    projections: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'running'],
        properties: { name: { type: 'string' }, position: { type: 'number' }, running: { type: 'boolean' }, error: { type: 'string' }, restarts: { type: 'integer' } },
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

  /** 200 when every connection answers and every projection runs; 503 (same body) otherwise. */
  @Public()
  @Get()
  @ApiOperation({ summary: 'Liveness and readiness: each connection’s state and each projection’s position' })
  @ApiOkResponse({ description: 'Every connection answers, every projection runs', schema: HEALTH_SCHEMA })
  @ApiServiceUnavailableResponse({ description: 'Degraded: a connection does not answer or a projection stopped (same body)', schema: HEALTH_SCHEMA })
  async health() {
    const connections = await Promise.all(
      this.checks.map(async (c) => {
        try {
          return { name: c.name, kind: c.kind, up: true, ...((await withTimeout(c.check(), 3000)) ?? {}) };
        } catch (e) {
          return { name: c.name, kind: c.kind, up: false, error: (e as Error).message };
        }
      }),
    );
    const projections = this.projections.status();
    const ok = connections.every((c) => c.up) && projections.every((p) => p.running);
    const body = { status: ok ? 'ok' : 'degraded', ...this.mode, connections, projections };
    if (!ok) throw new ServiceUnavailableException(body);
    return body;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  const timeout = new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref());
  return Promise.race([p, timeout]);
}
