import type { Item } from '../item.entity';

/** An item as the API returns it: the contract with clients, kept apart from the table's shape. */
export class ItemDto {
  id!: number;
  name!: string;
  description!: string | null;
  createdAt!: Date;
  updatedAt!: Date;

  static fromEntity({ id, name, description, createdAt, updatedAt }: Item): ItemDto {
    return Object.assign(new ItemDto(), { id, name, description, createdAt, updatedAt });
  }
}

/** A page of GET /items: the items, the total count, and the limit and offset that selected them. */
export class ItemPageDto {
  items!: ItemDto[];
  total!: number;
  limit!: number;
  offset!: number;
}
