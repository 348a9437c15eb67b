import { SetMetadata } from '@nestjs/common';
import type { Schema } from './validation-schema';

export const COMMAND_ANSWER_KEY = 'chuangwen:openapi:command-answer';

/**
 * On a controller whose every write is a command: the success answer of each is the command's
 * result — the id of what it acted on (under `idField`), the events appended, the log position.
 * The OpenAPI document then declares that body (and the fuzz holds real answers against it).
 */
export const AnswersCommands = (idField = 'id'): ClassDecorator => SetMetadata(COMMAND_ANSWER_KEY, idField);

export const commandAnswerName = (idField: string): string =>
  idField === 'id' ? 'CommandAnswer' : `${idField[0].toUpperCase()}${idField.slice(1)}CommandAnswer`;

export const commandAnswerSchema = (idField: string): Schema => ({
  type: 'object',
  required: [idField, 'events', 'position'],
  additionalProperties: false,
  properties: {
    [idField]: { type: 'string', description: 'What the command acted on' },
    events: { type: 'array', items: { type: 'string' }, description: 'Types of the events appended (none when a retry found them already there)' },
    position: { type: 'integer', description: 'Log position of the last event: reads at or after it see the change' },
  },
});
