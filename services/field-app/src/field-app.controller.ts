import { existsSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@chuangwen/auth';

/** `public/` sits beside `src/` in the sources and in dist/ (tools/build.js copies it), as the dashboard's does. */
export const FIELD_APP_DIR = join(__dirname, '..', 'public');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
};

function files(): Set<string> {
  if (!existsSync(FIELD_APP_DIR)) throw new Error(`field app assets not found in ${FIELD_APP_DIR} (run npm run build)`);
  return new Set(readdirSync(FIELD_APP_DIR).filter((f) => TYPES[extname(f)]));
}

/**
 * The field app at /m/: public files (the page signs in itself and calls the API with a token).
 * no-cache: the service worker keeps its own copy for offline use and revalidates it, so a new
 * version reaches phones on their next online start.
 */
@ApiExcludeController()
@Public()
@Controller('m')
export class FieldAppController {
  private readonly files = files();

  @Get()
  index(@Res() res: Response): void {
    this.send(res, 'index.html');
  }

  @Get(':file')
  file(@Param('file') file: string, @Res() res: Response): void {
    // Only the files that are there, by name: no path from the request reaches the file system.
    if (!this.files.has(file)) throw new NotFoundException(`no file ${file} in the field app`);
    // The worker's scope is /m/, where it is served: no Service-Worker-Allowed header needed.
    this.send(res, file);
  }

  private send(res: Response, file: string): void {
    res.setHeader('content-type', TYPES[extname(file)]);
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(join(FIELD_APP_DIR, file));
  }
}
