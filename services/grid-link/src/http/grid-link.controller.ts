import { randomUUID } from 'node:crypto';
import {
  Body,
  Controller,
  Delete,
  ForbiddenException,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUrl, Matches } from 'class-validator';
import { CurrentActor, Public, Roles } from '@chuangwen/auth';
import { forbidden, invalid, isWithin } from '@chuangwen/contracts';
import type { Actor } from '@chuangwen/contracts';
import { IsJurisdictionCode, IsText } from '@chuangwen/http';
import { GridDispatcher } from '../application/dispatcher';
import { GridEndpoints } from '../application/endpoints';
import { GridInbound, GridReceipt } from '../application/grid-inbound';
import { endpointClientProblem } from '../application/grid-clients';
import type { GridClientConfig } from '../application/grid-clients';
import { GRID_HEADERS } from '../application/signature';
import { GridEventDto } from './grid-event.dto';
import { GridSignatureGuard } from './grid-signature.guard';

export class RegisterEndpointDto {
  @ApiProperty({ example: 'https://grid.example.cn/chuangwen/events' })
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'url must be an http(s) URL' },
  )
  url!: string;

  @ApiProperty({ example: '620102', description: 'Rectifications of problems in this jurisdiction are sent there' })
  @IsJurisdictionCode()
  jurisdictionCode!: string;

  @ApiPropertyOptional({
    example: 'wg-chengguan',
    description: 'A configured grid client: deliveries are then signed with its secret',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{3,64}$/)
  clientId?: string;

  @ApiPropertyOptional() @IsOptional() @IsText({ max: 200 }) description?: string;
}

class EndpointsQueryDto {
  @ApiPropertyOptional({ example: '620102' }) @IsOptional() @IsJurisdictionCode() jurisdictionCode?: string;
}

@ApiTags('grid')
@Controller('api/integrations/grid')
export class GridLinkController {
  constructor(
    private readonly inbound: GridInbound,
    private readonly endpoints: GridEndpoints,
    private readonly dispatcher: GridDispatcher,
  ) {}

  @Post('events')
  @Public()
  @UseGuards(GridSignatureGuard)
  @ApiOperation({ summary: 'A grid platform reports a problem (HMAC-signed; see docs/grid.md)' })
  @ApiHeader({ name: GRID_HEADERS.keyId, required: true })
  @ApiHeader({ name: GRID_HEADERS.timestamp, required: true, description: 'Unix seconds' })
  @ApiHeader({
    name: GRID_HEADERS.signature,
    required: true,
    description: 'sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">',
  })
  receive(
    @Body() body: GridEventDto,
    @Req() request: { gridClient: GridClientConfig; headers: Record<string, unknown> },
  ): Promise<GridReceipt> {
    const correlation = request.headers['x-request-id'];
    return this.inbound.receive(request.gridClient, body, typeof correlation === 'string' ? correlation : randomUUID());
  }

  @Post('endpoints')
  @ApiBearerAuth()
  @Roles('office')
  @ApiOperation({ summary: 'Register an endpoint that receives rectification CloudEvents' })
  register(@Body() body: RegisterEndpointDto, @CurrentActor() actor: Actor) {
    if (!isWithin(body.jurisdictionCode, actor.jurisdiction))
      throw new ForbiddenException(`${body.jurisdictionCode} is outside your jurisdiction ${actor.jurisdiction}`);
    const client = this.inbound.client(body.clientId);
    if (body.clientId && !client)
      throw invalid(`no grid client ${body.clientId} is configured (GRID_CLIENTS)`, { field: 'clientId' });
    const problem = client && endpointClientProblem(client, body.jurisdictionCode, actor.jurisdiction);
    if (problem)
      throw problem.kind === 'forbidden' ? forbidden(problem.message) : invalid(problem.message, { field: 'clientId' });
    return this.endpoints.register(
      { url: body.url, jurisdiction: body.jurisdictionCode, clientId: body.clientId, description: body.description },
      actor,
    );
  }

  @Get('endpoints')
  @ApiBearerAuth()
  @Roles('office')
  @ApiOperation({ summary: 'The endpoints (configured, registered, the Kafka topic) with their delivery health' })
  async list(@Query() q: EndpointsQueryDto, @CurrentActor() actor: Actor) {
    const all = await this.endpoints.all();
    const scope = q.jurisdictionCode ?? actor.jurisdiction;
    if (!isWithin(scope, actor.jurisdiction))
      throw new ForbiddenException(`${scope} is outside your jurisdiction ${actor.jurisdiction}`);
    return all
      .filter((e) => isWithin(e.jurisdiction, scope) || isWithin(scope, e.jurisdiction))
      .map((e) => ({ ...e, health: this.dispatcher.healthOf(e.id) }));
  }

  @Delete('endpoints/:id')
  @HttpCode(204)
  @ApiBearerAuth()
  @Roles('office')
  async remove(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.endpoints.remove(id, (e) => {
      if (!isWithin(e.jurisdiction, actor.jurisdiction))
        throw forbidden(`endpoint ${id} serves ${e.jurisdiction}, outside your jurisdiction ${actor.jurisdiction}`);
    });
  }
}
