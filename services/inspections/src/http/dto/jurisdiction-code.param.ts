import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { JURISDICTION_CODE, JURISDICTION_CODE_MESSAGE } from '@chuangwen/http';

export class JurisdictionCodeParam {
  @ApiProperty({ example: '620102001' })
  @Matches(JURISDICTION_CODE, { message: `code ${JURISDICTION_CODE_MESSAGE}` })
  code!: string;
}
