import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsLatitude, IsLongitude, IsObject, IsOptional, IsUrl, Matches, MaxLength } from 'class-validator';
import { IsCommunityCode, IsInstant, IsJurisdictionCode, IsText } from '@chuangwen/http';

const CODE = /^[a-z][a-z_]{1,39}$/;

/** `jurisdiction_id` (and `api_key`), on every Open311 route. */
export class Open311JurisdictionQuery {
  @ApiPropertyOptional({
    example: '620102',
    description:
      'A district, street or community code; required without an api_key where the answer depends on the place',
  })
  @IsOptional()
  @IsJurisdictionCode()
  jurisdiction_id?: string;

  @ApiPropertyOptional({ description: 'The client system’s key; it reaches its own jurisdiction only' })
  @IsOptional()
  @Matches(/^o311_[A-Za-z0-9_-]{20,60}$/, { message: 'api_key is not a key of this server' })
  api_key?: string;
}

/** GET requests: the spec's filters. */
export class Open311RequestsQuery extends Open311JurisdictionQuery {
  @ApiPropertyOptional({ description: 'Comma-separated ids; when given, the other filters are ignored' })
  @IsOptional()
  @Matches(/^[0-9a-f-]{36}(,[0-9a-f-]{36}){0,99}$/, {
    message: 'service_request_id must be comma-separated request ids',
  })
  service_request_id?: string;

  @ApiPropertyOptional({ description: 'Comma-separated service codes' })
  @IsOptional()
  @Matches(/^[a-z][a-z_]{1,39}(,[a-z][a-z_]{1,39}){0,19}$/, {
    message: 'service_code must be comma-separated service codes',
  })
  service_code?: string;

  @ApiPropertyOptional({ example: '2025-06-01T00:00:00+08:00' }) @IsOptional() @IsInstant() start_date?: string;
  @ApiPropertyOptional({ example: '2025-06-30T23:59:59+08:00' }) @IsOptional() @IsInstant() end_date?: string;

  @ApiPropertyOptional({ example: 'open', description: 'open, closed or open,closed' })
  @IsOptional()
  @Matches(/^(open|closed)(,(open|closed))?$/, { message: 'status must be open, closed or both, comma-separated' })
  status?: string;
}

/** POST requests: the spec's arguments, as form fields (or JSON). */
export class Open311PostRequestDto {
  @ApiPropertyOptional({ example: '620102001' })
  @IsOptional()
  @IsJurisdictionCode()
  jurisdiction_id?: string;

  @ApiPropertyOptional({ description: 'Required (checked by the server: 403 when missing or unknown)' })
  @IsOptional()
  @MaxLength(100)
  api_key?: string;

  @ApiPropertyOptional({ example: 'illegal_posting', description: 'Required: a service_code of GET services' })
  @IsOptional()
  @Matches(CODE, { message: 'service_code must be a service code of GET services' })
  service_code?: string;

  @ApiPropertyOptional({ example: '36.0611' })
  @IsOptional()
  @IsLatitude({ message: 'lat must be a latitude in degrees' })
  lat?: string | number;
  @ApiPropertyOptional({ example: '103.8343' })
  @IsOptional()
  @IsLongitude({ message: 'long must be a longitude in degrees' })
  long?: string | number;
  @ApiPropertyOptional({ example: '东岗西路12号' }) @IsOptional() @IsText({ max: 200 }) address_string?: string;

  @ApiPropertyOptional({ example: '620102001001', description: 'The community (12-digit code): where the problem is' })
  @IsOptional()
  @IsCommunityCode()
  address_id?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(100)
  email?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{1,100}$/, { message: 'device_id must be 1–100 of A-Z a-z 0-9 . _ : -' })
  device_id?: string;
  @ApiPropertyOptional() @IsOptional() @IsText({ max: 100 }) account_id?: string;
  @ApiPropertyOptional() @IsOptional() @IsText({ max: 50 }) first_name?: string;
  @ApiPropertyOptional() @IsOptional() @IsText({ max: 50 }) last_name?: string;
  @ApiPropertyOptional({ example: '13812345678' })
  @IsOptional()
  @Matches(/^\+?[\d\s-]{5,20}$/, { message: 'phone must be a phone number' })
  phone?: string;
  @ApiPropertyOptional({ example: '电线杆上张贴小广告' })
  @IsOptional()
  @IsText({ max: 2000, multiline: true })
  description?: string;

  @ApiPropertyOptional({ example: 'https://12345.example.cn/media/9f2c.jpg' })
  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'media_url must be an http(s) URL' },
  )
  @MaxLength(2000)
  media_url?: string;

  @ApiPropertyOptional({ description: 'attribute[community_code]: the community, as the service definition lists it' })
  @IsOptional()
  @IsObject({ message: 'attribute must be attribute[code]=value fields' })
  attribute?: Record<string, unknown>;
}

export const OPEN311_FORMATS = ['json', 'xml'] as const;
