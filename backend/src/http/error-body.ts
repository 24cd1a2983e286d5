import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { BODY_LIMIT_BYTES } from './json-body';

/** The body of every error answer. `fields` comes with body, query and path validation errors. */
export class ErrorBody {
  @ApiProperty({ type: 'integer' })
  statusCode!: number;

  @ApiProperty({ description: "The status's reason phrase." })
  error!: string;

  @ApiProperty()
  message!: string;

  @ApiPropertyOptional({
    description: 'Per field, the first rule it breaks; `message` joins them.',
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
  })
  fields?: Record<string, string[]>;
}

const MEANING = {
  400: 'Invalid body, query or path parameter, or malformed JSON; nothing changed.',
  404: 'No such resource.',
  409: 'Conflicts with what is stored (a name already taken); nothing changed.',
  413: `Body over ${BODY_LIMIT_BYTES / 1024} kB.`,
  415: 'Body not sent as application/json.',
  503: 'Database unavailable.',
} as const;

/** Documents the error statuses a route answers, each with the error body. */
export function ApiErrors(...statuses: (keyof typeof MEANING)[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: MEANING[status], type: ErrorBody })),
  );
}
