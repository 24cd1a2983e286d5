import { applyDecorators, BadRequestException, ValidationPipe } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min, ValidateBy, type ValidationError } from 'class-validator';

/** PostgreSQL's integer, the type of ids and the largest offset worth asking for. */
export const MAX_INT32 = 2_147_483_647;

/**
 * The one validation of bodies, queries and path parameters, in the app and in its tests: unknown
 * fields are rejected, types are not coerced, and the first problem of each field is reported in
 * `fields` (for a form to show beside the field) and, joined, in `message`.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors: ValidationError[]) => {
      const fields = Object.fromEntries(
        errors.map(({ property, constraints }) => [property, Object.values(constraints ?? {})]),
      );
      return new BadRequestException({ message: Object.values(fields).flat().join('; '), fields });
    },
  });
}

/** Fails when the property is absent (undefined); `null` is left to the type check. */
export function IsPresent(message: string): PropertyDecorator {
  return ValidateBy({
    name: 'isPresent',
    validator: { validate: (value) => value !== undefined, defaultMessage: () => message },
  });
}

/**
 * Length in characters (Unicode code points), as PostgreSQL's varchar(n) counts them. class-validator's
 * Length counts differently (it skips variation selectors), which would let a value through that the
 * column then refuses.
 */
export function CharLength(min: number, max: number, message: string): PropertyDecorator {
  return ValidateBy({
    name: 'charLength',
    validator: {
      validate: (value) => {
        const chars = typeof value === 'string' ? [...value].length : -1;
        return chars >= min && chars <= max;
      },
      defaultMessage: () => message,
    },
  });
}

/**
 * An integer from a query string or path segment: digits only (no sign, exponent, decimals or
 * spaces), from min to max. Anything else stays a string and fails the integer check. With a
 * `fallback` (the property's initial value), the parameter is optional.
 */
export function IntegerParam(min: number, max: number, fallback?: number): PropertyDecorator {
  const message = `$property must be an integer from ${min} to ${max}`;
  return applyDecorators(
    ApiProperty({
      type: 'integer',
      minimum: min,
      maximum: max,
      ...(fallback === undefined ? { required: true } : { required: false, default: fallback }),
    }),
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value,
    ),
    IsInt({ message }),
    Min(min, { message }),
    Max(max, { message }),
  );
}
