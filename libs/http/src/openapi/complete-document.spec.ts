import {
  Body,
  Controller,
  Get,
  Headers,
  Module,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Type as NestType,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiProperty, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { completeDocument, describeValidator } from './index';

// A decorator of the project's own kind, registered through ValidateBy with a readable constraint.
const IsWard = () =>
  ValidateBy({
    name: 'isWard',
    constraints: [3],
    validator: { validate: (v) => typeof v === 'string' && v.length === 3 },
  });
describeValidator('isWard', ([n]) => ({ type: 'string', minLength: n, maxLength: n }));
// One nobody taught the document: it adds nothing (the document claims no more than it knows).
const IsLucky = () => ValidateBy({ name: 'isLucky', validator: { validate: () => true } });

class Evidence {
  @IsIn(['photo', 'minutes']) kind!: string;
  @IsString() @MaxLength(300) ref!: string;
}

class RecordThing {
  @ApiProperty({ description: 'How many came', example: 80 }) @IsInt() @Min(0) @Max(100000) participants!: number;
  @IsNumber() @Min(0.25) @Max(24) hours!: number;
  @IsOptional() @IsUUID() thingId?: string;
  @Matches(/^\d{12}$/) communityCode!: string;
  @Matches(/^[a-z]+$/i) caseless!: string;
  @IsWard() ward!: string;
  @IsLucky() @IsString() lucky!: string;
  @IsOptional() @IsArray() @ArrayMaxSize(5) @ValidateNested({ each: true }) @Type(() => Evidence) evidence?: Evidence[];
  @IsOptional() @IsString({ each: true }) @MaxLength(20, { each: true }) tags?: string[];
}

class Page {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  @Matches(/^\d{6}$/) code!: string;
}

@Controller('things')
class ThingsController {
  @Post(':id')
  record(
    @Param('id', ParseUUIDPipe) _id: string,
    @Body() _dto: RecordThing,
    @Headers('x-correlation-id') _cid?: string,
  ) {
    return { ok: true };
  }
  @Get()
  list(@Query() _q: Page) {
    return [];
  }
  @Get('health')
  health() {
    return { ok: true };
  }
}

/** Swagger's own document of these controllers, as the platform's bootstrap gets it. */
async function swaggerDocument(controllers: NestType[], config = new DocumentBuilder().addBearerAuth().build()) {
  @Module({ controllers })
  class Host {}
  const app = await NestFactory.create(Host, { logger: false });
  await app.init();
  const doc = SwaggerModule.createDocument(app, config);
  await app.close();
  return doc;
}

describe('completeDocument: the OpenAPI document from the validators the server runs', () => {
  let doc: ReturnType<typeof completeDocument>;
  beforeAll(async () => {
    doc = completeDocument(await swaggerDocument([ThingsController]), [ThingsController], {
      isPublic: (_c, method) => method === 'health',
    });
  });
  const schemas = () =>
    doc.components!.schemas as Record<
      string,
      { properties: Record<string, Record<string, unknown>>; required?: string[]; additionalProperties?: boolean }
    >;

  it('writes each DTO constraint into its schema: bounds, integer vs number, uuid, pattern, enum, nested, arrays', () => {
    const thing = schemas().RecordThing;
    expect(thing.properties.participants).toEqual({
      description: 'How many came',
      example: 80,
      type: 'integer',
      minimum: 0,
      maximum: 100000,
    });
    expect(thing.properties.hours).toEqual({ type: 'number', minimum: 0.25, maximum: 24 });
    expect(thing.properties.thingId).toEqual({ type: 'string', format: 'uuid' });
    expect(thing.properties.communityCode).toEqual({ type: 'string', pattern: '^\\d{12}$' });
    expect(thing.properties.evidence).toEqual({
      type: 'array',
      maxItems: 5,
      items: { $ref: '#/components/schemas/Evidence' },
    });
    expect(thing.properties.tags).toEqual({ type: 'array', items: { type: 'string', maxLength: 20 } });
    expect(schemas().Evidence).toEqual({
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'ref'],
      properties: { kind: { type: 'string', enum: ['photo', 'minutes'] }, ref: { type: 'string', maxLength: 300 } },
    });
    // Required unless optional; unknown fields are refused by the pipe, so none are allowed here.
    expect(thing.required).toEqual(['participants', 'hours', 'communityCode', 'caseless', 'ward', 'lucky']);
    expect(thing.additionalProperties).toBe(false);
  });

  it('reads custom decorators it was taught, and claims nothing for the others or for patterns other engines read otherwise', () => {
    const thing = schemas().RecordThing;
    expect(thing.properties.ward).toEqual({ type: 'string', minLength: 3, maxLength: 3 });
    expect(thing.properties.lucky).toEqual({ type: 'string' });
    expect(thing.properties.caseless).toEqual({ type: 'string' }); // the i flag has no OpenAPI spelling
  });

  it('describes path and query parameters from pipes and DTO classes, and headers as optional', () => {
    const post = doc.paths['/things/{id}'].post!;
    expect(post.parameters).toEqual(
      expect.arrayContaining([
        { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
        expect.objectContaining({
          name: 'x-correlation-id',
          in: 'header',
          required: false,
          schema: { type: 'string' },
        }),
      ]),
    );
    const list = doc.paths['/things'].get!;
    expect(list.parameters).toEqual([
      { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000 } },
      { name: 'code', in: 'query', required: true, schema: { type: 'string', pattern: '^\\d{6}$' } },
    ]);
  });

  it('declares every error answer with the one error schema, and who needs a token', () => {
    const post = doc.paths['/things/{id}'].post!;
    expect(Object.keys(post.responses).sort()).toEqual([
      '201',
      '400',
      '401',
      '403',
      '404',
      '409',
      '413',
      '422',
      '429',
      '431',
      '503',
    ]);
    expect(post.responses['400']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } },
    });
    expect(post.security).toEqual([{ bearer: [] }]);
    const health = doc.paths['/things/health'].get!;
    expect(health.security).toEqual([]);
    expect(Object.keys(health.responses)).toEqual(['200']); // no input, no token: nothing can go wrong but the server
    expect(schemas().ErrorResponse).toMatchObject({ required: ['statusCode', 'message'] });
  });

  it('refuses two DTO classes of one name (their schemas would overwrite each other)', async () => {
    const make = () => {
      class Reason {
        @IsString() reason!: string;
      }
      return Reason;
    };
    const [A, B] = [make(), make()];
    @Controller('a')
    class AController {
      @Post() a(@Body() _b: InstanceType<typeof A>) {}
    }
    Reflect.defineMetadata('design:paramtypes', [A], AController.prototype, 'a');
    @Controller('b')
    class BController {
      @Post() b(@Body() _b: InstanceType<typeof B>) {}
    }
    Reflect.defineMetadata('design:paramtypes', [B], BController.prototype, 'b');
    const raw = await swaggerDocument([AController, BController]);
    expect(() => completeDocument(raw, [AController, BController], { isPublic: () => false })).toThrow(
      /two DTO classes are named Reason/,
    );
  });
});
