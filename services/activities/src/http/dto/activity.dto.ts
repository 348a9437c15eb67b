import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsCommunityCode, IsDay, IsInstant, IsJurisdictionCode, IsText, NotBefore, PageOffset } from '@chuangwen/http';
import {
  ACTIVITY_KIND_VALUES,
  ACTIVITY_SCALES,
  ActivityKind,
  ActivityScale,
  FOUR_INTO_COMMUNITY_THEMES,
  FourIntoCommunityTheme,
} from '@chuangwen/contracts';
import { EvidenceDto } from './evidence.dto';

class ActivityBasicsDto {
  @ApiPropertyOptional({ description: 'Client-chosen id (UUID) for idempotent retries; generated when absent' })
  @IsOptional()
  @IsUUID()
  activityId?: string;

  @ApiProperty({ example: '321282001001', description: '12-digit community (committee) code' })
  @IsCommunityCode()
  communityCode!: string;

  @ApiProperty({ enum: ACTIVITY_KIND_VALUES }) @IsIn(ACTIVITY_KIND_VALUES) kind!: ActivityKind;

  @ApiProperty({ example: '“孝老爱亲”道德讲堂' }) @IsText({ max: 200 }) title!: string;

  @ApiProperty({ example: '靖城街道某社区居委会' }) @IsText({ max: 200 }) organiser!: string;

  @ApiProperty({ enum: ACTIVITY_SCALES, description: 'large = 大型 (seed 000 counts them separately)' })
  @IsIn(ACTIVITY_SCALES)
  scale!: ActivityScale;

  @ApiPropertyOptional({ enum: FOUR_INTO_COMMUNITY_THEMES, description: 'Only for four_into_community' })
  @ValidateIf((o) => o.kind === 'four_into_community' || o.theme !== undefined)
  @IsIn(FOUR_INTO_COMMUNITY_THEMES, {
    message: 'theme must be one of science_education, culture_sports, health, law (required for four_into_community)',
  })
  theme?: FourIntoCommunityTheme;
}

export class RecordActivityDto extends ActivityBasicsDto {
  @ApiProperty({ example: '2025-05-20T09:00:00+08:00' }) @IsInstant() heldAt!: string;

  @ApiProperty({ example: 120 }) @IsInt() @Min(0) @Max(1_000_000) participants!: number;

  @ApiPropertyOptional({ description: 'Banners, boards, leaflets (publicity)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  publicityItems?: number;

  @ApiPropertyOptional({ type: [EvidenceDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => EvidenceDto)
  evidence?: EvidenceDto[];
}

export class PlanActivityDto extends ActivityBasicsDto {
  @ApiProperty({ example: '2025-06-10T09:00:00+08:00' }) @IsInstant() plannedFor!: string;

  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(1_000_000) expectedParticipants?: number;
}

export class MarkHeldDto {
  @ApiProperty() @IsInstant() heldAt!: string;
  @ApiProperty() @IsInt() @Min(0) @Max(1_000_000) participants!: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(10_000_000) publicityItems?: number;
}

export class CancelActivityDto {
  @ApiProperty({ example: '因天气原因取消' }) @IsText({ max: 500, multiline: true }) reason!: string;
}

export class AttachEvidenceDto {
  @ApiProperty({ type: [EvidenceDto] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => EvidenceDto)
  evidence!: EvidenceDto[];
}

export class ListActivitiesDto {
  @ApiPropertyOptional({
    example: '321282001001',
    description: 'A community; or use jurisdictionCode for a street or district',
  })
  // Checked whenever given (an empty one beside jurisdictionCode was a 500), and required without jurisdictionCode.
  @ValidateIf((o) => o.jurisdictionCode === undefined || o.communityCode !== undefined)
  @IsCommunityCode({ hint: 'or give jurisdictionCode' })
  communityCode?: string;

  @ApiPropertyOptional({ example: '321282001', description: 'A street (9 digits) or district (6 digits)' })
  @IsOptional()
  @IsJurisdictionCode()
  jurisdictionCode?: string;

  @ApiPropertyOptional({ example: '2025-01-01' }) @IsOptional() @IsDay() from?: string;
  @ApiPropertyOptional({ example: '2025-12-31' }) @IsOptional() @IsDay() @NotBefore('from') to?: string;
  @ApiPropertyOptional({ default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  @PageOffset() offset?: number;
}
