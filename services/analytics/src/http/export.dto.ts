import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsOptional } from 'class-validator';
import { JURISDICTION_LEVELS } from '@chuangwen/contracts';
import type { JurisdictionLevel } from '@chuangwen/contracts';
import { IsDay, IsDayOrInstant, IsJurisdictionCode, IsText } from '@chuangwen/http';
import { KnownAt } from '@chuangwen/scoring';
import { EXPORTABLE_TYPES } from '../exports/export-options';

const list = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : value;

export class EventExportQuery {
  @ApiPropertyOptional({ enum: ['ndjson', 'csv'], default: 'ndjson' })
  @IsOptional()
  @IsIn(['ndjson', 'csv'])
  format?: 'ndjson' | 'csv';

  @ApiPropertyOptional({
    example: 'ActivityHeld,SurveyRecorded',
    description: 'Comma-separated event types; all by default',
  })
  @IsOptional()
  @Transform(list)
  @ArrayMaxSize(100)
  @IsIn(EXPORTABLE_TYPES, {
    each: true,
    message: `each of types must be a known event type: ${EXPORTABLE_TYPES.join(', ')}`,
  })
  types?: string[];

  @ApiPropertyOptional({
    example: '620100',
    description: 'Jurisdiction whose events (and its descendants’) are kept; your own by default',
  })
  @IsOptional()
  @IsJurisdictionCode()
  jurisdiction?: string;

  @ApiPropertyOptional({ example: '2025-01-01', description: 'From this instant or day (China time), inclusive' })
  @IsOptional()
  @IsDayOrInstant()
  from?: string;

  @ApiPropertyOptional({ example: '2026-01-01', description: 'Up to this instant or day, exclusive' })
  @IsOptional()
  @IsDayOrInstant()
  to?: string;

  @ApiPropertyOptional({ enum: ['recorded', 'occurred'], default: 'recorded', description: 'The clock from/to read' })
  @IsOptional()
  @IsIn(['recorded', 'occurred'])
  time?: 'recorded' | 'occurred';
}

export class ScoreSnapshotQuery {
  @ApiPropertyOptional({ enum: JURISDICTION_LEVELS, description: 'Level of the rows; communities by default' })
  @IsOptional()
  @IsIn(JURISDICTION_LEVELS)
  level?: JurisdictionLevel;

  @ApiPropertyOptional({ example: '2025-06-30' })
  @IsOptional()
  @IsDay()
  asOf?: string;

  @KnownAt() knownAt?: string;

  @ApiPropertyOptional({ example: 'gansu-civilized-community' })
  @IsOptional()
  @IsText({ max: 120 })
  standard?: string;

  @ApiPropertyOptional({ enum: ['csv'], default: 'csv' })
  @IsOptional()
  @IsIn(['csv'])
  @Type(() => String)
  format?: 'csv';
}
