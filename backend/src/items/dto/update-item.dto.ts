import { ApiSchema } from '@nestjs/swagger';
import { ValidateIf } from 'class-validator';
import { ItemDescription, ItemName } from './item-fields';

/** Body of PATCH /items/:id: the fields to change, at least one; `description: null` clears it. */
@ApiSchema({ description: 'The fields to change, at least one; `description: null` clears it.' })
export class UpdateItemDto {
  // Absent, name is left as it is, unless description is absent too: an empty change is refused,
  // and the message says what to send.
  @ValidateIf((dto: UpdateItemDto) => dto.name !== undefined || dto.description === undefined)
  @ItemName({ required: false, missingMessage: 'send a name or a description to change' })
  name?: string;

  @ItemDescription()
  description?: string | null;
}
