import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches } from 'class-validator';
import { CharLength, IsPresent } from '../../http/validation';

export const NAME_MAX_CHARS = 100;
export const DESCRIPTION_MAX_CHARS = 1000;

// Surrounding spaces never count, and NFC makes a name typed with a combining accent equal to the
// same name typed with the precomposed letter.
const normalise = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().normalize('NFC') : value;

/** `name`: a string, 1 to 100 characters once trimmed, no control characters (tabs, newlines, NUL). */
export function ItemName(requiredMessage: string): PropertyDecorator {
  return applyDecorators(
    Transform(normalise),
    IsPresent(requiredMessage),
    IsString({ message: 'name must be a string' }),
    CharLength(1, NAME_MAX_CHARS, `name must be 1 to ${NAME_MAX_CHARS} characters long (after trimming spaces)`),
    Matches(/^\P{Cc}*$/u, { message: 'name must not contain control characters' }),
  );
}

/**
 * `description`: optional; a string of at most 1,000 characters once trimmed, or null. An empty one
 * is stored as null. No NUL character (PostgreSQL text cannot hold it).
 */
export function ItemDescription(): PropertyDecorator {
  return applyDecorators(
    Transform((params) => {
      const value = normalise(params);
      return value === '' ? null : value;
    }),
    IsOptional(),
    IsString({ message: 'description must be a string or null' }),
    CharLength(0, DESCRIPTION_MAX_CHARS, `description must be at most ${DESCRIPTION_MAX_CHARS} characters long`),
    Matches(/^[^\0]*$/, { message: 'description must not contain NUL characters' }),
  );
}
