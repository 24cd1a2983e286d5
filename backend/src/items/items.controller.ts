import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
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
  findPage(@Query() { limit, q, cursor }: ListItemsQueryDto): Promise<ItemPageDto> {
    return this.items.findPage({ limit, q, cursor });
  }

  @Get(':id')
  @ApiOkResponse({ type: ItemDto })
  @ApiErrors(404)
  findOne(@Param() { id }: ItemIdParams): Promise<ItemDto> {
    return this.items.findOne(id);
  }

  @Post()
  @ApiCreatedResponse({
    type: ItemDto,
    headers: { Location: { description: 'The new item: /items/<id>', schema: { type: 'string' } } },
  })
  @ApiErrors(409, 413, 415)
  async create(@Body() body: CreateItemDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<ItemDto> {
    const item = await this.items.create(body);
    void reply.header('Location', `/items/${item.id}`);
    return item;
  }

  @Patch(':id')
  @ApiOkResponse({ type: ItemDto })
  @ApiErrors(404, 409, 413, 415)
  update(@Param() { id }: ItemIdParams, @Body() changes: UpdateItemDto): Promise<ItemDto> {
    return this.items.update(id, changes);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrors(404)
  remove(@Param() { id }: ItemIdParams): Promise<void> {
    return this.items.remove(id);
  }
}
