import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class JurisdictionCodeParam {
  @ApiProperty({ example: '321282', description: 'Province/city/district (6 digits), street (9) or community (12)' })
  @Matches(/^(\d{6}|\d{9}|\d{12})$/, { message: 'code must be a jurisdiction code of 6, 9 or 12 digits' })
  code!: string;
}
