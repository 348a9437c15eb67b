import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { JURISDICTION_LEVELS } from '@chuangwen/contracts';
import type { JurisdictionLevel } from '@chuangwen/contracts';
import { ISO_DATE, JURISDICTION_CODE, JURISDICTION_CODE_MESSAGE } from '@chuangwen/http';

/** An instant with its offset: without one, the instant would depend on the server's time zone. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const KNOWN_AT_MESSAGE = 'knownAt must be an ISO 8601 instant with an offset, e.g. 2025-06-30T23:59:59+08:00';

const list = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value);

export class EventExportQuery {
  @ApiPropertyOptional({ enum: ['ndjson', 'csv'], default: 'ndjson' })
  @IsOptional() @IsIn(['ndjson', 'csv']) format?: 'ndjson' | 'csv';

  @ApiPropertyOptional({ example: 'ActivityHeld,SurveyRecorded', description: 'Comma-separated event types; all by default' })
  @IsOptional() @Transform(list) @IsString({ each: true }) @MaxLength(80, { each: true }) @ArrayMaxSize(100) types?: string[];

  @ApiPropertyOptional({ example: '620100', description: 'Jurisdiction whose events (and its descendants’) are kept; your own by default' })
  @IsOptional() @Matches(JURISDICTION_CODE, { message: `jurisdiction ${JURISDICTION_CODE_MESSAGE}` }) jurisdiction?: string;

  @ApiPropertyOptional({ example: '2025-01-01', description: 'From this instant or day (China time), inclusive' })
  @IsOptional() @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or instant' }) from?: string;

  @ApiPropertyOptional({ example: '2026-01-01', description: 'Up to this instant or day, exclusive' })
  @IsOptional() @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or instant' }) to?: string;

  @ApiPropertyOptional({ enum: ['recorded', 'occurred'], default: 'recorded', description: 'The clock from/to read' })
  @IsOptional() @IsIn(['recorded', 'occurred']) time?: 'recorded' | 'occurred';
}

export class ScoreSnapshotQuery {
  @ApiPropertyOptional({ enum: JURISDICTION_LEVELS, description: 'Level of the rows; communities by default' })
  @IsOptional() @IsIn(JURISDICTION_LEVELS) level?: JurisdictionLevel;

  @ApiPropertyOptional({ example: '2025-06-30' })
  @IsOptional() @Matches(ISO_DATE, { message: 'asOf must be a date YYYY-MM-DD' }) asOf?: string;

  @ApiPropertyOptional({ example: '2025-07-01T09:00:00+08:00', description: 'The figures as the platform showed them at this instant: facts recorded by then (an ISO instant with an offset)' })
  @IsOptional() @Matches(INSTANT, { message: KNOWN_AT_MESSAGE }) @IsISO8601({ strict: true }, { message: KNOWN_AT_MESSAGE }) knownAt?: string;

  @ApiPropertyOptional({ example: 'gansu-civilized-community' })
  @IsOptional() @IsString() @MaxLength(120) standard?: string;

  @ApiPropertyOptional({ enum: ['csv'], default: 'csv' })
  @IsOptional() @IsIn(['csv']) @Type(() => String) format?: 'csv';
}

export class JurisdictionCodeParam {
  @ApiProperty({ example: '620102', description: 'Province/city/district (6 digits), street (9) or community (12)' })
  @Matches(JURISDICTION_CODE, { message: `code ${JURISDICTION_CODE_MESSAGE}` }) code!: string;
}
