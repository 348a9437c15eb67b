import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, Matches, ValidateNested } from 'class-validator';
import { IsCommunityCode, IsEvidenceRef, IsInstant, IsText } from '@chuangwen/http';
import { INSPECTION_EVIDENCE_KINDS } from '@chuangwen/contracts';
import type { InspectionEvidence } from '@chuangwen/contracts';

export class GridEvidenceDto implements InspectionEvidence {
  @ApiProperty({ enum: INSPECTION_EVIDENCE_KINDS }) @IsIn(INSPECTION_EVIDENCE_KINDS) kind!: InspectionEvidence['kind'];

  @ApiProperty({
    example: 'https://grid.example.cn/files/9f2c.jpg',
    description: 'A file reference; for gps_point "lat,lng" (WGS-84)',
  })
  @IsText({ max: 512 })
  @IsEvidenceRef()
  ref!: string;

  @ApiPropertyOptional() @IsOptional() @IsText({ max: 500, multiline: true }) description?: string;
}

/** A problem the grid platform reports (the webhook's body, and a grid.inbound message's value). */
export class GridEventDto {
  @ApiProperty({
    example: 'WG20250601-000123',
    description: "The grid's own event (case) id; a second report with it is refused (409)",
  })
  @Matches(/^[A-Za-z0-9._:-]{1,64}$/, {
    message: 'eventId must be 1–64 letters, digits, dots, dashes, colons or underscores',
  })
  eventId!: string;

  @ApiProperty({ example: '0201', description: 'Event class, 大类+小类 (GB/T 30428.2); see docs/grid.md' })
  @Matches(/^\d{4}$/, { message: 'classCode must be four digits (大类 + 小类)' })
  classCode!: string;

  @ApiPropertyOptional({ example: '非法小广告', description: "The class's name; when given it must match the table" })
  @IsOptional()
  @IsText({ max: 50 })
  className?: string;

  @ApiProperty({ example: '620102001001-03', description: 'The grid cell (网格) where it was found' })
  @IsText({ max: 64 })
  gridCellId!: string;

  @ApiProperty({ example: '620102001001' })
  @IsCommunityCode()
  communityCode!: string;

  @ApiPropertyOptional({ example: '和平路12号东侧' })
  @IsOptional()
  @IsText({ max: 500 })
  location?: string;

  @ApiProperty({ example: '电线杆上张贴小广告' })
  @IsText({ max: 2000, multiline: true })
  description!: string;

  @ApiProperty({
    example: '2025-06-01T09:30:00+08:00',
    description: 'When the grid worker reported it (ISO 8601 with offset)',
  })
  @IsInstant()
  reportedAt!: string;

  @ApiPropertyOptional({ type: [GridEvidenceDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => GridEvidenceDto)
  evidence?: GridEvidenceDto[];
}
