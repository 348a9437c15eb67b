import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsDay } from './dates';

/** The shape of a day; use IsDay() to validate one (this pattern admits 2026-02-30). */
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class AsOfQuery {
  @ApiPropertyOptional({ example: '2025-06-30', description: 'Figures as they stood at the end of this day' })
  @IsOptional()
  @IsDay()
  asOf?: string;
}

/** Paging stops here: a larger offset only makes a store scan to nothing (and SQLite refuses one past 2^63). */
export const MAX_OFFSET = 1_000_000;

/** `offset` of a paged list: a whole number from 0 to MAX_OFFSET, 0 by default. */
export const PageOffset = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ default: 0, minimum: 0, maximum: MAX_OFFSET }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(0),
    Max(MAX_OFFSET),
  ) as PropertyDecorator;
