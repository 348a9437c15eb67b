import { SetMetadata } from '@nestjs/common';
import type { Schema } from './validation-schema';

export const COMMAND_ANSWER_KEY = 'chuangwen:openapi:command-answer';

/** What a command's success answer carries beside the events and the position. */
export interface CommandAnswer {
  /** The field naming what the command acted on (`id` by default). */
  readonly idField?: string;
  /** Older names of that id, still answered for existing clients (`activityId`). */
  readonly aliases?: readonly string[];
  /** Figures the command computed and answers too (a survey's rate): name → schema. */
  readonly also?: Readonly<Record<string, Schema>>;
  /** The schema's name in the document; needed when aliases or also make it differ from the plain answer. */
  readonly name?: string;
}

/**
 * On a controller whose every write is a command (or on one handler, to say more of its answer):
 * the success answer is the command's result — the id of what it acted on, the events appended, the
 * log position, and what `answer` adds. The OpenAPI document then declares that body (and the fuzz
 * holds real answers against it).
 */
export const AnswersCommands = (answer: string | CommandAnswer = {}): ClassDecorator & MethodDecorator =>
  SetMetadata(COMMAND_ANSWER_KEY, typeof answer === 'string' ? { idField: answer } : answer);

export const commandAnswerName = (answer: CommandAnswer): string => {
  const idField = answer.idField ?? 'id';
  return (
    answer.name ?? (idField === 'id' ? 'CommandAnswer' : `${idField[0].toUpperCase()}${idField.slice(1)}CommandAnswer`)
  );
};

export const commandAnswerSchema = (answer: CommandAnswer): Schema => {
  const idField = answer.idField ?? 'id';
  const id: Schema = { type: 'string', description: 'What the command acted on' };
  return {
    type: 'object',
    required: [idField, 'events', 'position'],
    additionalProperties: false,
    properties: {
      [idField]: id,
      ...Object.fromEntries(
        (answer.aliases ?? []).map((a) => [
          a,
          { ...id, description: `The same as ${idField} (an older name, still answered)` },
        ]),
      ),
      events: {
        type: 'array',
        items: { type: 'string' },
        description: 'Types of the events appended (none when a retry found them already there)',
      },
      position: { type: 'integer', description: 'Log position of the last event: reads at or after it see the change' },
      ...(answer.also ?? {}),
    },
  };
};
