import { existsSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@chuangwen/auth';

/**
 * `public/` sits beside `src/` in the sources and in dist/ (tools/build.js copies it), so one
 * relative path works for `npm start` and for tests run from the sources.
 */
export const PUBLIC_DIR = join(__dirname, '..', 'public');
/** The charting library comes from node_modules as published: no bundling step. */
const ECHARTS = require.resolve('echarts/dist/echarts.min.js');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

function assets(): Set<string> {
  if (!existsSync(PUBLIC_DIR)) throw new Error(`dashboard assets not found in ${PUBLIC_DIR} (run npm run build)`);
  return new Set(readdirSync(PUBLIC_DIR).filter((f) => TYPES[extname(f)]));
}

/** Serves the page and its assets; public, since the page signs in itself and then calls the API with a token. */
@ApiExcludeController()
@Public()
@Controller()
export class DashboardController {
  private readonly files = assets();

  @Get()
  index(@Res() res: Response): void {
    this.send(res, join(PUBLIC_DIR, 'index.html'));
  }

  @Get('assets/echarts.min.js')
  echarts(@Res() res: Response): void {
    this.send(res, ECHARTS, 'public, max-age=86400');
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() res: Response): void {
    // Only the files that are there, by name: no path ever reaches the file system from the request.
    if (!this.files.has(file)) throw new NotFoundException(`no asset ${file}`);
    this.send(res, join(PUBLIC_DIR, file));
  }

  private send(res: Response, path: string, cache = 'no-cache'): void {
    res.setHeader('content-type', TYPES[extname(path)]);
    res.setHeader('cache-control', cache);
    res.sendFile(path);
  }
}
