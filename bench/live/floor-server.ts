import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import helmet from 'helmet';
import { useBodyLimits, validationPipe } from '@chuangwen/http';
import { RecordActivityDto } from '../../services/activities/src/http/dto/activity.dto';

/**
 * The floor under the platform's live write path, for `npm run bench:live -- --floor`: the same
 * `POST /api/activities` answered 201 with nothing behind it, by
 * - `express`: express and its JSON body parser alone;
 * - `nest`: NestJS on express with the platform's body limits, helmet and validation pipe
 *   validating the real RecordActivityDto (no guard, no command, no event, no projection).
 * What a command costs above these is the platform's own.
 */
@Controller('api/activities')
class FloorController {
  @Post()
  @HttpCode(201)
  record(@Body() dto: RecordActivityDto) {
    return { id: dto.communityCode, events: ['ActivityHeld'], position: 1 };
  }
}

@Module({ controllers: [FloorController] })
class FloorModule {}

async function main(): Promise<void> {
  const kind = process.argv[2];
  const port = Number(process.env.PORT);
  if (kind === 'express') {
    const app = express();
    app.use(express.json({ limit: '100kb' }));
    app.post('/api/activities', (req, res) =>
      res.status(201).json({ id: req.body?.communityCode, events: ['ActivityHeld'], position: 1 }),
    );
    app.get('/health', (_req, res) => res.json({ status: 'ok' }));
    const server = app.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as AddressInfo;
      console.log(`express floor is serving on http://127.0.0.1:${bound}`);
    });
    return;
  }
  const app = await NestFactory.create<NestExpressApplication>(FloorModule, { logger: ['error'] });
  useBodyLimits(app);
  app.useGlobalPipes(validationPipe());
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  app
    .getHttpAdapter()
    .getInstance()
    .get('/health', (_req: unknown, res: { json(b: unknown): void }) => res.json({ status: 'ok' }));
  await app.listen(port, '127.0.0.1');
  console.log(`nest floor is serving on ${(await app.getUrl()).replace('[::1]', '127.0.0.1')}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
