import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { GUARDS_METADATA, METHOD_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { ParseIntPipe, ParseUUIDPipe } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { COMMAND_ANSWER_KEY, CommandAnswer, commandAnswerName, commandAnswerSchema } from './command-answer';
import { ERROR_SCHEMA, ERROR_STATUSES } from './error-schema';
import { Constructor, propertiesOf, Schema } from './validation-schema';

type Operation = {
  operationId?: string;
  parameters?: Schema[];
  requestBody?: { content?: Record<string, { schema?: Schema }>; required?: boolean };
  responses: Record<string, Schema>;
  security?: Record<string, string[]>[];
};

export interface DocumentFacts {
  /** The route needs no bearer token (it may still have a guard of its own, e.g. the grid's HMAC). */
  isPublic(controller: Constructor, method: string): boolean;
}

const ERROR_REF = { $ref: '#/components/schemas/ErrorResponse' };
const READS = new Set(['get', 'head', 'options']);

/**
 * Completes the document @nestjs/swagger builds from the decorators with what the server really
 * does, read from the same metadata the server runs on: each DTO's constraints from class-validator
 * (so no DTO repeats its rules for the document), path and query parameters from the DTO classes and
 * pipes, optional headers, who needs a token, and every error answer with one shared schema.
 */
export function completeDocument(
  document: OpenAPIObject,
  controllers: readonly Constructor[],
  facts: DocumentFacts,
): OpenAPIObject {
  const schemas = ((document.components ??= {}).schemas ??= {}) as Record<string, Schema>;
  const named = new Map<Constructor, string>();
  const component = (cls: Constructor): Schema => ({
    $ref: `#/components/schemas/${describeClass(cls, schemas, named)}`,
  });
  schemas.ErrorResponse = ERROR_SCHEMA;

  const operations = new Map<string, [string, Operation]>();
  for (const item of Object.values(document.paths)) {
    for (const [method, op] of Object.entries(item as Record<string, Operation>))
      if (op.operationId) operations.set(op.operationId, [method, op]);
  }

  for (const controller of controllers) {
    const proto = (controller as unknown as { prototype: Record<string, unknown> }).prototype;
    for (const method of methodsOf(proto)) {
      const handler = proto[method] as object;
      if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
      const found = operations.get(`${controller.name}_${method}`);
      if (!found) continue;
      const [verb, op] = found;
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
        string,
        { index: number; data?: string; pipes?: unknown[] }
      >;
      const types = (Reflect.getMetadata('design:paramtypes', proto, method) ?? []) as unknown[];
      const keep = op.parameters ?? [];
      const parameters: Schema[] = [];
      let query = false;
      let path = false;
      for (const [key, arg] of Object.entries(args)) {
        const kind = Number(key.split(':')[0]);
        const type = types[arg.index] as Constructor | undefined;
        const isDto = typeof type === 'function' && ![String, Number, Boolean, Object, Array].includes(type as never);
        if (kind === RouteParamtypes.BODY && !arg.data && isDto) {
          op.requestBody = { required: true, content: { 'application/json': { schema: component(type) } } };
        } else if ((kind === RouteParamtypes.QUERY || kind === RouteParamtypes.PARAM) && !arg.data && isDto) {
          const where = kind === RouteParamtypes.QUERY ? 'query' : 'path';
          if (where === 'query') query = true;
          else path = true;
          for (const [name, p] of propertiesOf(type))
            parameters.push(parameter(op, where, name, p.schema, where === 'path' || p.required));
        } else if (kind === RouteParamtypes.PARAM && arg.data) {
          path = true;
          parameters.push(parameter(op, 'path', arg.data, pipeSchema(arg.pipes ?? []), true));
        } else if (kind === RouteParamtypes.QUERY && arg.data) {
          query = true;
          parameters.push(parameter(op, 'query', arg.data, pipeSchema(arg.pipes ?? []), false));
        } else if (kind === RouteParamtypes.HEADERS && arg.data) {
          // Headers read with @Headers are optional here (a correlation id the server makes up when absent).
          parameters.push({
            ...(findParameter(op, 'header', arg.data) ?? { name: arg.data, in: 'header' }),
            required: false,
            schema: { type: 'string' },
          });
        }
      }
      op.parameters = [
        ...keep.filter(
          (p) =>
            !(p.in === 'query' && query) &&
            !(p.in === 'path' && path) &&
            !parameters.some((n) => n.in === p.in && n.name === p.name),
        ),
        ...parameters,
      ];
      const isPublic = facts.isPublic(controller, method);
      const guarded = ((Reflect.getMetadata(GUARDS_METADATA, handler) ?? []) as unknown[]).length > 0;
      op.security = isPublic ? [] : [{ bearer: [] }];
      const answers = (Reflect.getMetadata(COMMAND_ANSWER_KEY, handler) ??
        Reflect.getMetadata(COMMAND_ANSWER_KEY, controller)) as CommandAnswer | undefined;
      if (answers && !READS.has(verb)) declareCommandAnswer(op, answers, schemas);
      declareErrors(op, {
        write: !READS.has(verb),
        hasInput: op.parameters.length > 0 || !!op.requestBody,
        authenticated: !isPublic,
        guarded,
      });
    }
  }
  return document;
}

function methodsOf(proto: object): string[] {
  const out = new Set<string>();
  for (let p = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const name of Object.getOwnPropertyNames(p)) if (name !== 'constructor') out.add(name);
  }
  return [...out];
}

const findParameter = (op: Operation, where: string, name: string) =>
  (op.parameters ?? []).find((p) => p.in === where && p.name === name);

/** A parameter as the server checks it, keeping what the swagger decorators said about it (description, example). */
function parameter(op: Operation, where: 'query' | 'path', name: string, schema: Schema, required: boolean): Schema {
  const before = findParameter(op, where, name) ?? {};
  const { description, example, ...constraints } = schema;
  const old = (before.schema ?? {}) as Schema;
  return {
    name,
    in: where,
    required,
    ...(before.description || description ? { description: before.description ?? description } : {}),
    schema: {
      ...(old.example !== undefined ? { example: old.example } : {}),
      ...(old.default !== undefined ? { default: old.default } : {}),
      ...(example !== undefined ? { example } : {}),
      ...(Object.keys(constraints).length ? constraints : { type: 'string' }),
    },
  };
}

function pipeSchema(pipes: unknown[]): Schema {
  const is = (cls: abstract new (...args: never[]) => unknown) => pipes.some((p) => p === cls || p instanceof cls);
  if (is(ParseUUIDPipe)) return { type: 'string', format: 'uuid' };
  if (is(ParseIntPipe)) return { type: 'integer' };
  return { type: 'string' };
}

function declareCommandAnswer(op: Operation, answer: CommandAnswer, schemas: Record<string, Schema>): void {
  const name = commandAnswerName(answer);
  schemas[name] ??= commandAnswerSchema(answer);
  const success = Object.keys(op.responses).find((s) => /^2\d\d$/.test(s)) ?? '200';
  op.responses[success] = {
    ...(op.responses[success] ?? {}),
    description: (op.responses[success]?.description as string) || 'Done: what was recorded',
    content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
  };
}

function declareErrors(
  op: Operation,
  o: { write: boolean; hasInput: boolean; authenticated: boolean; guarded: boolean },
): void {
  const statuses = [
    ...(o.hasInput ? [400, 404, 422] : []),
    ...(o.authenticated || o.guarded ? [401, 403] : []),
    ...(o.write ? [409, 429] : []),
    ...(o.write && op.requestBody ? [413] : []),
    ...(o.authenticated ? [503] : []),
  ];
  for (const status of statuses.sort()) {
    op.responses[String(status)] ??= {
      description: ERROR_STATUSES[status],
      content: { 'application/json': { schema: ERROR_REF } },
    };
  }
  // Node's HTTP parser refuses an oversized request head itself, on any route, with an empty body.
  if (o.hasInput) op.responses['431'] ??= { description: ERROR_STATUSES[431] };
}

/**
 * A DTO class as a component schema: its validated properties, required unless optional, nothing
 * else allowed (the pipe refuses unknown fields), descriptions and examples from the swagger
 * decorators kept. Two classes of one name would overwrite each other: refused.
 */
function describeClass(cls: Constructor, schemas: Record<string, Schema>, named: Map<Constructor, string>): string {
  const known = named.get(cls);
  if (known) return known;
  const name = cls.name;
  if ([...named].some(([c, n]) => n === name && c !== cls))
    throw new Error(
      `two DTO classes are named ${name}: rename one, their schemas would collide in the OpenAPI document`,
    );
  named.set(cls, name);
  const before = (schemas[name] ?? {}) as { properties?: Record<string, Schema> };
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const [property, p] of propertiesOf(cls)) {
    const old = before.properties?.[property] ?? {};
    const mine = { ...p.schema };
    const ref = (s: Schema) =>
      s.$ref ? { $ref: `#/components/schemas/${describeClass(s.$ref as Constructor, schemas, named)}` } : s;
    if (mine.$ref) Object.assign(mine, ref(mine));
    if (mine.items) mine.items = ref({ ...(old.items as Schema | undefined), ...(mine.items as Schema) });
    const description = [old.description, mine.description].filter(Boolean).join('; ');
    const described = {
      ...(description ? { description } : {}),
      ...(old.example !== undefined ? { example: old.example } : {}),
    };
    delete mine.description;
    properties[property] = mine.$ref
      ? { allOf: [{ $ref: mine.$ref }], ...described }
      : { ...described, ...(old.enum && !mine.enum ? { enum: old.enum } : {}), ...mine };
    if (p.required) required.push(property);
  }
  schemas[name] = { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false };
  return name;
}
