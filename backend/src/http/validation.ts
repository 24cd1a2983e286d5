import { type ArgumentMetadata, applyDecorators, BadRequestException, ValidationPipe } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { getMetadataStorage, IsInt, Max, Min, ValidateBy, type ValidationError } from 'class-validator';

/** PostgreSQL's integer, the type of ids and the largest offset worth asking for. */
export const MAX_INT32 = 2_147_483_647;

function validationError(fields: Record<string, string[]>): BadRequestException {
  return new BadRequestException({ message: Object.values(fields).flat().join('; '), fields });
}

/**
 * The keys of a body, query or path object that its DTO does not declare. Checked on the object as
 * received, before class-transformer builds the DTO: that step drops keys such as `prototype`, and
 * class-validator's own whitelist looks keys up in a plain object, where `constructor` is found.
 */
function undeclaredKeys(value: unknown, metatype: ArgumentMetadata['metatype']): string[] {
  if (typeof value !== 'object' || value === null || metatype === undefined) return [];
  const declared = declaredKeys(metatype);
  return declared.size === 0 ? [] : Object.keys(value).filter((key) => !declared.has(key));
}

// A DTO's properties do not change once its class is loaded: read from class-validator once.
const declaredByType = new WeakMap<object, Set<string>>();
function declaredKeys(metatype: NonNullable<ArgumentMetadata['metatype']>): Set<string> {
  let declared = declaredByType.get(metatype);
  if (!declared) {
    declared = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(metatype, '', false, false)
        .map(({ propertyName }) => propertyName),
    );
    declaredByType.set(metatype, declared);
  }
  return declared;
}

/**
 * The one validation of bodies, queries and path parameters, in the app and in its tests: unknown
 * fields are rejected, types are not coerced, and the first problem of each field is reported in
 * `fields` (for a form to show beside the field) and, joined, in `message`.
 */
export function createValidationPipe(): ValidationPipe {
  const pipe = new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors: ValidationError[]) =>
      validationError(
        Object.fromEntries(errors.map(({ property, constraints }) => [property, Object.values(constraints ?? {})])),
      ),
  });
  const transform = pipe.transform.bind(pipe);
  pipe.transform = async (value: unknown, metadata: ArgumentMetadata) => {
    const unknown = undeclaredKeys(value, metadata.metatype);
    if (unknown.length === 0) return transform(value, metadata) as Promise<unknown>;
    // Refused whatever else: the other fields' problems are reported beside them.
    let fields: Record<string, string[]> = {};
    try {
      await transform(value, metadata);
    } catch (error) {
      if (!(error instanceof BadRequestException)) throw error;
      fields = (error.getResponse() as { fields?: Record<string, string[]> }).fields ?? {};
    }
    for (const key of unknown) fields[key] = [`property ${key} should not exist`];
    throw validationError(fields);
  };
  return pipe;
}

/** Fails for a string that is not well-formed Unicode (a lone surrogate), which UTF-8 cannot store. */
export function IsWellFormed(): PropertyDecorator {
  return ValidateBy({
    name: 'isWellFormed',
    validator: {
      validate: (value) => typeof value !== 'string' || !/\p{Cs}/u.test(value),
      defaultMessage: () => '$property must be well-formed Unicode (no lone surrogate)',
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
