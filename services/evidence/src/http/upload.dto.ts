import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNumber, IsOptional, IsUUID, Matches, Max, Min, ValidateIf } from 'class-validator';
import { IsCommunityCode, IsInstant } from '@chuangwen/http';

/** Multipart fields are text: a number field is read as one, and anything else stays what it was (and fails). */
const asNumber = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;

/** The fields sent beside `file` (multipart/form-data). */
export class UploadEvidenceDto {
  @ApiProperty({
    example: '620102001001',
    description: 'The community the evidence is for (12 digits), within your jurisdiction',
  })
  @IsCommunityCode()
  community!: string;

  @ApiPropertyOptional({
    example: '2025-06-01T10:30:00+08:00',
    description: 'When it was captured; else EXIF DateTimeOriginal',
  })
  @IsOptional()
  @IsInstant()
  capturedAt?: string;

  @ApiPropertyOptional({ example: 36.0611, description: 'WGS-84 latitude, with lng; else EXIF GPS' })
  @ValidateIf((o: UploadEvidenceDto) => o.lat !== undefined || o.lng !== undefined)
  @Transform(asNumber)
  @IsNumber(
    { allowNaN: false, allowInfinity: false },
    { message: 'lat must be a number (decimal degrees), given with lng' },
  )
  @Min(-90)
  @Max(90)
  lat?: number;

  @ApiPropertyOptional({ example: 103.8343, description: 'WGS-84 longitude, with lat' })
  @ValidateIf((o: UploadEvidenceDto) => o.lat !== undefined || o.lng !== undefined)
  @Transform(asNumber)
  @IsNumber(
    { allowNaN: false, allowInfinity: false },
    { message: 'lng must be a number (decimal degrees), given with lat' },
  )
  @Min(-180)
  @Max(180)
  lng?: number;

  @ApiPropertyOptional({ description: 'The inspection it was captured in (capture time checked against its start)' })
  @IsOptional()
  @IsUUID()
  inspectionId?: string;
  @ApiPropertyOptional({ description: 'The problem it shows' }) @IsOptional() @IsUUID() problemId?: string;
}

export class Sha256Param {
  @ApiProperty({ description: 'SHA-256 of the file, 64 lowercase hex digits' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lowercase hex digits' })
  sha256!: string;
}
