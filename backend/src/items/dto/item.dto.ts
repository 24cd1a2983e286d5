import { ApiProperty } from '@nestjs/swagger';
import type { Item } from '../item.entity';

/** An item as the API returns it: the contract with clients, kept apart from the table's shape. */
export class ItemDto {
  @ApiProperty({ type: 'integer' })
  id!: number;

  @ApiProperty()
  name!: string;

  @ApiProperty({ type: String, nullable: true })
  description!: string | null;

  @ApiProperty()
  createdAt!: Date;

  @ApiProperty()
  updatedAt!: Date;

  static fromEntity({ id, name, description, createdAt, updatedAt }: Item): ItemDto {
    return Object.assign(new ItemDto(), { id, name, description, createdAt, updatedAt });
  }
}

/** A page of GET /items: the items, the total count, and the limit and offset that selected them. */
export class ItemPageDto {
  @ApiProperty({ type: [ItemDto] })
  items!: ItemDto[];

  @ApiProperty({ type: 'integer' })
  total!: number;

  @ApiProperty({ type: 'integer' })
  limit!: number;

  @ApiProperty({ type: 'integer' })
  offset!: number;
}
