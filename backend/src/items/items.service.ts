import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { isUniqueViolation } from '../database/database-errors';
import { pgPool } from '../database/pg-pool';
import type { CreateItemDto } from './dto/create-item.dto';
import type { UpdateItemDto } from './dto/update-item.dto';
import { ITEM_NAME_UNIQUE } from './item.entity';
import { type ItemPage, pageOf } from './item-page';
import { type ItemQuery, type ItemRow, ItemSql, type Statement } from './item-sql';

/**
 * The items, in SQL: one statement a request, rows already in the API's shape (no entity is built,
 * no count is taken). The statements are in item-sql.ts.
 */
@Injectable()
export class ItemsService {
  private readonly sql: ItemSql;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) { database }: AppConfig,
  ) {
    this.sql = new ItemSql(database.schema);
  }

  /** A page of the list (id order) or of a search by name prefix (name order), from a cursor. */
  async findPage(query: ItemQuery): Promise<ItemPage> {
    const page = pageOf(await this.rows(this.sql.page(query)), query);
    // Null: nothing precedes the cursor any more; the first page is what comes closest.
    return page ?? this.findPage({ limit: query.limit, q: query.q });
  }

  async findOne(id: number): Promise<ItemRow> {
    const [item] = await this.rows(this.sql.byId(id));
    if (!item) throw notFound(id);
    return item;
  }

  async create({ name, description }: CreateItemDto): Promise<ItemRow> {
    // The unique constraint decides duplicates: checking first would race with a concurrent insert.
    const [item] = await this.rows(this.sql.insert(name, description ?? null)).catch(duplicateNameAsConflict(name));
    return item;
  }

  async update(id: number, { name, description }: UpdateItemDto): Promise<ItemRow> {
    // Only the fields sent change, and updated_at; one statement, which returns the row as stored.
    const [item] = await this.rows(this.sql.update(id, { name, description })).catch(duplicateNameAsConflict(name));
    if (!item) throw notFound(id);
    return item;
  }

  async remove(id: number): Promise<void> {
    const { rowCount } = await pgPool(this.dataSource).query(this.sql.delete(id));
    if (!rowCount) throw notFound(id);
  }

  private async rows(statement: Statement): Promise<ItemRow[]> {
    return (await pgPool(this.dataSource).query<ItemRow>(statement)).rows;
  }
}

function notFound(id: number): NotFoundException {
  return new NotFoundException(`item ${id} not found`);
}

function duplicateNameAsConflict(name: string | undefined) {
  return (error: unknown): never => {
    if (isUniqueViolation(error, ITEM_NAME_UNIQUE))
      throw new ConflictException(`an item named "${name}" already exists`);
    throw error;
  };
}
