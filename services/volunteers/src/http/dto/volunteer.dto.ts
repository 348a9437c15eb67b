import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidationOptions,
} from 'class-validator';
import { IsCommunityCode, IsDay, IsDecimal, IsText, NotBefore, PageOffset } from '@chuangwen/http';
import { SERVICE_KIND_VALUES, ServiceKind, VOLUNTEER_TEAM_KINDS, VolunteerTeamKind } from '@chuangwen/contracts';
import { idNumberProblem } from '../../domain/identity-number';
import type { IdNumberProblem } from '../../domain/identity-number';

const PROBLEM_TEXT = {
  format: '18 characters: 17 digits and a digit or X',
  region: 'an unknown region code',
  birth_date: 'an impossible birth date, or one after today',
  check_digit: 'a wrong check digit',
};

/** What is said of a bad identity number; never the number itself. */
export const idNumberMessage = (problem: IdNumberProblem): string =>
  `idNumber is not a valid resident identity number (GB 11643): ${PROBLEM_TEXT[problem]}`;

/**
 * GB 11643-1999 with its check digit; the message never repeats the number. Today is not known
 * here: the controller checks the birth date against the injected clock.
 */
export const IsIdentityNumber = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isIdentityNumber',
      validator: {
        validate: (value) => typeof value === 'string' && idNumberProblem(value) === undefined,
        defaultMessage: (args) => {
          const problem = typeof args?.value === 'string' ? idNumberProblem(args.value) : 'format';
          return idNumberMessage(problem ?? 'format');
        },
      },
    },
    options,
  );

export class RegisterVolunteerDto {
  @ApiProperty({ example: '321282001001' })
  @IsCommunityCode()
  communityCode!: string;

  @ApiProperty({ example: '张三' }) @IsText({ max: 50 }) name!: string;

  @ApiProperty({
    description: 'Resident identity number (GB 11643-1999); stored only as a keyed hash and a masked form',
  })
  @IsIdentityNumber()
  idNumber!: string;

  @ApiProperty({ example: '13800000000' })
  @Matches(/^[\d+\- ]{5,20}$/, { message: 'phone must be 5 to 20 digits (spaces, + and - allowed)' })
  phone!: string;

  @ApiPropertyOptional({ example: ['理发', '法律咨询'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsText({ max: 50, each: true })
  skills?: string[];
}

export class VolunteerReasonDto {
  @ApiProperty() @IsText({ max: 500, multiline: true }) reason!: string;
}

export class RecordServiceDto {
  @ApiPropertyOptional({ description: 'Client-chosen id (UUID) for idempotent retries' })
  @IsOptional()
  @IsUUID()
  recordId?: string;
  @ApiProperty({ example: '2025-06-01' }) @IsDay() date!: string;
  @ApiProperty({ example: 2.5 }) @IsDecimal(2) @Min(0.25) @Max(24) hours!: number;
  @ApiProperty({ enum: SERVICE_KIND_VALUES }) @IsIn(SERVICE_KIND_VALUES) kind!: ServiceKind;
  @ApiProperty({ example: '为空巢老人上门理发' }) @IsText({ max: 500, multiline: true }) description!: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() projectId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() teamId?: string;
}

export class ConfirmServiceDto {
  @ApiProperty({ enum: ['team', 'community'] }) @IsIn(['team', 'community']) confirmedBy!: 'team' | 'community';
  @ApiPropertyOptional({ description: 'The confirming team (when confirmedBy is team)' })
  @IsOptional()
  @IsUUID()
  teamId?: string;
}

export class FormTeamDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() teamId?: string;
  @ApiProperty({ example: '321282001001' })
  @IsCommunityCode()
  communityCode!: string;
  @ApiProperty({ example: '社区党员志愿者服务队' }) @IsText({ max: 100 }) name!: string;
  @ApiProperty({ enum: Object.keys(VOLUNTEER_TEAM_KINDS) })
  @IsIn(Object.keys(VOLUNTEER_TEAM_KINDS))
  kind!: VolunteerTeamKind;
}

export class MemberDto {
  @ApiProperty() @IsUUID() volunteerId!: string;
}

export class CreateProjectDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() projectId?: string;
  @ApiProperty({ example: '321282001001' })
  @IsCommunityCode()
  communityCode!: string;
  @ApiProperty({ example: '关爱空巢老人' }) @IsText({ max: 200 }) title!: string;
  @ApiProperty({ enum: SERVICE_KIND_VALUES }) @IsIn(SERVICE_KIND_VALUES) kind!: ServiceKind;
  @ApiPropertyOptional() @IsOptional() @IsUUID() teamId?: string;
}

export class StarThresholdsDto {
  @ApiProperty({ example: '2026-01-01' }) @IsDay() effectiveFrom!: string;
  @ApiProperty({ example: [100, 300, 600, 1000, 1500], description: 'Hours for one to five stars' })
  @IsArray()
  @ArrayMaxSize(5)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(100_000, { each: true })
  thresholds!: number[];
}

export class PeriodDto {
  @ApiPropertyOptional({ example: '2025-01-01' }) @IsOptional() @IsDay() from?: string;
  @ApiPropertyOptional({ example: '2025-12-31' }) @IsOptional() @IsDay() @NotBefore('from') to?: string;
}

export class ListVolunteersDto {
  @ApiProperty({ example: '321282001001' })
  @IsCommunityCode()
  communityCode!: string;
  @ApiPropertyOptional({ default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  @PageOffset() offset?: number;
}
