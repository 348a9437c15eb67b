import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import { DomainError, DomainErrorKind } from '@chuangwen/contracts';
import { WrongExpectedRevisionError } from '@chuangwen/event-store';

const STATUS: Record<DomainErrorKind, number> = {
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  invalid: HttpStatus.UNPROCESSABLE_ENTITY,
  forbidden: HttpStatus.FORBIDDEN,
};

/** Domain errors become 4xx answers with the domain's own message. */
@Catch(DomainError, WrongExpectedRevisionError)
export class DomainErrorFilter implements ExceptionFilter {
  catch(error: DomainError | WrongExpectedRevisionError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse();
    const status = error instanceof DomainError ? STATUS[error.kind] : HttpStatus.CONFLICT;
    response.status(status).json({
      statusCode: status,
      error: error instanceof DomainError ? error.kind : 'concurrent_change',
      message: error instanceof DomainError ? error.message : `${error.message}; reload and retry`,
      ...(error instanceof DomainError && error.details ? { details: error.details } : {}),
    });
  }
}
