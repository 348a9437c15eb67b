import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { IsCommunityCode, IsDay, IsText } from '@chuangwen/http';
import { PROBLEM_SOURCES } from '@chuangwen/contracts';
import type { ProblemSource } from '@chuangwen/contracts';
import { keysOf, PROBLEM_CATEGORIES } from '@chuangwen/scoring-engine';
import { InspectionEvidenceDto } from './common.dto';

const CATEGORIES = keysOf(PROBLEM_CATEGORIES);

export class RecordProblemDto {
  @ApiPropertyOptional({ description: 'Client-chosen id (UUID); generated when absent' })
  @IsOptional()
  @IsUUID()
  problemId?: string;
  @ApiProperty({ example: '620102001001' })
  @IsCommunityCode()
  communityCode!: string;
  @ApiProperty({ enum: CATEGORIES, description: 'See docs/inspections.md for the list and its sources' })
  @IsIn(CATEGORIES)
  category!: string;
  @ApiProperty({ example: '3号楼2单元楼道堆放杂物' }) @IsText({ max: 2000, multiline: true }) description!: string;
  @ApiProperty({ enum: PROBLEM_SOURCES }) @IsIn(PROBLEM_SOURCES) source!: ProblemSource;
  @ApiProperty({ example: '2025-06-01' }) @IsDay() foundOn!: string;
  @ApiPropertyOptional({ example: '3号楼2单元' }) @IsOptional() @IsText({ max: 500 }) location?: string;
  @ApiPropertyOptional({ description: 'The inspection that found it' }) @IsOptional() @IsUUID() inspectionId?: string;
  @ApiPropertyOptional({ type: [InspectionEvidenceDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => InspectionEvidenceDto)
  evidence?: InspectionEvidenceDto[];
}

export class IssueNoticeDto {
  @ApiProperty({ description: 'The problem the notice is about' }) @IsUUID() problemId!: string;
  @ApiProperty({ example: '2025-06-10', description: 'Last day to rectify (China time), inclusive' })
  @IsDay()
  deadline!: string;
  @ApiProperty({ example: '清理楼道杂物，恢复通行' }) @IsText({ max: 2000, multiline: true }) requirements!: string;
  @ApiPropertyOptional({ example: '城关整改〔2025〕12号' }) @IsOptional() @IsText({ max: 100 }) noticeNo?: string;
}

export class SubmitRectificationDto {
  @ApiProperty({ example: '已清理楼道杂物' }) @IsText({ max: 2000, multiline: true }) description!: string;
  @ApiProperty({ type: [InspectionEvidenceDto] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => InspectionEvidenceDto)
  evidence!: InspectionEvidenceDto[];
}
