import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { EVIDENCE_KINDS, EvidenceKind } from '@chuangwen/contracts';

export class EvidenceDto {
  @ApiProperty({ enum: EVIDENCE_KINDS }) @IsIn(EVIDENCE_KINDS) kind!: EvidenceKind;
  @ApiProperty({ example: 'photo-2025-0520-001', description: 'A reference into the office file store' })
  @IsString() @IsNotEmpty() @MaxLength(512) ref!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) description?: string;
}
