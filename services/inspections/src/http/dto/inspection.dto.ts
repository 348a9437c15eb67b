import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsUUID,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
  registerDecorator,
} from 'class-validator';
import { INSPECTION_KINDS } from '@chuangwen/contracts';
import type { InspectionKind } from '@chuangwen/contracts';
import { FACILITIES, keysOf } from '@chuangwen/scoring-engine';
import { IsCommunityCode, IsDay, IsDecimal, IsText } from '@chuangwen/http';
import { InspectionEvidenceDto, NotWith } from './common.dto';

const FACILITY_IDS = keysOf(FACILITIES);

export class ScheduleInspectionDto {
  @ApiPropertyOptional({ description: 'Client-chosen id (UUID) for idempotent retries; generated when absent' })
  @IsOptional()
  @IsUUID()
  inspectionId?: string;

  @ApiProperty({ example: '620102001001' })
  @IsCommunityCode()
  communityCode!: string;

  @ApiProperty({
    enum: INSPECTION_KINDS,
    description: 'field_inspection 实地考察, unannounced_visit 暗访, document_review 材料审核, report_hearing 听取汇报',
  })
  @IsIn(INSPECTION_KINDS)
  kind!: InspectionKind;

  @ApiProperty({ example: '2025-06-01' }) @IsDay() plannedOn!: string;

  @ApiProperty({ example: ['张三', '李四'], description: 'Inspectors (names or ids)' })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(20)
  @IsText({ max: 100, each: true })
  inspectors!: string[];
}

export class ScoreItemDto {
  @ApiProperty({ example: 'g4.1', description: 'An inspector-scored indicator of the standard in force' })
  @IsText({ max: 40 })
  indicatorId!: string;

  @ApiPropertyOptional({
    example: 'gansu-civilized-community',
    description: 'By default the nearest authority’s standard in force',
  })
  @IsOptional()
  @IsText({ max: 100 })
  standardId?: string;

  @ApiPropertyOptional({ example: 5.5, description: 'Points awarded (0 … the indicator’s maximum); or give met' })
  @ValidateIf((o) => o.points !== undefined || o.met === undefined)
  @IsDecimal(2, { message: 'points must be a number with at most two decimals (or give met instead)' })
  @Min(0)
  @Max(1000)
  points?: number;

  @ApiPropertyOptional({ description: 'Met (full points) or not met (none), instead of points' })
  @ValidateIf((o) => o.met !== undefined)
  @IsBoolean({ message: 'met must be true or false' })
  @NotWith('points')
  met?: boolean;

  @ApiPropertyOptional({ example: '主干道路面平整，个别井盖破损' })
  @IsOptional()
  @IsText({ max: 2000, multiline: true })
  remark?: string;

  @ApiPropertyOptional({ type: [InspectionEvidenceDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => InspectionEvidenceDto)
  evidence?: InspectionEvidenceDto[];
}

export class FacilityItemDto {
  @ApiProperty({ enum: FACILITY_IDS }) @IsIn(FACILITY_IDS) facility!: string;
  @ApiProperty() @IsBoolean() present!: boolean;
}

/** Each facility once in a list: a second entry would contradict or repeat the first. */
function EachFacilityOnce(): PropertyDecorator {
  return (target, key) =>
    registerDecorator({
      name: 'eachFacilityOnce',
      target: target.constructor,
      propertyName: key as string,
      validator: {
        validate: (value: unknown) => !Array.isArray(value) || duplicateIn(value) === undefined,
        defaultMessage: (args) => {
          const [i, first] = duplicateIn(args!.value as unknown[])!;
          return `facilities.${i}.facility: ${(args!.value as FacilityItemDto[])[i].facility} is already listed at facilities.${first}`;
        },
      },
    });
}
function duplicateIn(items: unknown[]): [number, number] | undefined {
  const seen = new Map<unknown, number>();
  for (let i = 0; i < items.length; i++) {
    const f = (items[i] as FacilityItemDto | null)?.facility;
    if (f === undefined) continue;
    const first = seen.get(f);
    if (first !== undefined) return [i, first];
    seen.set(f, i);
  }
  return undefined;
}

/** One facility ({facility, present}, as before) or a list of them (facilities): recorded all together or not at all. */
export class RecordFacilityDto {
  @ApiPropertyOptional({ enum: FACILITY_IDS, description: 'One facility; or give facilities' })
  @ValidateIf((o) => o.facilities === undefined || o.facility !== undefined)
  @IsIn(FACILITY_IDS)
  @NotWith('facilities')
  facility?: string;

  @ApiPropertyOptional({ description: 'With facility' })
  @ValidateIf((o) => o.facilities === undefined || o.present !== undefined)
  @IsBoolean()
  @NotWith('facilities')
  present?: boolean;

  @ApiPropertyOptional({
    type: [FacilityItemDto],
    description:
      'Several facilities at once (each once): one request, one command, every event or none; a bad item is named by its index (facilities.3.present)',
  })
  @ValidateIf((o) => o.facilities !== undefined)
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(FACILITY_IDS.length)
  @ValidateNested({ each: true })
  @Type(() => FacilityItemDto)
  @EachFacilityOnce()
  facilities?: FacilityItemDto[];
}

export class CompleteInspectionDto {
  @ApiPropertyOptional() @IsOptional() @IsText({ max: 4000, multiline: true }) summary?: string;
}
