import { applyDecorators } from '@nestjs/common';
import { ApiHideProperty, ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches, ValidateBy } from 'class-validator';
import { CharLength, IntegerParam, IsWellFormed } from '../../http/validation';
import { decodeCursor, type ItemCursor, MAX_CURSOR_LENGTH } from '../item-cursor';
import { NAME_MAX_CHARS } from './item-fields';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

const CURSOR_MESSAGE = 'cursor must be the next, prev or last of a page of this listing (with the same q)';

/** A search cursor carries a name; a list cursor does not; the cursor of the end fits both. */
function fitsQuery(cursor: ItemCursor, q: string | undefined): boolean {
  const key = 'after' in cursor ? cursor.after : cursor.before;
  return key === null || (key.name !== undefined) === (q !== undefined);
}

/**
 * `q`: the start of the names to list, ignoring case. Compared as names are stored: trimmed and
 * NFC-normalised; blank means no search.
 */
function SearchPrefix(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      required: false,
      maxLength: NAME_MAX_CHARS,
      description:
        'Only the items whose name starts with this, ignoring case, in name order (else all, in id order). ' +
        'Trimmed; empty means no search.',
    }),
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? value.trim().normalize('NFC') || undefined : value,
    ),
    IsOptional(),
    IsString({ message: 'q must be a string' }),
    IsWellFormed(),
    CharLength(1, NAME_MAX_CHARS, `q must be at most ${NAME_MAX_CHARS} characters long`),
    Matches(/^\P{Cc}*$/u, { message: 'q must not contain control characters' }),
  );
}

/** Query of GET /items: a page of at most MAX_PAGE_SIZE items, from a cursor, optionally a search. */
export class ListItemsQueryDto {
  @IntegerParam(1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;

  @SearchPrefix()
  q?: string;

  @ApiProperty({
    required: false,
    type: String,
    maxLength: MAX_CURSOR_LENGTH,
    description: 'Where the page starts: `next`, `prev` or `last` of a page. Absent: the first page.',
  })
  // Decoded here; what does not decode stays a string and fails below.
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? (decodeCursor(value) ?? value) : value))
  @IsOptional()
  @ValidateBy({
    name: 'isItemCursor',
    validator: {
      validate: (value: unknown, args) =>
        // Only decodeCursor makes an object here; a repeated `cursor` is an array.
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        fitsQuery(value as ItemCursor, (args?.object as ListItemsQueryDto).q),
      defaultMessage: () => CURSOR_MESSAGE,
    },
  })
  cursor?: ItemCursor;

  /** Paging by offset cost a scan of every item skipped; old clients are told what replaced it. */
  @ApiHideProperty()
  @ValidateBy({
    name: 'isAbsent',
    validator: {
      validate: (value) => value === undefined,
      defaultMessage: () => 'offset is no longer supported: page with cursor (next and prev of each page)',
    },
  })
  offset?: never;
}
