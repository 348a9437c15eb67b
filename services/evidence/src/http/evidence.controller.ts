import { randomUUID } from 'node:crypto';
import {
  Body,
  Controller,
  Get,
  Header,
  Headers,
  HttpCode,
  Param,
  Post,
  Req,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { COMMUNITY_CODE } from '@chuangwen/contracts';
import type { Actor } from '@chuangwen/contracts';
import { CurrentActor, Roles } from '@chuangwen/auth';
import { EvidenceService } from '../application/evidence.service';
import { Sha256Param, UploadEvidenceDto } from './upload.dto';
import { EvidenceUploadInterceptor } from './upload.interceptor';

/** Content-addressed: the bytes behind a hash never change, so caches may keep them (privately: they are scoped). */
const IMMUTABLE = 'private, max-age=31536000, immutable';

@ApiTags('evidence')
@ApiBearerAuth()
@Controller('api/evidence')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Post()
  @HttpCode(201)
  @Roles('inspector', 'office', 'street', 'community', 'system')
  @UseInterceptors(EvidenceUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'community'],
      properties: {
        file: {
          type: 'string',
          format: 'binary',
          description: 'JPEG, PNG, HEIC or PDF (type read from the bytes); at most EVIDENCE_MAX_BYTES',
        },
        community: { type: 'string', pattern: COMMUNITY_CODE.source },
        capturedAt: { type: 'string', format: 'date-time' },
        lat: { type: 'number', minimum: -90, maximum: 90 },
        lng: { type: 'number', minimum: -180, maximum: 180 },
        inspectionId: { type: 'string', format: 'uuid' },
        problemId: { type: 'string', format: 'uuid' },
      },
    },
  })
  @ApiOperation({
    summary:
      'Upload a photo or document (content-addressed: the same bytes give the same id); flags say what looks wrong',
  })
  upload(
    @Req() req: { file: { buffer: Buffer } },
    @Body() dto: UploadEvidenceDto,
    @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') cid?: string,
  ) {
    return this.evidence.upload(req.file.buffer, dto, actor, cid ?? randomUUID());
  }

  @Get(':sha256')
  @ApiProduces('image/jpeg', 'image/png', 'image/heic', 'application/pdf')
  @ApiOperation({ summary: 'The stored bytes, with their type (within the jurisdiction of a record it belongs to)' })
  async file(@Param() { sha256 }: Sha256Param, @CurrentActor() actor: Actor, @Res() res: Response) {
    const { type, bytes } = await this.evidence.bytes(sha256, actor);
    res.set({
      'content-type': type,
      'cache-control': IMMUTABLE,
      etag: `"${sha256}"`,
      'content-disposition': `inline; filename="${sha256}.${EXTENSION[type] ?? 'bin'}"`,
    });
    res.send(bytes);
  }

  @Get(':sha256/thumbnail')
  @Header('cache-control', IMMUTABLE)
  @ApiProduces('image/jpeg')
  @ApiOperation({ summary: 'A JPEG thumbnail (320 px) for lists; documents and HEIC get a plain placeholder' })
  async thumbnail(@Param() { sha256 }: Sha256Param, @CurrentActor() actor: Actor, @Res() res: Response) {
    const bytes = await this.evidence.thumbnail(sha256, actor);
    res.set({ 'content-type': 'image/jpeg', etag: `"${sha256}-thumbnail"` });
    res.send(bytes);
  }

  @Get(':sha256/record')
  @ApiOperation({ summary: 'What was recorded about the file, and `verified`: the stored bytes hashed again now' })
  record(@Param() { sha256 }: Sha256Param, @CurrentActor() actor: Actor) {
    return this.evidence.record(sha256, actor);
  }
}

const EXTENSION: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/heic': 'heic',
  'application/pdf': 'pdf',
};
