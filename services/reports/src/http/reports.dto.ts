import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { JURISDICTION_LEVELS, TITLE_LEVELS } from '@chuangwen/contracts';
import type { JurisdictionLevel, TitleLevel } from '@chuangwen/contracts';
import { IsDay, IsJurisdictionCode, IsText, NotBefore } from '@chuangwen/http';

export class StandardQuery {
  @ApiPropertyOptional({
    example: 'gansu-civilized-community',
    description: 'A standard id; by default the nearest authority’s standard in force',
  })
  @IsOptional()
  @IsText({ max: 120 })
  standard?: string;
}

export class TrendsQuery extends StandardQuery {
  @ApiPropertyOptional({ enum: ['week', 'month'], default: 'month' }) @IsOptional() @IsIn(['week', 'month']) interval?:
    'week' | 'month';
  @ApiPropertyOptional({
    example: '2025-01-01',
    description: 'First day of the range (default: eleven months before `to`, from the 1st)',
  })
  @IsOptional()
  @IsDay()
  from?: string;
  @ApiPropertyOptional({
    example: '2025-06-30',
    description: 'Last day (default today); each point is the figures as of a period’s end',
  })
  @IsOptional()
  @IsDay()
  @NotBefore('from')
  to?: string;
}

export class WarningQuery extends StandardQuery {
  @ApiPropertyOptional({ example: '2025-06-30', description: 'Project from the facts as of this day (default: now)' })
  @IsOptional()
  @IsDay()
  asOf?: string;
  @ApiPropertyOptional({
    example: '2025-12-31',
    description: 'The evaluation day (default: 31 December of the year projected from)',
  })
  @IsOptional()
  @IsDay()
  @NotBefore('asOf')
  on?: string;
  @ApiPropertyOptional({ description: 'true: every community, those projected to pass too' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  all?: boolean;
}

export class BulletinQuery extends StandardQuery {
  @ApiProperty({ example: '2025-06', description: 'The month (YYYY-MM)' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be a month YYYY-MM' })
  month!: string;
}

export class XlsxRankingsQuery extends StandardQuery {
  @ApiPropertyOptional({ enum: JURISDICTION_LEVELS, description: 'Level ranked; the next level down by default' })
  @IsOptional()
  @IsIn(JURISDICTION_LEVELS)
  level?: JurisdictionLevel;
  @ApiPropertyOptional({ example: '2025-06-30' }) @IsOptional() @IsDay() asOf?: string;
  @ApiPropertyOptional({
    example: '2025-05-31',
    description: 'Change of each row since this day (default: the end of the previous month)',
  })
  @IsOptional()
  @IsDay()
  since?: string;
  @ApiPropertyOptional({ default: 10000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  limit?: number;
}

export class XlsxScoresQuery extends StandardQuery {
  @ApiPropertyOptional({ example: '2025-06-30' }) @IsOptional() @IsDay() asOf?: string;
}

export class XlsxRectificationsQuery {
  @ApiProperty({ example: '620102001', description: 'A community (12 digits), street (9) or district (6)' })
  @IsJurisdictionCode()
  jurisdictionCode!: string;
  @ApiPropertyOptional({ description: 'Only records in this status' })
  @IsOptional()
  @IsText({ max: 40 })
  status?: string;
  @ApiPropertyOptional({ description: 'true: the overdue list' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;
}

export class XlsxPeriodQuery {
  @ApiPropertyOptional({ example: '2025-01-01' }) @IsOptional() @IsDay() from?: string;
  @ApiPropertyOptional({ example: '2025-12-31' }) @IsOptional() @IsDay() @NotBefore('from') to?: string;
}

export class XlsxCoverageQuery {
  @ApiPropertyOptional({ enum: TITLE_LEVELS, default: 'county' }) @IsOptional() @IsIn(TITLE_LEVELS) level?: TitleLevel;
}
