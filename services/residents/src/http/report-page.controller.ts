import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@chuangwen/auth';

/** `public/` beside `src/`, in the sources and in dist/ (tools/build.js copies it). */
export const REPORT_PAGE_DIR = join(__dirname, '..', '..', 'public');
const FILES: Record<string, string> = {
  'report.js': 'text/javascript; charset=utf-8',
  'report.css': 'text/css; charset=utf-8',
};

/** The anonymous 随手拍 page: static, phone-sized, reading and writing the public residents API only. */
@ApiExcludeController()
@Public()
@Controller('report')
export class ReportPageController {
  constructor() {
    if (!existsSync(join(REPORT_PAGE_DIR, 'index.html')))
      throw new Error(`report page not found in ${REPORT_PAGE_DIR} (run npm run build)`);
  }

  @Get()
  index(@Res() res: Response): void {
    this.send(res, 'index.html', 'text/html; charset=utf-8');
  }

  @Get(':file')
  asset(@Param('file') file: string, @Res() res: Response): void {
    // Only the page's own files, by name: nothing from the request reaches the file system.
    const type = FILES[file];
    if (!type) throw new NotFoundException(`no file ${file}`);
    this.send(res, file, type);
  }

  private send(res: Response, file: string, type: string): void {
    res.setHeader('content-type', type);
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(join(REPORT_PAGE_DIR, file));
  }
}
