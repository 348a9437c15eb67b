import { CallHandler, ExecutionContext, HttpException, Injectable, NestInterceptor } from '@nestjs/common';
import multer from 'multer';
import type { Observable } from 'rxjs';

/** Largest photo a resident may send (bytes); the evidence store's own limit applies as well. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

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
 * Reads a multipart body (one file in `field`, the other fields as text) into memory before
 * validation, so the DTO sees the fields. A request that is not multipart passes untouched unless
 * `required` (the public photo upload); Open311's POST takes JSON, form fields or multipart `media`.
 */
export function photoUpload(field: string, required: boolean) {
  const parse = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_PHOTO_BYTES, files: 1, fields: 30, fieldSize: 4_000, parts: 32 },
  }).single(field);

  @Injectable()
  class PhotoUploadInterceptor implements NestInterceptor {
    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const http = context.switchToHttp();
      const [req, res] = [http.getRequest(), http.getResponse()];
      const multipart = String(req.headers['content-type'] ?? '')
        .toLowerCase()
        .startsWith('multipart/form-data');
      if (!multipart) {
        if (required) throw fail(400, field, `send multipart/form-data with the photo in the field \`${field}\``);
        return next.handle();
      }
      await new Promise<void>((resolve, reject) =>
        parse(req, res, (error: unknown) => {
          if (!error) return resolve();
          if (error instanceof multer.MulterError) {
            if (error.code === 'LIMIT_FILE_SIZE')
              return reject(fail(413, field, `${field} is larger than ${MAX_PHOTO_BYTES} bytes`));
            return reject(
              fail(400, error.field ?? field, `${error.field ?? field}: send one photo, in the field \`${field}\``),
            );
          }
          reject(fail(400, 'body', `the multipart body could not be read: ${(error as Error).message}`));
        }),
      );
      return next.handle();
    }
  }
  return PhotoUploadInterceptor;
}
