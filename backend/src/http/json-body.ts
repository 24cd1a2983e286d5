import { BadRequestException, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

/** Largest request body accepted; the front's nginx enforces the same (client_max_body_size 16k). */
export const BODY_LIMIT_BYTES = 16 * 1024;

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

function isJson(req: Request): boolean {
  const mediaType = req.get('Content-Type')?.split(';')[0].trim().toLowerCase();
  return mediaType === 'application/json';
}

// body-parser's errors carry a `type`; each becomes the HTTP error a client can act on.
function toHttpError(error: { type?: unknown }): unknown {
  switch (error.type) {
    case 'entity.too.large':
      return new PayloadTooLargeException(`request body exceeds ${BODY_LIMIT_BYTES / 1024} kB`);
    case 'entity.parse.failed':
      return new BadRequestException('request body is not valid JSON');
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new UnsupportedMediaTypeException('request body must be UTF-8 JSON, not compressed');
    case 'request.aborted':
      return new BadRequestException('request body was not received in full');
    default:
      return error;
  }
}

// No inflating: a compressed body is refused (415) rather than expanded past what was sent.
const parseJson = express.json({ limit: BODY_LIMIT_BYTES, type: 'application/json', inflate: false });

/**
 * The only body parser of the app: JSON up to BODY_LIMIT_BYTES. A request that may carry a body
 * (POST, PUT, PATCH) must declare `Content-Type: application/json` (415 otherwise), whatever the
 * route, before a byte of it is read.
 */
export const jsonBody: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
  if (METHODS_WITH_BODY.has(req.method) && !isJson(req)) {
    next(new UnsupportedMediaTypeException('Content-Type must be application/json'));
    return;
  }
  parseJson(req, res, (error?: unknown) => {
    if (error) next(toHttpError(error));
    // The parser takes arrays as well; every body of this API is an object.
    else if (Array.isArray(req.body)) next(new BadRequestException('request body must be a JSON object'));
    else next();
  });
};
