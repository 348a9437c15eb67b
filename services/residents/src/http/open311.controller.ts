import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '@chuangwen/auth';
import { COMMUNITY_CODE, forbidden, isWithin, notFound } from '@chuangwen/contracts';
import { badField } from '@chuangwen/http';
import { COMMUNITY_ATTRIBUTE, isServiceCode, open311Definition, open311Services } from '../domain/open311';
import { Open311Reads } from '../application/open311-reads';
import { DEFINITION_SCHEMA, REQUEST_SCHEMA, SERVICE_SCHEMA } from './open311-schemas';
import { ResidentPhotos } from '../application/photos';
import { ResidentReports } from '../application/resident-reports';
import { photoUpload } from './photo-upload.interceptor';
import type { Open311KeyDoc } from '../application/reports.projection';
import { Open311ErrorFilter, Open311Responses, sendFormatted } from './open311-errors';
import { Open311JurisdictionQuery, Open311PostRequestDto, Open311RequestsQuery } from './open311.dto';

/** `name.json` / `name.xml` → name, or a 404 in the spec's format. */
function split(file: string): string {
  const m = /^([A-Za-z0-9_-]{1,64})\.(json|xml)$/.exec(file);
  if (!m) throw notFound(`${file}: ask for <id>.json or <id>.xml`);
  return m[1];
}

/**
 * Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2): services, a service's definition, service
 * requests in (POST, with an api_key) and out (GET, the spec's filters). No bearer token: a client
 * system has a key an office issued for its jurisdiction. Errors in the spec's format.
 */
@ApiTags('open311')
@Public()
@UseFilters(Open311ErrorFilter)
@Controller('open311/v2')
export class Open311Controller {
  constructor(
    private readonly reports: ResidentReports,
    private readonly reads: Open311Reads,
    private readonly photos: ResidentPhotos,
  ) {}

  @Get(['services.json', 'services.xml'])
  @ApiOperation({ summary: 'GET Service List: the problem categories, one service each' })
  @Open311Responses(200, { type: 'array', items: SERVICE_SCHEMA }, [400, 403, 404, 422])
  async services(@Query() q: Open311JurisdictionQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.scope(q.jurisdiction_id, q.api_key);
    sendFormatted(res, req.path, 200, 'services', open311Services());
  }

  @Get('services/:file')
  @ApiOperation({
    summary: 'GET Service Definition: the attributes of one service (the community list of the jurisdiction)',
  })
  @ApiParam({ name: 'file', example: 'illegal_posting.json' })
  @Open311Responses(200, DEFINITION_SCHEMA, [400, 403, 404, 422])
  async definition(
    @Param('file') file: string,
    @Query() q: Open311JurisdictionQuery,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const code = split(file);
    if (!isServiceCode(code)) throw notFound(`service_code ${code} not found`);
    const scope = await this.scope(q.jurisdiction_id, q.api_key, true);
    sendFormatted(
      res,
      req.path,
      200,
      'service_definition',
      open311Definition(code, await this.reads.communities(scope!)),
    );
  }

  @UseInterceptors(photoUpload('media', false))
  @Post(['requests.json', 'requests.xml'])
  @ApiOperation({
    summary: 'POST Service Request: a problem reported by a client system for a resident (api_key required)',
  })
  @Open311Responses(
    201,
    {
      type: 'array',
      items: {
        type: 'object',
        required: ['service_request_id', 'service_notice'],
        properties: {
          service_request_id: { type: 'string' },
          service_notice: { type: 'string' },
          account_id: { type: 'string' },
        },
      },
    },
    [400, 403, 404, 409, 413, 422, 429],
  )
  async create(
    @Body() body: Open311PostRequestDto,
    @Req() req: Request & { file?: { buffer: Buffer } },
    @Res() res: Response,
  ): Promise<void> {
    if (!body.api_key) throw forbidden('api_key is required to post a service request');
    const key = await this.reports.keyFor(body.api_key);
    if (!key) throw forbidden('api_key is not valid (unknown or revoked)');
    if (
      body.jurisdiction_id &&
      !isWithin(body.jurisdiction_id, key.jurisdiction) &&
      !isWithin(key.jurisdiction, body.jurisdiction_id)
    )
      throw forbidden(`jurisdiction_id ${body.jurisdiction_id} is outside this key's jurisdiction ${key.jurisdiction}`);
    if (!body.service_code) throw badField('service_code', 'service_code is required');
    if (!isServiceCode(body.service_code)) throw notFound(`service_code ${body.service_code} not found`);
    if (!body.description) throw badField('description', 'description is required');
    const communityCode = communityOf(body, key);
    const lat = body.lat === undefined || body.lat === '' ? undefined : Number(body.lat);
    const long = body.long === undefined || body.long === '' ? undefined : Number(body.long);
    const name = [body.last_name, body.first_name].filter(Boolean).join('');
    // An uploaded photo (multipart `media`) goes into the evidence store after every other check.
    const media = body.media_url ? [body.media_url] : [];
    if (req.file) {
      if (!this.photos.available) throw badField('media', 'photos cannot be uploaded to this process; send media_url');
      const actor = { id: `open311-client:${key.keyId}`, roles: ['system'], jurisdiction: key.jurisdiction };
      media.push(await this.photos.upload(req.file.buffer, communityCode, { lat, long }, actor, correlation(req)));
    }
    const receipt = await this.reports.submit(
      {
        communityCode,
        category: body.service_code,
        description: body.description,
        lat,
        long,
        addressString: body.address_string,
        media,
        phone: body.phone,
        email: body.email,
        name: name || undefined,
        deviceId: body.device_id,
      },
      'open311',
      correlation(req),
      key,
    );
    const id = receipt.duplicateOf ?? receipt.reportId;
    const notice = receipt.duplicateOf
      ? `已与编号 ${receipt.duplicateOf} 的同一问题合并跟踪（report once）`
      : '已收到，待街道或文明办立案';
    sendFormatted(res, req.path, 201, 'service_requests', [
      { service_request_id: id, service_notice: notice, ...(body.account_id ? { account_id: body.account_id } : {}) },
    ]);
  }

  @Get(['requests.json', 'requests.xml'])
  @ApiOperation({
    summary:
      'GET Service Requests: by ids, service codes, dates and status; the last 90 days and 1,000 records by default',
  })
  @Open311Responses(200, { type: 'array', items: REQUEST_SCHEMA }, [400, 403, 404, 422])
  async list(@Query() q: Open311RequestsQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    const scope = await this.scope(q.jurisdiction_id, q.api_key, true);
    sendFormatted(res, req.path, 200, 'service_requests', await this.reads.requests(scope!, q));
  }

  @Get('requests/:file')
  @ApiOperation({
    summary: 'GET Service Request: one request by its id (a duplicate answers as the problem it joined)',
  })
  @ApiParam({ name: 'file', example: '0b0c6a9e-6c1e-5d55-9d5e-3c5a1f0f2b7d.json' })
  @Open311Responses(200, { type: 'array', items: REQUEST_SCHEMA }, [400, 403, 404, 422])
  async one(
    @Param('file') file: string,
    @Query() q: Open311JurisdictionQuery,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const id = split(file);
    const scope = await this.scope(q.jurisdiction_id, q.api_key, true);
    const found = await this.reads.request(id, scope!);
    if (!found) throw notFound(`service_request_id ${id} not found in jurisdiction ${scope}`);
    sendFormatted(res, req.path, 200, 'service_requests', [found]);
  }

  /**
   * The jurisdiction a read reaches: jurisdiction_id, inside the key's when a key is given; the
   * key's own without one. Reads carry no personal data, so a key is not required for them.
   */
  private async scope(
    jurisdictionId: string | undefined,
    apiKey: string | undefined,
    required = false,
  ): Promise<string | undefined> {
    const key = apiKey ? await this.reports.keyFor(apiKey) : undefined;
    if (apiKey && !key) throw forbidden('api_key is not valid (unknown or revoked)');
    if (key && jurisdictionId && !isWithin(jurisdictionId, key.jurisdiction))
      throw forbidden(`jurisdiction_id ${jurisdictionId} is outside this key's jurisdiction ${key.jurisdiction}`);
    const scope = jurisdictionId ?? key?.jurisdiction;
    if (required && !scope) throw badField('jurisdiction_id', 'jurisdiction_id is required (or an api_key)');
    if (scope && !(await this.reads.knows(scope))) throw notFound(`jurisdiction_id ${scope} not found`);
    return scope;
  }
}

/** The community of a request: address_id, else attribute[community_code], else a community-level jurisdiction. */
function communityOf(body: Open311PostRequestDto, key: Open311KeyDoc): string {
  const attr = body.attribute?.[COMMUNITY_ATTRIBUTE];
  if (attr !== undefined && (typeof attr !== 'string' || !COMMUNITY_CODE.test(attr)))
    throw badField(
      `attribute.${COMMUNITY_ATTRIBUTE}`,
      `attribute[${COMMUNITY_ATTRIBUTE}] must be a 12-digit community code`,
    );
  const code =
    body.address_id ??
    (attr as string | undefined) ??
    (body.jurisdiction_id?.length === 12 ? body.jurisdiction_id : undefined) ??
    (key.jurisdiction.length === 12 ? key.jurisdiction : undefined);
  if (!code)
    throw badField(
      'address_id',
      `the community is required: address_id or attribute[${COMMUNITY_ATTRIBUTE}] (a 12-digit code; no geocoder here turns lat/long into a community)`,
    );
  if (body.lat === undefined && body.long === undefined && !body.address_string)
    throw badField('lat', 'a place is required: lat and long, or address_string');
  return code;
}

const correlation = (req: Request) => {
  const c = req.headers['x-request-id'];
  return typeof c === 'string' && c.length <= 100 ? c : randomUUID();
};
