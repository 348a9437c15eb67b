import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { IsCommunityCode, IsDay, IsJurisdictionCode, IsText, NotBefore } from '@chuangwen/http';
import {
  AWARD_KIND_VALUES,
  AwardKind,
  MORAL_MODEL_KINDS,
  MoralModelKind,
  NomineeType,
  TITLE_LEVELS,
  TitleLevel,
} from '@chuangwen/contracts';

class CycleDto {
  @ApiProperty({ example: '2025-01-01' }) @IsDay() from!: string;
  @ApiProperty({ example: '2025-12-31' }) @IsDay() @NotBefore('from') to!: string;
}

class EligibilityDto {
  @ApiPropertyOptional({ description: 'Minimum scorecard total (community titles); default: the standard’s pass mark' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  minTotal?: number;
  @ApiProperty({ description: 'No confirmed veto incident within the standard’s look-back window' })
  @IsBoolean()
  noVeto!: boolean;
  @ApiPropertyOptional({
    description: 'The standard to read the scores under (default: the one in force for the community)',
  })
  @IsOptional()
  @IsText({ max: 100 })
  standardId?: string;
}

export class DefineProgramDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() programId?: string;
  @ApiProperty({ enum: AWARD_KIND_VALUES }) @IsIn(AWARD_KIND_VALUES) kind!: AwardKind;
  @ApiProperty({ enum: TITLE_LEVELS }) @IsIn(TITLE_LEVELS) level!: TitleLevel;
  @ApiProperty({ example: '2025年度区级文明社区评选' }) @IsText({ max: 200 }) title!: string;
  @ApiProperty({ example: '620102', description: 'The office running the program' })
  @IsJurisdictionCode()
  authority!: string;
  @ApiProperty({ type: CycleDto }) @ValidateNested() @Type(() => CycleDto) cycle!: CycleDto;
  @ApiProperty({ example: 10 }) @IsInt() @Min(1) @Max(100_000) quota!: number;
  @ApiPropertyOptional({ default: 7 }) @IsOptional() @IsInt() @Min(1) @Max(60) noticeDays?: number;
  @ApiProperty({ type: EligibilityDto }) @ValidateNested() @Type(() => EligibilityDto) eligibility!: EligibilityDto;
  @ApiPropertyOptional({ default: 2, description: 'Years a title holds before re-inspection' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10)
  validityYears?: number;
}

export class SubmitNominationDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() nominationId?: string;
  @ApiProperty({ enum: ['application', 'nomination'], description: '申报 (by the nominee) or 推荐 (by others)' })
  @IsIn(['application', 'nomination'])
  route!: 'application' | 'nomination';
  @ApiProperty({ enum: ['community', 'family', 'compound', 'person'] })
  @IsIn(['community', 'family', 'compound', 'person'])
  nomineeType!: NomineeType;
  @ApiProperty({
    example: '620102001001',
    description: 'The community nominated, or where the person/family/compound is',
  })
  @IsCommunityCode()
  communityCode!: string;
  @ApiProperty({ example: '某社区' }) @IsText({ max: 100 }) name!: string;
  @ApiPropertyOptional({ enum: MORAL_MODEL_KINDS })
  @IsOptional()
  @IsIn(MORAL_MODEL_KINDS)
  moralModelKind?: MoralModelKind;
}

export class OutcomeDto {
  @ApiProperty() @IsBoolean() passed!: boolean;
  @ApiProperty() @IsText({ max: 1000, multiline: true }) remark!: string;
}

class RatingsDto {
  @ApiProperty({ description: '好' }) @IsInt() @Min(0) @Max(10_000) good!: number;
  @ApiProperty({ description: '较好' }) @IsInt() @Min(0) @Max(10_000) fairly_good!: number;
  @ApiProperty({ description: '一般' }) @IsInt() @Min(0) @Max(10_000) average!: number;
}

export class HearingDto {
  @ApiProperty({ type: RatingsDto }) @ValidateNested() @Type(() => RatingsDto) ratings!: RatingsDto;
}

export class NoticeDto {
  @ApiPropertyOptional({ description: 'Days of public notice; default the program’s (7)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  days?: number;
}

export class ObjectionDto {
  @ApiProperty() @IsText({ max: 2000, multiline: true }) summary!: string;
}

export class ResolutionDto {
  @ApiProperty() @IsBoolean() upheld!: boolean;
  @ApiProperty() @IsText({ max: 2000, multiline: true }) resolution!: string;
}

export class RemovalDto {
  @ApiProperty() @IsText({ max: 2000, multiline: true }) detail!: string;
}

export class CoverageQuery {
  @ApiPropertyOptional({ enum: TITLE_LEVELS, default: 'county' }) @IsOptional() @IsIn(TITLE_LEVELS) level?: TitleLevel;
}

export class TitlesQuery {
  @ApiPropertyOptional({ description: 'Also list removed titles, with the reason' })
  @IsOptional()
  @IsIn(['true', 'false'])
  removed?: 'true' | 'false';
}
