import { Controller, Get, Inject, NotFoundException, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@chuangwen/auth';
import { JURISDICTION_CODE, JURISDICTION_LEVELS } from '@chuangwen/contracts';
import { JurisdictionRegistry } from '@chuangwen/jurisdictions';
import { READ_STORE, ReadStore } from '@chuangwen/read-store';
import { JurisdictionCodeParam } from '@chuangwen/http';

const NODE = {
  type: 'object',
  required: ['code', 'name', 'level', 'ancestors'],
  properties: {
    code: { type: 'string', pattern: JURISDICTION_CODE.source },
    name: { type: 'string' },
    level: { type: 'string', enum: [...JURISDICTION_LEVELS] },
    parentCode: { type: 'string', nullable: true },
    ancestors: { type: 'array', items: { type: 'string' }, description: 'From the country down to the parent' },
    kind: { type: 'string' },
  },
};

/** The jurisdiction tree is public reference data (national statistical division codes). */
@ApiTags('jurisdictions')
@Controller('api/jurisdictions')
export class JurisdictionsController {
  private readonly registry: JurisdictionRegistry;

  constructor(@Inject(READ_STORE) store: ReadStore) {
    this.registry = new JurisdictionRegistry(store);
  }

  @Public()
  @Get(':code')
  @ApiOperation({ summary: 'A jurisdiction with its level, parent, ancestors and children' })
  @ApiOkResponse({
    schema: {
      ...NODE,
      required: [...NODE.required, 'children'],
      properties: { ...NODE.properties, children: { type: 'array', items: NODE } },
    },
  })
  async get(@Param() { code }: JurisdictionCodeParam) {
    const node = await this.registry.get(code);
    if (!node)
      throw new NotFoundException(
        `no jurisdiction ${code} in the registry (seed it: npm run seed -- --region ${code.slice(0, 6)})`,
      );
    return node;
  }
}
