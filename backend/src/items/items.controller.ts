import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiErrors } from '../http/error-body';
import { CreateItemDto } from './dto/create-item.dto';
import { ItemIdParams } from './dto/item-id-params.dto';
import { ItemDto, ItemPageDto } from './dto/item.dto';
import { ListItemsQueryDto } from './dto/list-items-query.dto';
import { UpdateItemDto } from './dto/update-item.dto';
import { ItemsService } from './items.service';

@Controller('items')
@ApiErrors(400, 503)
export class ItemsController {
  constructor(private readonly items: ItemsService) {}

  @Get()
  @ApiOkResponse({ type: ItemPageDto })
  async findPage(@Query() { limit, offset }: ListItemsQueryDto): Promise<ItemPageDto> {
    const { items, total } = await this.items.findPage(limit, offset);
    return { items: items.map((item) => ItemDto.fromEntity(item)), total, limit, offset };
  }

  @Get(':id')
  @ApiOkResponse({ type: ItemDto })
  @ApiErrors(404)
  async findOne(@Param() { id }: ItemIdParams): Promise<ItemDto> {
    return ItemDto.fromEntity(await this.items.findOne(id));
  }

  @Post()
  @ApiCreatedResponse({
    type: ItemDto,
    headers: { Location: { description: 'The new item: /items/<id>', schema: { type: 'string' } } },
  })
  @ApiErrors(409, 413, 415)
  async create(@Body() body: CreateItemDto, @Res({ passthrough: true }) response: Response): Promise<ItemDto> {
    const item = await this.items.create(body);
    response.location(`/items/${item.id}`);
    return ItemDto.fromEntity(item);
  }

  @Patch(':id')
  @ApiOkResponse({ type: ItemDto })
  @ApiErrors(404, 409, 413, 415)
  async update(@Param() { id }: ItemIdParams, @Body() changes: UpdateItemDto): Promise<ItemDto> {
    return ItemDto.fromEntity(await this.items.update(id, changes));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrors(404)
  remove(@Param() { id }: ItemIdParams): Promise<void> {
    return this.items.remove(id);
  }
}
