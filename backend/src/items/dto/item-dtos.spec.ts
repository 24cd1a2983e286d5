import type { ArgumentMetadata, BadRequestException } from '@nestjs/common';
import { createValidationPipe } from '../../http/validation';
import { encodeCursor } from '../item-cursor';
import { CreateItemDto } from './create-item.dto';
import { ItemIdParams } from './item-id-params.dto';
import { ListItemsQueryDto } from './list-items-query.dto';
import { UpdateItemDto } from './update-item.dto';

// The app's own pipe, so these rules are the ones requests meet.
const pipe = createValidationPipe();

function validate(metatype: ArgumentMetadata['metatype'], type: ArgumentMetadata['type'], value: unknown) {
  return pipe.transform(value, { metatype, type });
}

async function fieldsOf(metatype: ArgumentMetadata['metatype'], type: ArgumentMetadata['type'], value: unknown) {
  const error = (await validate(metatype, type, value).catch((caught: unknown) => caught)) as BadRequestException;
  expect(error.getStatus()).toBe(400);
  return (error.getResponse() as { fields: Record<string, string[]> }).fields;
}

describe('CreateItemDto', () => {
  it('trims and NFC-normalises the name, and stores an empty description as null', async () => {
    const dto = await validate(CreateItemDto, 'body', { name: ' Cafe\u0301 ', description: '' });

    expect(dto).toBeInstanceOf(CreateItemDto);
    expect(dto).toMatchObject({ name: 'Café', description: null });
  });

  it('counts length in code points: 100 emoji are a valid name, 101 are not', async () => {
    await expect(validate(CreateItemDto, 'body', { name: '🍎'.repeat(100) })).resolves.toMatchObject({
      name: '🍎'.repeat(100),
    });
    expect(await fieldsOf(CreateItemDto, 'body', { name: '🍎'.repeat(101) })).toEqual({
      name: ['name must be 1 to 100 characters long (after trimming spaces)'],
    });
  });

  it('reports one message a field, the first rule broken', async () => {
    expect(await fieldsOf(CreateItemDto, 'body', { description: 3, extra: true })).toEqual({
      name: ['name is required'],
      description: ['description must be a string or null'],
      extra: ['property extra should not exist'],
    });
  });

  it('joins the messages into the error message', async () => {
    const error = (await validate(CreateItemDto, 'body', { name: 1 }).catch(
      (caught: unknown) => caught,
    )) as BadRequestException;

    expect(error.getResponse()).toEqual({
      message: 'name must be a string',
      fields: { name: ['name must be a string'] },
    });
  });
});

describe('UpdateItemDto', () => {
  it.each([{ name: 'Tea' }, { description: null }, { description: 'x' }, { name: 'Tea', description: 'x' }])(
    'accepts %j',
    async (body) => {
      await expect(validate(UpdateItemDto, 'body', body)).resolves.toMatchObject(body);
    },
  );

  it('refuses an empty change, saying what to send', async () => {
    expect(await fieldsOf(UpdateItemDto, 'body', {})).toEqual({ name: ['send a name or a description to change'] });
  });
});

describe('ListItemsQueryDto', () => {
  it('defaults to the first 20 items of the list', async () => {
    await expect(validate(ListItemsQueryDto, 'query', {})).resolves.toMatchObject({ limit: 20 });
    expect(await validate(ListItemsQueryDto, 'query', {})).toEqual(
      Object.assign(new ListItemsQueryDto(), { q: undefined, cursor: undefined, offset: undefined }),
    );
  });

  it('converts digits to numbers, decodes the cursor, trims and normalises q, and reads a blank q as none', async () => {
    const cursor = encodeCursor({ after: { id: 7, name: 'Café' } });

    await expect(
      validate(ListItemsQueryDto, 'query', { limit: '100', q: ' Cafe\u0301 ', cursor }),
    ).resolves.toMatchObject({ limit: 100, q: 'Café', cursor: { after: { id: 7, name: 'Café' } } });
    await expect(validate(ListItemsQueryDto, 'query', { q: '   ' })).resolves.toMatchObject({ q: undefined });
  });

  it.each(['0', '101', '-1', '+1', '1.0', '0x10', ' 1', ''])('refuses limit=%j', async (limit) => {
    expect(await fieldsOf(ListItemsQueryDto, 'query', { limit })).toEqual({
      limit: ['limit must be an integer from 1 to 100'],
    });
  });

  it.each([
    ['q of 101 characters', { q: 'q'.repeat(101) }, { q: ['q must be at most 100 characters long'] }],
    ['q with a newline', { q: 'a\nb' }, { q: ['q must not contain control characters'] }],
    ['two q', { q: ['a', 'b'] }, { q: ['q must be a string'] }],
    ['a malformed cursor', { cursor: 'nope!' }, { cursor: [expect.stringContaining('cursor must be')] }],
    [
      "a search's cursor without q",
      { cursor: encodeCursor({ after: { id: 1, name: 'a' } }) },
      { cursor: [expect.stringContaining('same q')] },
    ],
    [
      "the list's cursor with q",
      { q: 'a', cursor: encodeCursor({ after: { id: 1 } }) },
      { cursor: [expect.any(String)] },
    ],
    ['an offset', { offset: '0' }, { offset: [expect.stringContaining('offset is no longer supported')] }],
  ])('refuses %s', async (_, query, fields) => {
    expect(await fieldsOf(ListItemsQueryDto, 'query', query)).toEqual(fields);
  });

  it('accepts the cursor of the last page with or without q', async () => {
    const cursor = encodeCursor({ before: null });

    await expect(validate(ListItemsQueryDto, 'query', { cursor })).resolves.toMatchObject({ cursor: { before: null } });
    await expect(validate(ListItemsQueryDto, 'query', { q: 'a', cursor })).resolves.toMatchObject({ q: 'a' });
  });
});

describe('ItemIdParams', () => {
  it.each(['0', '2147483648', '99999999999', 'abc'])('refuses id=%j', async (id) => {
    expect(await fieldsOf(ItemIdParams, 'param', { id })).toEqual({
      id: ['id must be an integer from 1 to 2147483647'],
    });
  });

  it('accepts the largest PostgreSQL integer', async () => {
    await expect(validate(ItemIdParams, 'param', { id: '2147483647' })).resolves.toEqual({ id: 2147483647 });
  });
});
