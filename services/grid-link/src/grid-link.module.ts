import { DynamicModule, Module } from '@nestjs/common';
import type { Projection } from '@chuangwen/projections';
import { GridDispatcher } from './application/dispatcher';
import { GridEndpoints } from './application/endpoints';
import { GridInbound } from './application/grid-inbound';
import { GridInboundConsumer } from './application/inbound-consumer';
import { DEFAULT_GRID_LINK_OPTIONS, GRID_LINK_OPTIONS, GridLinkOptions } from './application/options';
import { gridOutboxProjection } from './application/outbox.projection';
import { DefaultGridTransport, GRID_TRANSPORT } from './application/transport';
import { GridLinkController } from './http/grid-link.controller';
import { GridSignatureGuard } from './http/grid-signature.guard';

/**
 * The link with the grid-management platform (网格化服务管理): problems in (webhook, grid.inbound),
 * rectification CloudEvents out (HTTP endpoints, grid.outbound). Needs EVENT_STORE, READ_STORE,
 * CLOCK, READ_YOUR_WRITES, JURISDICTION_LOOKUP, and MESSAGE_BUS in distributed mode.
 */
@Module({})
export class GridLinkModule {
  static readonly projections: readonly Projection[] = [gridOutboxProjection];

  static forRoot(options: Partial<GridLinkOptions> = {}): DynamicModule {
    return {
      module: GridLinkModule,
      controllers: [GridLinkController],
      providers: [
        { provide: GRID_LINK_OPTIONS, useValue: { ...DEFAULT_GRID_LINK_OPTIONS, ...options } },
        { provide: GRID_TRANSPORT, useClass: DefaultGridTransport },
        GridInbound,
        GridEndpoints,
        GridDispatcher,
        GridInboundConsumer,
        GridSignatureGuard,
      ],
      exports: [GridDispatcher, GridInbound, GridEndpoints],
    };
  }
}
