import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches } from 'class-validator';

/** An instant with its offset: without one, the instant would depend on the server's time zone. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const MESSAGE = 'knownAt must be an ISO 8601 instant with an offset, e.g. 2025-06-30T23:59:59+08:00';

/**
 * `knownAt`, on every figure endpoint: the figures as the platform showed them at an instant (the
 * facts recorded by then). Optional; a real instant with its offset, or a 400 naming the field.
 */
export const KnownAt = () =>
  applyDecorators(
    ApiPropertyOptional({
      example: '2025-07-01T09:00:00+08:00',
      description:
        'The figures as the platform showed them at this instant: only facts recorded by then (evaluated at its China day, or at asOf)',
    }),
    IsOptional(),
    Matches(INSTANT, { message: MESSAGE }),
    IsISO8601({ strict: true }, { message: MESSAGE }),
  );
