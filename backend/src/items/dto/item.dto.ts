import { ApiProperty } from '@nestjs/swagger';

/** An item as the API returns it: the contract with clients, kept apart from the table's shape. */
export class ItemDto {
  @ApiProperty({ type: 'integer' })
  id!: number;

  @ApiProperty()
  name!: string;

  @ApiProperty({ type: String, nullable: true })
  description!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

const CURSOR = 'Opaque: send it back as `cursor` (with the same `q`) for that page.';

/** A page of GET /items: the items, and the cursors of the pages around it. No total is counted. */
export class ItemPageDto {
  @ApiProperty({ type: [ItemDto] })
  items!: ItemDto[];

  @ApiProperty({ type: 'integer' })
  limit!: number;

  @ApiProperty({ type: String, nullable: true, description: `The following page; null on the last. ${CURSOR}` })
  next!: string | null;

  @ApiProperty({ type: String, nullable: true, description: `The preceding page; null on the first. ${CURSOR}` })
  prev!: string | null;

  @ApiProperty({ description: `The last page. ${CURSOR}` })
  last!: string;
}
