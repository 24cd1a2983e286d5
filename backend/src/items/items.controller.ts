import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CreateItemDto } from './dto/create-item.dto';
import { ItemIdParams } from './dto/item-id-params.dto';
import { ItemDto, ItemPageDto } from './dto/item.dto';
import { ListItemsQueryDto } from './dto/list-items-query.dto';
import { UpdateItemDto } from './dto/update-item.dto';
import { ItemsService } from './items.service';

@Controller('items')
export class ItemsController {
  constructor(private readonly items: ItemsService) {}

  @Get()
  async findPage(@Query() { limit, offset }: ListItemsQueryDto): Promise<ItemPageDto> {
    const { items, total } = await this.items.findPage(limit, offset);
    return { items: items.map((item) => ItemDto.fromEntity(item)), total, limit, offset };
  }

  @Get(':id')
  async findOne(@Param() { id }: ItemIdParams): Promise<ItemDto> {
    return ItemDto.fromEntity(await this.items.findOne(id));
  }

  @Post()
  async create(@Body() body: CreateItemDto, @Res({ passthrough: true }) response: Response): Promise<ItemDto> {
    const item = await this.items.create(body);
    response.location(`/items/${item.id}`);
    return ItemDto.fromEntity(item);
  }

  @Patch(':id')
  async update(@Param() { id }: ItemIdParams, @Body() changes: UpdateItemDto): Promise<ItemDto> {
    return ItemDto.fromEntity(await this.items.update(id, changes));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  remove(@Param() { id }: ItemIdParams): Promise<void> {
    return this.items.remove(id);
  }
}
