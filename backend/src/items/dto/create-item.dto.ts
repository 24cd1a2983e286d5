import { ItemDescription, ItemName } from './item-fields';

/** Body of POST /items. */
export class CreateItemDto {
  @ItemName({ required: true, missingMessage: 'name is required' })
  name!: string;

  @ItemDescription()
  description?: string | null;
}
