import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { isUniqueViolation } from '../database/database-errors';
import type { CreateItemDto } from './dto/create-item.dto';
import type { UpdateItemDto } from './dto/update-item.dto';
import { Item, ITEM_NAME_UNIQUE } from './item.entity';

export interface ItemPage {
  items: Item[];
  total: number;
}

@Injectable()
export class ItemsService {
  constructor(@InjectRepository(Item) private readonly items: Repository<Item>) {}

  /** A page in id order: stable, since ids never change and are never reused. */
  async findPage(limit: number, offset: number): Promise<ItemPage> {
    const [items, total] = await this.items.findAndCount({ order: { id: 'ASC' }, take: limit, skip: offset });
    return { items, total };
  }

  async findOne(id: number): Promise<Item> {
    const item = await this.items.findOneBy({ id });
    if (!item) throw notFound(id);
    return item;
  }

  async create({ name, description }: CreateItemDto): Promise<Item> {
    const item = this.items.create({ name, description: description ?? null });
    // One INSERT, which fills in the id and timestamps. The unique constraint decides duplicates:
    // checking first would race with a concurrent insert.
    await this.items.insert(item).catch(duplicateNameAsConflict(name));
    return item;
  }

  async update(id: number, { name, description }: UpdateItemDto): Promise<Item> {
    // Only the fields sent change (an absent one may still be an own property set to undefined).
    const changes = { ...(name !== undefined && { name }), ...(description !== undefined && { description }) };
    // One UPDATE (which also sets updated_at); the row is read back afterwards, a 404 if a concurrent
    // DELETE won in between.
    const { affected } = await this.items.update({ id }, changes).catch(duplicateNameAsConflict(name));
    if (!affected) throw notFound(id);
    return this.findOne(id);
  }

  async remove(id: number): Promise<void> {
    const { affected } = await this.items.delete({ id });
    if (!affected) throw notFound(id);
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
