import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsText } from '@chuangwen/http';
import { EVIDENCE_KINDS, EvidenceKind } from '@chuangwen/contracts';

export class EvidenceDto {
  @ApiProperty({ enum: EVIDENCE_KINDS }) @IsIn(EVIDENCE_KINDS) kind!: EvidenceKind;
  @ApiProperty({ example: 'photo-2025-0520-001', description: 'A reference into the office file store' })
  @IsText({ max: 512 })
  ref!: string;
  @ApiPropertyOptional() @IsOptional() @IsText({ max: 500, multiline: true }) description?: string;
}
