import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

export interface BodyLimits {
  /** Largest request body (body-parser syntax). Standards documents are the largest (≈35 kB). */
  readonly limit: string;
  /** Deepest nesting of arrays and objects (shipped standards reach 8). */
  readonly maxDepth: number;
}

export const BODY_LIMITS: BodyLimits = { limit: '100kb', maxDepth: 32 };

/** Whether a parsed body nests deeper than `max`, found without recursion (no stack to exhaust). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(v as object))
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

const PARSER_ERRORS: Record<string, string> = {
  'entity.too.large': 'the body is larger than the limit',
  'entity.parse.failed': 'the body is not valid JSON',
  'entity.verify.failed': 'the body could not be verified',
  'encoding.unsupported': 'the body’s content encoding is not supported',
  'charset.unsupported': 'the body’s charset is not supported',
  'request.aborted': 'the request was aborted',
  'request.size.invalid': 'the body’s length does not match Content-Length',
  'parameters.too.many': 'the body has too many parameters',
};

interface ParserError extends Error {
  readonly status?: number;
  readonly type?: string;
}

/**
 * A route family that answers errors in a format of its own (Open311's `[{ code, description }]`):
 * given the path, the status and the message, the content type and body to send, or undefined.
 */
export type BodyErrorFormat = (
  path: string,
  status: number,
  message: string,
) => { readonly type: string; readonly body: string } | undefined;

/**
 * Body parsing with the limits above, before any validation: a body too large, malformed or too
 * deep is a 4xx naming `body`, logged as one warning line (no stack: a client cannot flood the
 * error log). Call before `init()`, so Nest does not add its own parsers.
 * `formats`: route families answering those errors in their own format.
 */
export function useBodyLimits(
  app: NestExpressApplication,
  limits: BodyLimits = BODY_LIMITS,
  logger = new Logger('HTTP'),
  formats: readonly BodyErrorFormat[] = [],
): void {
  const refuse = (res: Response, req: Request, status: number, message: string): void => {
    // The path only: a query may carry a token (access_token of event streams).
    const path = String(req.originalUrl ?? req.url).split('?')[0];
    logger.warn(`${req.method} ${path} → ${status}: ${message}`);
    const own = formats.map((f) => f(path, status, message)).find(Boolean);
    if (own) {
      res.status(status).type(own.type).send(own.body);
      return;
    }
    res.status(status).json({
      statusCode: status,
      error: status === 413 ? 'Payload Too Large' : 'Bad Request',
      message,
      errors: [{ field: 'body', messages: [message] }],
    });
  };
  app.useBodyParser('json', { limit: limits.limit });
  app.useBodyParser('urlencoded', { limit: limits.limit, extended: true });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (nestsDeeperThan(req.body, limits.maxDepth))
      return refuse(res, req, 400, `body must not nest arrays and objects deeper than ${limits.maxDepth} levels`);
    next();
  });
  app.use((err: ParserError, req: Request, res: Response, next: NextFunction) => {
    const status = err?.status;
    if (typeof status !== 'number' || status < 400 || status >= 500) return next(err);
    const message = (err.type && PARSER_ERRORS[err.type]) ?? 'the body could not be read';
    refuse(res, req, status, status === 413 ? `${message} (${limits.limit})` : message);
  });
}
