import { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import helmet from 'helmet';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Clock } from '@chuangwen/contracts';
import { validationPipe } from '@chuangwen/http';
import { PlatformModule } from './app.module';
import { DistributedPlatformModule } from './distributed/distributed.module';
import { DistributedSettings, servicesOf } from './distributed/distributed.settings';
import { PlatformSettings } from './settings';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug'];

/** Builds the platform application (used by main and by end-to-end tests). */
export async function createPlatform(
  settings: PlatformSettings,
  overrides: { clock?: Clock; distributed?: DistributedSettings } = {},
): Promise<INestApplication> {
  const root = overrides.distributed
    ? DistributedPlatformModule.forRoot(settings, overrides.distributed, servicesOf(overrides.distributed))
    : PlatformModule.forRoot(settings, overrides);
  const app = await NestFactory.create(root, {
    rawBody: true, // the grid webhook's HMAC is over the bytes as sent
    logger: LEVELS.slice(0, LEVELS.indexOf(settings.LOG_LEVEL) + 1),
  });
  // Security headers on every answer; the platform speaks plain HTTP itself (TLS is the proxy's), so no
  // upgrade of the dashboard's requests to https.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  app.getHttpAdapter().getInstance().disable('x-powered-by');
  app.useGlobalPipes(validationPipe());
  app.enableShutdownHooks();
  const openApi = new DocumentBuilder()
    .setTitle('Chuangwen 创文')
    .setDescription('Civilized-community creation, evaluation and commendation: commands, scores and registry')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi), { jsonDocumentUrl: 'docs-json' });
  return app;
}
