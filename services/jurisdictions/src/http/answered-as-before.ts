import { BadRequestException, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { DomainError } from '@chuangwen/contracts';

/**
 * The answers the profile and centre-point endpoints gave before they had deciders, kept for their
 * clients: an update setting nothing is a 400 naming `quantities` beside `attributes` (as a
 * validation error), an unknown code and a code of another level are Nest's 404 and 422
 * (`error: 'Not Found'`, not the domain error's kind). Anything else goes on as it is.
 */
export function answeredAsBefore(error: unknown): unknown {
  if (!(error instanceof DomainError)) return error;
  if (error.kind === 'invalid' && error.details?.field === 'quantities')
    return new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: 'invalid request: quantities, attributes',
      errors: [{ field: 'quantities', messages: [error.message] }],
    });
  if (error.kind === 'not_found') return new NotFoundException(error.message);
  if (error.kind === 'invalid') return new UnprocessableEntityException(error.message);
  return error;
}
