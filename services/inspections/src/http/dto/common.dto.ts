import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min, registerDecorator, ValidationOptions } from 'class-validator';
import { INSPECTION_EVIDENCE_KINDS } from '@chuangwen/contracts';
import type { InspectionEvidence } from '@chuangwen/contracts';
import { IsDay, IsEvidenceRef, IsJurisdictionCode, IsText, PageOffset } from '@chuangwen/http';

/** The value may not exceed the named sibling field (positive answers ≤ sample size). */
export function NotAbove(sibling: string, options?: ValidationOptions): PropertyDecorator {
  return (target, key) =>
    registerDecorator({
      name: 'notAbove',
      target: target.constructor,
      propertyName: key as string,
      constraints: [sibling],
      options,
      validator: {
        validate: (value: unknown, args) =>
          typeof value !== 'number' ||
          typeof (args?.object as Record<string, unknown>)[sibling] !== 'number' ||
          value <= (args!.object as Record<string, number>)[sibling],
        defaultMessage: (args) => `${args?.property} must not exceed ${sibling}`,
      },
    });
}

/** Either this field or the sibling, not both (points or met). */
export function NotWith(sibling: string): PropertyDecorator {
  return (target, key) =>
    registerDecorator({
      name: 'notWith',
      target: target.constructor,
      propertyName: key as string,
      constraints: [sibling],
      validator: {
        validate: (value: unknown, args) =>
          value === undefined || (args!.object as Record<string, unknown>)[sibling] === undefined,
        defaultMessage: (args) => `give ${args?.property} or ${sibling}, not both`,
      },
    });
}

export class InspectionEvidenceDto implements InspectionEvidence {
  @ApiProperty({ enum: INSPECTION_EVIDENCE_KINDS }) @IsIn(INSPECTION_EVIDENCE_KINDS) kind!: InspectionEvidence['kind'];

  @ApiProperty({
    example: 'photo-2025-0601-017',
    description: 'A file-store reference; for gps_point "lat,lng" (WGS-84)',
  })
  @IsText({ max: 512 })
  @IsEvidenceRef()
  ref!: string;

  @ApiPropertyOptional() @IsOptional() @IsText({ max: 500, multiline: true }) description?: string;
}

/** Lists: of a community, street or district; optionally one status. */
export class ListQueryDto {
  @ApiProperty({ example: '620102001', description: 'A community (12 digits), street (9) or district (6)' })
  @IsJurisdictionCode()
  jurisdictionCode!: string;

  @ApiPropertyOptional({ description: 'Only records in this status' })
  @IsOptional()
  @IsText({ max: 40 })
  status?: string;

  @ApiPropertyOptional({ description: 'Rectifications only: overdue or not' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  @PageOffset() offset?: number;
}

export class ReasonDto {
  @ApiProperty({ example: '经核查不属实' }) @IsText({ max: 1000, multiline: true }) reason!: string;
}

/** A day's inspections: the caller's own (its token's subject among the inspectors), or every one in scope. */
export class DayParam {
  @ApiProperty({ example: '2025-06-30', description: 'A China-time day' }) @IsDay() day!: string;
}
export class DayQueryDto {
  @ApiPropertyOptional({
    description: 'Every inspection of the day in your jurisdiction, not only those naming you among the inspectors',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  all?: boolean;
}

/** A work list: of a community, street or district; your own jurisdiction when absent. */
export class WorkListQueryDto {
  @ApiPropertyOptional({
    example: '620102001001',
    description: 'A community (12 digits), street (9) or district (6); your jurisdiction by default',
  })
  @IsOptional()
  @IsJurisdictionCode()
  jurisdictionCode?: string;
}
