import { ConflictException, NotFoundException } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../config/config';
import { ItemsService } from './items.service';

function pgError(code: string, constraint?: string): Error {
  return Object.assign(new Error(`pg error ${code}`), { code, constraint });
}

describe('ItemsService', () => {
  // The pool TypeORM opens, replaced: these tests are about what the service makes of its answers.
  const query = jest.fn();
  const dataSource = { driver: { master: { query } } } as unknown as DataSource;
  const config = loadConfig({ DB_HOST: 'h', DB_NAME: 'n', DB_USER: 'u', DB_PASSWORD: 'p', DB_SCHEMA: 'shop' });
  const service = new ItemsService(dataSource, config);
  const stored = { id: 7, name: 'Tea', description: null, createdAt: 'x', updatedAt: 'x' };

  beforeEach(() => query.mockReset());

  it('sends one statement on the configured schema and answers its row', async () => {
    query.mockResolvedValue({ rows: [stored] });

    await expect(service.findOne(7)).resolves.toBe(stored);
    expect(query).toHaveBeenCalledTimes(1);
    expect(query.mock.calls[0][0]).toMatchObject({ text: expect.stringContaining('FROM "shop".items'), values: [7] });
  });

  it('answers 404 for a missing item, on read, update and delete', async () => {
    query.mockResolvedValue({ rows: [], rowCount: 0 });

    await expect(service.findOne(7)).rejects.toThrow(new NotFoundException('item 7 not found'));
    await expect(service.update(7, { name: 'Tea' })).rejects.toThrow(NotFoundException);
    await expect(service.remove(7)).rejects.toThrow(NotFoundException);
  });

  it('turns the unique violation on the name into a 409, on insert and update', async () => {
    query.mockRejectedValue(pgError('23505', 'UQ_items_name'));

    await expect(service.create({ name: 'Tea' })).rejects.toThrow(
      new ConflictException('an item named "Tea" already exists'),
    );
    await expect(service.update(7, { name: 'Tea' })).rejects.toThrow(ConflictException);
  });

  it.each([
    ['another unique constraint', pgError('23505', 'UQ_other')],
    ['another error', pgError('42501')],
  ])('lets %s through untouched', async (_, error) => {
    query.mockRejectedValue(error);

    await expect(service.create({ name: 'Tea' })).rejects.toBe(error);
  });

  it('answers the first page when nothing precedes a backward cursor any more', async () => {
    query.mockResolvedValueOnce({ rows: [] }).mockResolvedValueOnce({ rows: [stored] });

    const page = await service.findPage({ limit: 20, cursor: { before: { id: 3 } } });

    expect(page).toEqual({ items: [stored], limit: 20, next: null, prev: null, last: expect.any(String) });
    expect(query.mock.calls[1][0].values).toEqual([21]);
  });
});
