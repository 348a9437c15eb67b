import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { JURISDICTION_CODE, JURISDICTION_CODE_MESSAGE } from './query-params';

/** A jurisdiction code (6, 9 or 12 digits); the 400 names the field. One rule for every DTO. */
export const IsJurisdictionCode = (): PropertyDecorator =>
  Matches(JURISDICTION_CODE, { message: ({ property }) => `${property} ${JURISDICTION_CODE_MESSAGE}` });

/** `{code}` in a path: `@Param() { code }: JurisdictionCodeParam`. */
export class JurisdictionCodeParam {
  @ApiProperty({ example: '620102', description: 'Province/city/district (6 digits), street (9) or community (12)' })
  @IsJurisdictionCode()
  code!: string;
}
