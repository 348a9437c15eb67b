import { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Clock } from '@chuangwen/contracts';
import { useBodyLimits, validationPipe } from '@chuangwen/http';
import { open311BodyErrors } from '@chuangwen/residents';
import { PlatformModule } from './app.module';
import { DistributedPlatformModule } from './distributed/distributed.module';
import { DistributedSettings, servicesOf } from './distributed/distributed.settings';
import { PlatformSettings } from './settings';
import helmet from 'helmet';
import { ModulesContainer, Reflector } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { PUBLIC_KEY } from '@chuangwen/auth';
import { completeDocument, Constructor } from '@chuangwen/http';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug'];

/** Builds the platform application (used by main and by end-to-end tests). */
export async function createPlatform(
  settings: PlatformSettings,
  overrides: { clock?: Clock; distributed?: DistributedSettings } = {},
): Promise<INestApplication> {
  const root = overrides.distributed
    ? DistributedPlatformModule.forRoot(settings, overrides.distributed, servicesOf(overrides.distributed))
    : PlatformModule.forRoot(settings, overrides);
  const app = await NestFactory.create<NestExpressApplication>(root, {
    rawBody: true, // the grid webhook's HMAC is over the bytes as sent
    logger: LEVELS.slice(0, LEVELS.indexOf(settings.LOG_LEVEL) + 1),
  });
  useBodyLimits(app, undefined, undefined, [open311BodyErrors]); // size, JSON and nesting depth checked before validation; 4xx logged as warnings
  app.useGlobalPipes(validationPipe());
  app.enableShutdownHooks();
  // Security headers on every answer; the platform speaks plain HTTP itself (TLS is the proxy's), so no
  // upgrade of the dashboard's requests to https.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  app.getHttpAdapter().getInstance().disable('x-powered-by');
  const openApi = new DocumentBuilder()
    .setTitle('Chuangwen 创文')
    .setDescription('Civilized-community creation, evaluation and commendation: commands, scores and registry')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => openApiDocument(app, openApi), { jsonDocumentUrl: 'docs-json' });
  return app;
}

/** The OpenAPI document: swagger's reading of the decorators, completed from the validators the server runs. */
function openApiDocument(app: INestApplication, config: Omit<OpenAPIObject, 'paths'>): OpenAPIObject {
  const controllers = [...app.get(ModulesContainer).values()].flatMap((m) =>
    [...m.controllers.values()].map((c) => c.metatype as Constructor),
  );
  const reflector = app.get(Reflector);
  return completeDocument(SwaggerModule.createDocument(app, config), controllers, {
    isPublic: (controller, method) =>
      !!reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [
        (controller as unknown as { prototype: Record<string, () => void> }).prototype[method],
        controller,
      ]),
  });
}
