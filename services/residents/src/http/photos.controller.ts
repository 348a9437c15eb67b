import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsLatitude, IsLongitude, IsOptional, Matches } from 'class-validator';
import type { Request, Response } from 'express';
import { Public } from '@chuangwen/auth';
import { badField, IsCommunityCode } from '@chuangwen/http';
import { ResidentPhotos } from '../application/photos';
import { ReportLimiter } from '../application/report-limiter';
import { photoUpload } from './photo-upload.interceptor';

export class PublicPhotoDto {
  @ApiProperty({ example: '620102001001' })
  @IsCommunityCode()
  communityCode!: string;
  @ApiProperty({ example: 'k3v9c0ffee-device' })
  @Matches(/^[A-Za-z0-9_-]{8,64}$/, { message: 'deviceId must be 8–64 of A-Z a-z 0-9 _ -' })
  deviceId!: string;
  @ApiPropertyOptional({ example: '36.0611' })
  @IsOptional()
  @IsLatitude({ message: 'lat must be a latitude in degrees' })
  lat?: string;
  @ApiPropertyOptional({ example: '103.8343' })
  @IsOptional()
  @IsLongitude({ message: 'long must be a longitude in degrees' })
  long?: string;
}

export class PhotoParam {
  @ApiProperty() @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lowercase hex digits' }) sha256!: string;
}

const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/heic'];

/** A resident's photo in (through the evidence store), and out again only as part of a report. */
@ApiTags('residents')
@Public()
@Controller('api/residents/public/photos')
export class ResidentPhotosController {
  constructor(
    private readonly photos: ResidentPhotos,
    private readonly limiter: ReportLimiter,
  ) {}

  @Post()
  @HttpCode(201)
  @UseInterceptors(photoUpload('file', true))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'communityCode', 'deviceId'],
      properties: {
        file: { type: 'string', format: 'binary' },
        communityCode: { type: 'string' },
        deviceId: { type: 'string' },
        lat: { type: 'string' },
        long: { type: 'string' },
      },
    },
  })
  @ApiOperation({
    summary: 'A photo for a report (multipart `file`): answers its evidence id (sha256:<hex>) for the report’s media',
  })
  async upload(
    @Body() body: PublicPhotoDto,
    @Req() req: Request & { file?: { buffer: Buffer } },
    @Res({ passthrough: true }) res: Response,
    @Headers('x-correlation-id') correlationId?: string,
  ) {
    if (!req.file) throw badField('file', 'send the photo in the field `file`');
    this.limiter.take(req.ip ?? req.socket.remoteAddress ?? 'unknown', body.deviceId, (s) =>
      res.setHeader('Retry-After', String(s)),
    );
    const actor = { id: 'resident:public_page', roles: [], jurisdiction: body.communityCode };
    const id = await this.photos.upload(
      req.file.buffer,
      body.communityCode,
      {
        lat: body.lat === undefined ? undefined : Number(body.lat),
        long: body.long === undefined ? undefined : Number(body.long),
      },
      actor,
      correlationId && correlationId.length <= 100 ? correlationId : randomUUID(),
    );
    return { id };
  }

  @Get(':sha256')
  @ApiOperation({ summary: 'A photo a resident’s report names (no other file of the store)' })
  async photo(@Param() { sha256 }: PhotoParam, @Res() res: Response): Promise<void> {
    const { type, bytes } = await this.photos.served(sha256);
    res.set({
      'content-type': PHOTO_TYPES.includes(type) ? type : 'application/octet-stream',
      'cache-control': 'public, max-age=86400',
      'x-content-type-options': 'nosniff',
    });
    res.send(bytes);
  }
}
