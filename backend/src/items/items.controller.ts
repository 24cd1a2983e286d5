import { Controller, Get } from '@nestjs/common';
import { ItemDto } from './dto/item.dto';
import { ItemsService } from './items.service';

@Controller('items')
export class ItemsController {
  constructor(private readonly items: ItemsService) {}

  @Get()
  async findAll(): Promise<ItemDto[]> {
    const items = await this.items.findAll();
    return items.map((item) => ItemDto.fromEntity(item));
  }
}
