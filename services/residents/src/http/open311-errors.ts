import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { DomainError } from '@chuangwen/contracts';
import { WrongExpectedRevisionError } from '@chuangwen/event-store';
import { toXml } from '../domain/open311';
import type { Open311Error } from '../domain/open311';

const DOMAIN_STATUS = { not_found: 404, conflict: 409, invalid: 400, forbidden: 403 } as const;

/** The XML format is asked for by the path's ending (`requests.xml`); JSON otherwise. */
export const wantsXml = (path: string | undefined): boolean => !!path && /\.xml$/.test(path.split('?')[0]);

export const XML_TYPE = 'text/xml; charset=utf-8';

/** Sends a body in the format the path asks for. */
export function sendFormatted(
  res: { status(n: number): unknown; setHeader(k: string, v: string): unknown; send(b: string): unknown },
  path: string,
  status: number,
  root: Parameters<typeof toXml>[0],
  body: unknown,
): void {
  res.status(status);
  if (wantsXml(path)) {
    res.setHeader('content-type', XML_TYPE);
    res.send(toXml(root, body));
  } else {
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.send(JSON.stringify(body));
  }
}

function describe(error: unknown): Open311Error[] {
  if (error instanceof DomainError) return [{ code: DOMAIN_STATUS[error.kind], description: error.message }];
  if (error instanceof WrongExpectedRevisionError) return [{ code: 409, description: `${error.message}; retry` }];
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse() as
      { message?: unknown; errors?: { field: string; messages: string[] }[] } | string;
    if (typeof body === 'object' && Array.isArray(body.errors) && body.errors.length) {
      // Each bad field its own error: the description names the field, as the spec's examples do.
      return body.errors.map((f) => ({ code: status, description: `${f.field}: ${f.messages.join('; ')}` }));
    }
    const message =
      typeof body === 'string'
        ? body
        : Array.isArray(body.message)
          ? body.message.join('; ')
          : String(body.message ?? error.message);
    return [{ code: status, description: message }];
  }
  return [{ code: 500, description: 'internal error' }];
}

/**
 * GeoReport v2's error format on the Open311 routes: a list of `{ code, description }` (XML:
 * `<errors><error><code/><description/></error></errors>`), with the HTTP status of the first.
 */
@Catch()
export class Open311ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Open311');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<{ path?: string; originalUrl?: string }>();
    const res = http.getResponse();
    const errors = describe(error);
    if (errors[0].code >= 500) this.logger.error(error instanceof Error ? error.stack : String(error));
    const retryAfter =
      error instanceof HttpException && error.getStatus() === 429 ? res.getHeader?.('Retry-After') : undefined;
    if (retryAfter) res.setHeader('Retry-After', retryAfter);
    sendFormatted(
      res,
      req.path ?? req.originalUrl ?? '',
      errors[0].code || HttpStatus.INTERNAL_SERVER_ERROR,
      'errors',
      errors,
    );
  }
}

/** Errors the body parser finds before any controller (malformed JSON, too large) on Open311 paths, in the spec's format. */
export const open311BodyErrors = (path: string, status: number, message: string) =>
  path.startsWith('/open311/')
    ? wantsXml(path)
      ? { type: XML_TYPE, body: toXml('errors', [{ code: status, description: `body: ${message}` }]) }
      : {
          type: 'application/json; charset=utf-8',
          body: JSON.stringify([{ code: status, description: `body: ${message}` }]),
        }
    : undefined;

const ERRORS_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    required: ['code', 'description'],
    properties: { code: { type: 'integer' }, description: { type: 'string' } },
  },
};

/** Declares the success body and every error the Open311 routes send, in both formats. */
export function Open311Responses(status: number, schema: Record<string, unknown>, errors: number[]) {
  const both = (s: Record<string, unknown>) => ({
    'application/json': { schema: s },
    'text/xml': { schema: { type: 'string' } },
  });
  return applyDecorators(
    ApiResponse({ status, description: 'GeoReport v2 answer (XML when the path ends in .xml)', content: both(schema) }),
    ...[...errors, 431].map((s) =>
      ApiResponse({
        status: s,
        description: 'GeoReport v2 errors: [{ code, description }]',
        ...(s === 431 ? {} : { content: both(ERRORS_SCHEMA) }),
      }),
    ),
  );
}
