import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsDay } from './dates';

export const JURISDICTION_CODE = /^(\d{6}|\d{9}|\d{12})$/;
export const JURISDICTION_CODE_MESSAGE = 'must be a jurisdiction code: 6 digits (province/city/district), 9 (street/town) or 12 (committee)';
/** The shape of a day; use IsDay() to validate one (this pattern admits 2026-02-30). */
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class AsOfQuery {
  @ApiPropertyOptional({ example: '2025-06-30', description: 'Figures as they stood at the end of this day' })
  @IsOptional()
  @IsDay()
  asOf?: string;
}
