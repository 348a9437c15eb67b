import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsUrl, IsUUID, Max, Min } from 'class-validator';
import { IsJurisdictionCode, IsText, PageOffset } from '@chuangwen/http';

export class NotificationListQueryDto {
  @ApiPropertyOptional({ example: '620102001', description: 'Whose inbox: yours by default, or one below you' })
  @IsOptional()
  @IsJurisdictionCode()
  jurisdictionCode?: string;
  @ApiPropertyOptional({ description: 'Unread only' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @PageOffset() offset?: number;
}

export class NotificationIdParam {
  @ApiProperty({ description: 'The notification id (its source event’s id)' }) @IsUUID() id!: string;
}

export class RegisterWebhookDto {
  @ApiProperty({
    example: 'https://sms-gateway.example.gov.cn/chuangwen',
    description: 'Receives CloudEvents (POST, application/cloudevents+json), signed',
  })
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'url must be an http(s) URL' },
  )
  url!: string;

  @ApiProperty({
    example: '620102',
    description: 'It hears of what happens at and below this jurisdiction (within yours)',
  })
  @IsJurisdictionCode()
  jurisdictionCode!: string;

  @ApiPropertyOptional({ example: '区短信网关' }) @IsOptional() @IsText({ max: 200 }) description?: string;
}
