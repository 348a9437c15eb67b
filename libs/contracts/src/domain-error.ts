/**
 * Errors the domain raises, each with a kind the HTTP layer maps to a status: a refused
 * transition is a conflict (409), an unknown aggregate not_found (404), an input that is well
 * formed but cannot be acted on invalid (422), an act outside the actor's jurisdiction forbidden (403).
 */
export type DomainErrorKind = 'not_found' | 'conflict' | 'invalid' | 'forbidden';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (message: string, details?: Record<string, unknown>) =>
  new DomainError('not_found', message, details);
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new DomainError('conflict', message, details);
export const invalid = (message: string, details?: Record<string, unknown>) =>
  new DomainError('invalid', message, details);
export const forbidden = (message: string, details?: Record<string, unknown>) =>
  new DomainError('forbidden', message, details);
