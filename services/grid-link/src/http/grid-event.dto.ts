import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { INSPECTION_EVIDENCE_KINDS } from '@chuangwen/contracts';
import type { InspectionEvidence } from '@chuangwen/contracts';

export class GridEvidenceDto implements InspectionEvidence {
  @ApiProperty({ enum: INSPECTION_EVIDENCE_KINDS }) @IsIn(INSPECTION_EVIDENCE_KINDS) kind!: InspectionEvidence['kind'];

  @ApiProperty({ example: 'https://grid.example.cn/files/9f2c.jpg', description: 'A file reference; for gps_point "lat,lng" (WGS-84)' })
  @IsString() @IsNotEmpty() @MaxLength(512)
  @ValidateIf((o) => o.kind === 'gps_point')
  @Matches(/^-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?$/, { message: 'a gps_point ref is "lat,lng" in decimal degrees' })
  ref!: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) description?: string;
}

/** A problem the grid platform reports (the webhook's body, and a grid.inbound message's value). */
export class GridEventDto {
  @ApiProperty({ example: 'WG20250601-000123', description: "The grid's own event (case) id; a second report with it is refused (409)" })
  @Matches(/^[A-Za-z0-9._:-]{1,64}$/, { message: 'eventId must be 1–64 letters, digits, dots, dashes, colons or underscores' })
  eventId!: string;

  @ApiProperty({ example: '0201', description: 'Event class, 大类+小类 (GB/T 30428.2); see docs/grid.md' })
  @Matches(/^\d{4}$/, { message: 'classCode must be four digits (大类 + 小类)' })
  classCode!: string;

  @ApiPropertyOptional({ example: '非法小广告', description: "The class's name; when given it must match the table" })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(50)
  className?: string;

  @ApiProperty({ example: '620102001001-03', description: 'The grid cell (网格) where it was found' })
  @IsString() @IsNotEmpty() @MaxLength(64)
  gridCellId!: string;

  @ApiProperty({ example: '620102001001' }) @Matches(/^\d{12}$/, { message: 'communityCode must be a 12-digit community committee code' })
  communityCode!: string;

  @ApiPropertyOptional({ example: '和平路12号东侧' }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(500)
  location?: string;

  @ApiProperty({ example: '电线杆上张贴小广告' }) @IsString() @IsNotEmpty() @MaxLength(2000)
  description!: string;

  @ApiProperty({ example: '2025-06-01T09:30:00+08:00', description: 'When the grid worker reported it (ISO 8601 with offset)' })
  @IsISO8601({ strict: true }, { message: 'reportedAt must be an ISO 8601 date-time' })
  @Matches(/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/, { message: 'reportedAt must carry a time and an offset (Z or +08:00)' })
  reportedAt!: string;

  @ApiPropertyOptional({ type: [GridEvidenceDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => GridEvidenceDto)
  evidence?: GridEvidenceDto[];
}
