import { ConflictException, NotFoundException } from '@nestjs/common';
import { QueryFailedError, type Repository } from 'typeorm';
import { Item } from './item.entity';
import { ItemsService } from './items.service';

function pgError(code: string, constraint?: string): QueryFailedError {
  return new QueryFailedError('SQL', [], Object.assign(new Error(`pg error ${code}`), { code, constraint }));
}

describe('ItemsService', () => {
  const repository = {
    findAndCount: jest.fn(),
    findOneBy: jest.fn(),
    create: jest.fn((fields: Partial<Item>) => Object.assign(new Item(), fields)),
    insert: jest.fn(),
    update: jest.fn(),
    delete: jest.fn(),
  };
  const service = new ItemsService(repository as unknown as Repository<Item>);
  const stored = Object.assign(new Item(), { id: 7, name: 'Tea', description: null });

  beforeEach(() => jest.clearAllMocks());

  it('reads a page in id order', async () => {
    repository.findAndCount.mockResolvedValue([[stored], 41]);

    await expect(service.findPage(20, 40)).resolves.toEqual({ items: [stored], total: 41 });
    expect(repository.findAndCount).toHaveBeenCalledWith({ order: { id: 'ASC' }, take: 20, skip: 40 });
  });

  it('answers 404 for a missing item', async () => {
    repository.findOneBy.mockResolvedValue(null);

    await expect(service.findOne(7)).rejects.toThrow(new NotFoundException('item 7 not found'));
  });

  it('inserts a new item with a null description when none is given', async () => {
    repository.insert.mockResolvedValue({});

    const item = await service.create({ name: 'Tea' });

    expect(repository.insert).toHaveBeenCalledWith(item);
    expect(item).toMatchObject({ name: 'Tea', description: null });
  });

  it('turns the unique violation on the name into a 409', async () => {
    repository.insert.mockRejectedValue(pgError('23505', 'UQ_items_name'));

    await expect(service.create({ name: 'Tea' })).rejects.toThrow(
      new ConflictException('an item named "Tea" already exists'),
    );
  });

  it.each([
    ['another unique constraint', pgError('23505', 'UQ_other')],
    ['another error', pgError('42501')],
  ])('lets %s through untouched', async (_, error) => {
    repository.insert.mockRejectedValue(error);

    await expect(service.create({ name: 'Tea' })).rejects.toBe(error);
  });

  it('updates only the fields sent, then reads the item back', async () => {
    repository.update.mockResolvedValue({ affected: 1 });
    repository.findOneBy.mockResolvedValue(stored);

    await expect(service.update(7, { name: undefined, description: null })).resolves.toBe(stored);
    expect(repository.update).toHaveBeenCalledWith({ id: 7 }, { description: null });
  });

  it('answers 404 when the update matched no row, and 409 for a name in use', async () => {
    repository.update.mockResolvedValueOnce({ affected: 0 });
    await expect(service.update(7, { name: 'Tea' })).rejects.toThrow(NotFoundException);

    repository.update.mockRejectedValueOnce(pgError('23505', 'UQ_items_name'));
    await expect(service.update(7, { name: 'Tea' })).rejects.toThrow(ConflictException);
  });

  it('deletes, or answers 404 when there was nothing to delete', async () => {
    repository.delete.mockResolvedValueOnce({ affected: 1 });
    await expect(service.remove(7)).resolves.toBeUndefined();

    repository.delete.mockResolvedValueOnce({ affected: 0 });
    await expect(service.remove(7)).rejects.toThrow(new NotFoundException('item 7 not found'));
  });
});
