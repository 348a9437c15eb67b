import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsLatitude,
  IsLongitude,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { PROBLEM_CATEGORIES } from '@chuangwen/scoring-engine';
import { IsCommunityCode, IsDistrictOrStreetCode, IsJurisdictionCode, IsText } from '@chuangwen/http';

const CATEGORIES = Object.keys(PROBLEM_CATEGORIES);
/** A URL given by the client, or an id of the evidence store. */
const MEDIA = /^(sha256:[0-9a-f]{64}|https?:\/\/\S{1,1990})$/;

/** The public page's report (随手拍): anonymous; the contact fields are optional and never shown. */
export class PublicReportDto {
  @ApiProperty({ example: '620102001001', description: 'The community, picked from the list (12 digits)' })
  @IsCommunityCode()
  communityCode!: string;

  @ApiProperty({ example: 'illegal_posting', enum: CATEGORIES })
  @IsIn(CATEGORIES, { message: 'category must be a problem category' })
  category!: string;

  @ApiProperty({ example: '电线杆上张贴小广告' }) @IsText({ max: 1000, multiline: true }) description!: string;

  @ApiPropertyOptional({ example: 36.0611 })
  @ValidateIf((o) => o.long !== undefined || o.lat !== undefined)
  @IsLatitude({ message: 'lat must be a latitude in degrees' })
  lat?: number;
  @ApiPropertyOptional({ example: 103.8343 })
  @ValidateIf((o) => o.lat !== undefined || o.long !== undefined)
  @IsLongitude({ message: 'long must be a longitude in degrees' })
  long?: number;

  @ApiPropertyOptional({ example: '和平路12号东侧电线杆' }) @IsOptional() @IsText({ max: 200 }) address?: string;

  @ApiPropertyOptional({ description: 'Photos: evidence-store ids (sha256:…) or http(s) URLs' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @IsString({ each: true })
  @Matches(MEDIA, { each: true, message: 'media must be evidence ids (sha256:<hex>) or http(s) URLs' })
  media?: string[];

  @ApiPropertyOptional({
    example: '13812345678',
    description: 'Optional, for a call back: hashed and masked, never stored in clear',
  })
  @IsOptional()
  @Matches(/^\+?[\d\s-]{5,20}$/, { message: 'phone must be a phone number' })
  phone?: string;

  @ApiPropertyOptional({ description: 'Optional; only a masked form is kept' })
  @IsOptional()
  @IsText({ max: 50 })
  name?: string;

  @ApiProperty({
    example: 'k3v9c0ffee-device',
    description: 'A random id the page keeps on the phone: the per-device limit',
  })
  @Matches(/^[A-Za-z0-9_-]{8,64}$/, { message: 'deviceId must be 8–64 of A-Z a-z 0-9 _ -' })
  deviceId!: string;
}

export class TrackingCodeParam {
  @ApiProperty({ example: 'K7M2Q9XH3A' })
  @Matches(/^[A-HJKMNP-Z2-9]{10}$/, { message: 'trackingCode must be the 10-character code given at reporting' })
  trackingCode!: string;
}

export class ReopenDto {
  @ApiProperty({ description: 'The secret given at reporting (kept on the phone)' })
  @Matches(/^[A-Za-z0-9_-]{16,64}$/, { message: 'secret must be the secret given at reporting' })
  secret!: string;
  @ApiProperty({ example: '小广告又贴回来了' }) @IsText({ max: 500, multiline: true }) reason!: string;
}

export class PlacesParam {
  @ApiProperty({ example: '620102' })
  @IsDistrictOrStreetCode()
  code!: string;
}

export class ReportIdParam {
  @ApiProperty()
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { message: 'id must be a report id' })
  id!: string;
}

export class ReportListQuery {
  @ApiProperty({ example: '620102001' })
  @IsJurisdictionCode()
  jurisdictionCode!: string;
  @ApiPropertyOptional({ enum: ['submitted', 'accepted', 'rejected', 'reopened', 'closed'] })
  @IsOptional()
  @IsIn(['submitted', 'accepted', 'rejected', 'reopened', 'closed'])
  status?: string;
  @ApiPropertyOptional({ example: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  @ApiPropertyOptional({ example: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}

export class AcceptReportDto {
  @ApiPropertyOptional({ example: '属实，立案交社区整改' }) @IsOptional() @IsText({ max: 500 }) note?: string;
}

export class RejectReportDto {
  @ApiProperty({ example: '现场核实无此问题' }) @IsText({ max: 500 }) reason!: string;
}

export class IssueKeyDto {
  @ApiProperty({ example: '620102', description: 'The jurisdiction the key reaches' })
  @IsJurisdictionCode()
  jurisdiction!: string;
  @ApiProperty({ example: '城关区12345政务服务便民热线' }) @IsText({ max: 100 }) clientName!: string;
}

export class KeyIdParam {
  @ApiProperty()
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { message: 'keyId must be a key id' })
  keyId!: string;
}

export class KeysQuery {
  @ApiPropertyOptional({ example: '620102' })
  @IsOptional()
  @IsJurisdictionCode()
  jurisdictionCode?: string;
}
