import type { Schema } from './validation-schema';

/**
 * The one shape of every error answer: Nest's HttpExceptions ({statusCode, message, error}), the
 * validation pipe's 400 (plus errors[{field, messages}]), the domain-error filter (error is the kind,
 * plus details), the throttler's 429 (libs/auth).
 */
export const ERROR_SCHEMA: Schema = {
  type: 'object',
  required: ['statusCode', 'message'],
  properties: {
    statusCode: { type: 'integer', minimum: 400, maximum: 599, description: 'The HTTP status again' },
    error: {
      type: 'string',
      description:
        'The status text (Bad Request, Forbidden …) or the domain error kind (not_found, conflict, invalid, forbidden, concurrent_change)',
    },
    message: { type: 'string', description: 'What is wrong, in words; for a 400 the fields named' },
    errors: {
      type: 'array',
      description: 'A 400 from validation: each bad field with what is wrong with it',
      items: {
        type: 'object',
        required: ['field', 'messages'],
        properties: {
          field: { type: 'string', description: 'Dotted path into the request, e.g. evidence.0.ref' },
          messages: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    details: { type: 'object', description: "A domain error's particulars (e.g. the gaps of a refused nomination)" },
  },
};

/** Why each status may come, as the document tells it. */
export const ERROR_STATUSES: Record<number, string> = {
  400: 'A parameter or the body is not valid (each bad field named in errors), or the body is not JSON',
  401: 'No bearer token, or one that is not valid (signature, issuer, audience, exp, lifetime)',
  403: "The role may not do this, or the target lies outside the token's jurisdiction",
  404: 'What the request names does not exist',
  409: 'The request conflicts with the current state (or a concurrent change: reload and retry)',
  413: 'The body is larger than allowed',
  422: 'Understood, but the domain refuses it (a rule of the campaign)',
  431: "The request line and headers exceed 16 KB (Node's limit): answered before any route, with no body",
  429: 'Too many writes from this client or with this token (see Retry-After)',
  503: "The identity provider's keys cannot be fetched (JWKS_URL)",
};
