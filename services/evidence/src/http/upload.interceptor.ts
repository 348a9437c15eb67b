import { CallHandler, ExecutionContext, HttpException, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import multer from 'multer';
import type { Observable } from 'rxjs';
import { EVIDENCE_OPTIONS, EvidenceOptions } from '../application/options';

const fail = (status: number, field: string, message: string) =>
  new HttpException(
    {
      statusCode: status,
      error: status === 413 ? 'Payload Too Large' : 'Bad Request',
      message,
      errors: [{ field, messages: [message] }],
    },
    status,
  );

/**
 * Reads the multipart body with multer into memory (one file, `file`, at most EVIDENCE_MAX_BYTES),
 * before validation. Its errors become answers naming the field: a file too large is a 413 on
 * `file`, a file under another name a 400 on that name; the bytes are never written anywhere.
 */
@Injectable()
export class EvidenceUploadInterceptor implements NestInterceptor {
  private readonly parse: ReturnType<ReturnType<typeof multer>['single']>;

  constructor(@Inject(EVIDENCE_OPTIONS) private readonly options: EvidenceOptions) {
    this.parse = multer({
      storage: multer.memoryStorage(),
      limits: { fileSize: options.maxBytes, files: 1, fields: 20, fieldSize: 2_000, parts: 24 },
    }).single('file');
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const [req, res] = [http.getRequest(), http.getResponse()];
    if (
      !String(req.headers['content-type'] ?? '')
        .toLowerCase()
        .startsWith('multipart/form-data')
    ) {
      throw fail(400, 'file', 'send multipart/form-data with the file in the field `file`');
    }
    await new Promise<void>((resolve, reject) =>
      this.parse(req, res, (error: unknown) => {
        if (!error) return resolve();
        if (error instanceof multer.MulterError) {
          if (error.code === 'LIMIT_FILE_SIZE')
            return reject(fail(413, 'file', `file is larger than ${this.options.maxBytes} bytes (EVIDENCE_MAX_BYTES)`));
          if (error.code === 'LIMIT_UNEXPECTED_FILE')
            return reject(
              fail(
                400,
                error.field ?? 'file',
                `${error.field ?? 'a file field'}: send one file, in the field \`file\``,
              ),
            );
          return reject(fail(400, error.field ?? 'body', `the multipart body was refused: ${error.message}`));
        }
        reject(fail(400, 'body', `the multipart body could not be read: ${(error as Error).message}`));
      }),
    );
    if (!req.file) throw fail(400, 'file', 'file is required (a JPEG, PNG, HEIC or PDF in the field `file`)');
    return next.handle();
  }
}
