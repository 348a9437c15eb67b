import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ESCALATION_LEVELS } from '@chuangwen/contracts';
import type { EscalationLevel } from '@chuangwen/contracts';
import { IsDistrictOrStreetCode, IsJurisdictionCode, PageOffset } from '@chuangwen/http';

const asBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class EscalationStepDto {
  @ApiProperty({ example: 3, description: 'Whole days overdue (the day after the deadline is 1)' })
  @IsInt()
  @Min(1)
  @Max(365)
  afterDays!: number;
  @ApiProperty({
    enum: ESCALATION_LEVELS,
    description: 'The office notified: the community’s street, district or city',
  })
  @IsIn(ESCALATION_LEVELS)
  level!: EscalationLevel;
  @ApiPropertyOptional({ default: false, description: 'Listed on that office’s 督办 list until verified' })
  @IsOptional()
  @IsBoolean()
  supervised?: boolean;
  @ApiPropertyOptional({ default: false, description: 'Counted in the monthly bulletin (督查通报)' })
  @IsOptional()
  @IsBoolean()
  bulletin?: boolean;
}

export class EscalationLadderDto {
  @ApiProperty({ type: [EscalationStepDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => EscalationStepDto)
  steps!: EscalationStepDto[];
}

export class OfficeCodeParam {
  @ApiProperty({ example: '620102', description: 'A street (9 digits) or a district/city (6)' })
  @IsDistrictOrStreetCode()
  code!: string;
}

export class EscalationListQueryDto {
  @ApiProperty({ example: '620102', description: 'A community (12 digits), street (9) or district (6)' })
  @IsJurisdictionCode()
  jurisdictionCode!: string;

  @ApiPropertyOptional({ default: true, description: 'Open (not yet verified) only; false: closed ones' })
  @IsOptional()
  @Transform(asBoolean)
  @IsBoolean()
  open?: boolean;
  @ApiPropertyOptional({ description: 'On a 督办 list only' })
  @IsOptional()
  @Transform(asBoolean)
  @IsBoolean()
  supervised?: boolean;
  @ApiPropertyOptional({ description: 'Counted in a bulletin only' })
  @IsOptional()
  @Transform(asBoolean)
  @IsBoolean()
  bulletin?: boolean;
  @ApiPropertyOptional({ example: '2025-06', description: 'Counted in the bulletin of this month (China time)' })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' })
  month?: string;
  @ApiPropertyOptional({ default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  @PageOffset() offset?: number;
}
