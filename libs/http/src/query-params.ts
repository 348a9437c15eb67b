import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

export const JURISDICTION_CODE = /^(\d{6}|\d{9}|\d{12})$/;
export const JURISDICTION_CODE_MESSAGE = 'must be a jurisdiction code: 6 digits (province/city/district), 9 (street/town) or 12 (committee)';
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class AsOfQuery {
  @ApiPropertyOptional({ example: '2025-06-30', description: 'Figures as they stood at the end of this day' })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'asOf must be a date YYYY-MM-DD' })
  asOf?: string;
}
