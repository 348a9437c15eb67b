import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { memoizeValidationMetadata } from './validation-metadata';

export interface FieldError {
  /** Dotted path into the request, e.g. `evidence.0.ref`. */
  readonly field: string;
  readonly messages: string[];
}

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** The 400 every bad input gets: each field named with what is wrong with it. */
export const badFields = (fields: FieldError[]): BadRequestException =>
  new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: `invalid request: ${fields.map((f) => f.field).join(', ')}`,
    errors: fields,
  });

/** One bad field, for checks a DTO cannot make alone (they need the clock, a document walk). */
export const badField = (field: string, message: string): BadRequestException =>
  badFields([{ field, messages: [message] }]);

/**
 * class-validator at every input: unknown fields are refused, values converted to the DTO's
 * types, and a 400 names each bad field — before any command runs, so nothing is written.
 */
export const validationPipe = () => {
  memoizeValidationMetadata();
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => badFields(flatten(errors)),
  });
};
