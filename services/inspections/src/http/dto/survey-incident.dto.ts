import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { IsCommunityCode, IsDay, IsText, NotBefore } from '@chuangwen/http';
import { INCIDENT_KINDS, keysOf, SURVEY_TOPICS } from '@chuangwen/scoring-engine';
import { NotAbove } from './common.dto';

const TOPICS = keysOf(SURVEY_TOPICS);
const KINDS = keysOf(INCIDENT_KINDS);

export class RecordSurveyDto {
  @ApiPropertyOptional({ description: 'Client-chosen id (UUID); generated when absent' })
  @IsOptional()
  @IsUUID()
  surveyId?: string;
  @ApiProperty({ example: '620102001001' })
  @IsCommunityCode()
  communityCode!: string;
  @ApiProperty({ enum: TOPICS }) @IsIn(TOPICS) topic!: string;
  @ApiProperty({ example: 200, description: 'Answers collected' })
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  sampleSize!: number;
  @ApiProperty({ example: 187, description: 'Positive answers (aware, satisfied, …); the rate is computed' })
  @IsInt()
  @Min(0)
  @NotAbove('sampleSize')
  positive!: number;
  @ApiProperty({
    example: '2025-05-30',
    description: 'The day the survey closed (its period’s end): standards date surveys by it',
  })
  @IsDay()
  @NotBefore('periodStart', { message: 'conductedOn must not be before periodStart' })
  conductedOn!: string;
  @ApiPropertyOptional({
    example: '2025-05-01',
    description: 'First day of the survey period; the day it closed by default',
  })
  @IsOptional()
  @IsDay()
  periodStart?: string;
}

export class ReportIncidentDto {
  @ApiPropertyOptional({ description: 'Client-chosen id (UUID); generated when absent' })
  @IsOptional()
  @IsUUID()
  incidentId?: string;
  @ApiProperty({ example: '620102001001' })
  @IsCommunityCode()
  communityCode!: string;
  @ApiProperty({ enum: KINDS, description: 'The standards’ veto (一票否决) and no-incident kinds' })
  @IsIn(KINDS)
  kind!: string;
  @ApiProperty({ example: '2025-05-20', description: 'When it happened (the veto window counts from it)' })
  @IsDay()
  occurredOn!: string;
  @ApiProperty({ example: '辖区内发生一起重大刑事案件' }) @IsText({ max: 4000, multiline: true }) description!: string;
}
