import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';

/** A 200 answer that is a file of one content type, declared as such in the OpenAPI document. */
export const FileAnswer = (type: string, description: string) =>
  applyDecorators(
    ApiProduces(type),
    ApiOkResponse({
      description,
      content: { [type]: { schema: { type: 'string', format: type.startsWith('text/') ? undefined : 'binary' } } },
    }),
  );
