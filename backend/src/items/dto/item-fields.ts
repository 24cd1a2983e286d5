import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches } from 'class-validator';
import { CharLength, IsPresent, IsWellFormed } from '../../http/validation';

export const NAME_MAX_CHARS = 100;
export const DESCRIPTION_MAX_CHARS = 1000;

// Surrounding spaces never count, and NFC makes a name typed with a combining accent equal to the
// same name typed with the precomposed letter.
const normalise = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().normalize('NFC') : value;

interface NameRule {
  /** Whether the OpenAPI document marks it required. */
  required: boolean;
  /** The error when it is absent and the validation still runs. */
  missingMessage: string;
}

/**
 * `name`: a string, 1 to 100 characters once trimmed, well-formed Unicode (no lone surrogate), no
 * control characters (tabs, newlines, NUL), no bidirectional overrides or isolates. Other invisible
 * format characters stay allowed: emoji sequences and some scripts need the zero-width joiners.
 */
export function ItemName({ required, missingMessage }: NameRule): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      required,
      minLength: 1,
      maxLength: NAME_MAX_CHARS,
      description:
        'Trimmed and NFC-normalised; well-formed Unicode, no control characters, no bidirectional overrides ' +
        '(U+202A-202E, U+2066-2069); unique (case-sensitive).',
    }),
    Transform(normalise),
    IsPresent(missingMessage),
    IsString({ message: 'name must be a string' }),
    IsWellFormed(),
    CharLength(1, NAME_MAX_CHARS, `name must be 1 to ${NAME_MAX_CHARS} characters long (after trimming spaces)`),
    // Bidirectional overrides and isolates make a name display as another (U+202E reverses what follows).
    Matches(/^[^\p{Cc}\u202A-\u202E\u2066-\u2069]*$/u, {
      message: 'name must not contain control characters or bidirectional overrides',
    }),
  );
}

/**
 * `description`: optional; a string of at most 1,000 characters once trimmed, or null. An empty one
 * is stored as null. Well-formed Unicode, no NUL character (PostgreSQL text cannot hold it).
 */
export function ItemDescription(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      required: false,
      type: String,
      nullable: true,
      maxLength: DESCRIPTION_MAX_CHARS,
      description: 'Trimmed; empty is stored as null; well-formed Unicode, no NUL character.',
    }),
    Transform((params) => {
      const value = normalise(params);
      return value === '' ? null : value;
    }),
    IsOptional(),
    IsString({ message: 'description must be a string or null' }),
    IsWellFormed(),
    CharLength(0, DESCRIPTION_MAX_CHARS, `description must be at most ${DESCRIPTION_MAX_CHARS} characters long`),
    Matches(/^[^\0]*$/, { message: 'description must not contain NUL characters' }),
  );
}
