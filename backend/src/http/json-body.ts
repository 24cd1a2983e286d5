import {
  BadRequestException,
  type HttpException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Largest request body accepted; the front's nginx enforces the same (client_max_body_size 16k). */
export const BODY_LIMIT_BYTES = 16 * 1024;

/** Deepest nesting of arrays and objects accepted: an item is flat; deeper bodies only cost. */
export const MAX_BODY_DEPTH = 32;

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
const NOT_UTF8_JSON = 'request body must be UTF-8 JSON, not compressed';

/** Why a body is refused from its headers alone, before a byte of it is read; undefined if it is not. */
function unsupportedMediaType({ method, headers }: FastifyRequest): string | undefined {
  if (!METHODS_WITH_BODY.has(method)) return undefined;
  const [mediaType = '', ...parameters] = (headers['content-type'] ?? '').toLowerCase().split(';');
  if (mediaType.trim() !== 'application/json') return 'Content-Type must be application/json';
  const charset = parameters.map((parameter) => parameter.trim()).find((parameter) => parameter.startsWith('charset='));
  if (charset !== undefined && !/^charset="?utf-8"?$/.test(charset)) return NOT_UTF8_JSON;
  // No inflating: a compressed body is refused rather than expanded past what was sent.
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return NOT_UTF8_JSON;
  return undefined;
}

/**
 * Whether JSON text nests arrays and objects deeper than `max`, read in one pass without recursion
 * (brackets inside strings do not count). The validation layer walks a parsed body recursively, so a
 * body of thousands of levels, well under the size limit, would overflow its stack: a 500.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * The only body parser of the app: JSON objects up to BODY_LIMIT_BYTES. A request that may carry a
 * body (POST, PUT, PATCH) must declare `Content-Type: application/json` (415 otherwise), whatever the
 * route, before a byte of it is read. Fastify's own parser does the parsing (it also refuses
 * `__proto__` and `constructor` keys); Fastify's text parser is removed.
 */
export function registerJsonBody(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const refusal = unsupportedMediaType(request);
    done(refusal === undefined ? undefined : new UnsupportedMediaTypeException(refusal));
  });
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES },
    (request, body: string, done) => {
      // An empty body is an empty object: the validation then names the fields that are missing.
      if (body === '') return done(null, {});
      if (nestsDeeperThan(body, MAX_BODY_DEPTH))
        return done(new BadRequestException(`request body is nested deeper than ${MAX_BODY_DEPTH} levels`));
      void parse(request, body, (error, value: unknown) => {
        if (error)
          done(
            new BadRequestException(
              // Fastify's parser also refuses valid JSON that would poison a prototype: say which.
              isValidJson(body)
                ? 'request body must not contain a __proto__ key or constructor.prototype'
                : 'request body is not valid JSON',
            ),
          );
        else if (typeof value !== 'object' || value === null || Array.isArray(value))
          done(new BadRequestException('request body must be a JSON object'));
        else done(null, value);
      });
    },
  );
}

function isValidJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Fastify's refusals of a body while reading it, as the API's errors; undefined for anything else. */
export function bodyReadError(error: unknown): HttpException | undefined {
  switch ((error as { code?: unknown } | null)?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new PayloadTooLargeException(`request body exceeds ${BODY_LIMIT_BYTES / 1024} kB`);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new BadRequestException('request body was not received in full');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new UnsupportedMediaTypeException('Content-Type must be application/json');
    default:
      return undefined;
  }
}
