import type { Context, MiddlewareHandler } from 'hono';

/** Raised inside a request body stream once more than the limit has been read. */
export class BodyTooLargeError extends Error {
  readonly limit: number;
  constructor(limit: number) {
    super(`the request body is over the limit of ${limit} bytes`);
    this.name = 'BodyTooLargeError';
    this.limit = limit;
  }
}

/** Whether `error`, or an error it was caused by, is a {@link BodyTooLargeError}. */
export function isBodyTooLarge(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
    if (e instanceof BodyTooLargeError) return true;
  }
  return false;
}

/**
 * Limits a request body that the route reads as a stream (NDJSON ingest), without buffering it: a declared
 * Content-Length over the limit is answered at once; otherwise the body is counted as the route pulls it, and the
 * read that goes past the limit fails with {@link BodyTooLargeError}, which this middleware turns into `onError`'s
 * answer. Whatever the route finished before that point (e.g. committed batches) stays. Hono's own `bodyLimit`
 * reads a chunked body whole into memory before the route starts, which is what this avoids.
 */
export function streamingBodyLimit(
  maxSize: number,
  onError: (c: Context) => Response | Promise<Response>,
): MiddlewareHandler {
  return async (c, next) => {
    const body = c.req.raw.body;
    if (body === null) return next();
    const declared = c.req.raw.headers.get('content-length');
    if (declared !== null && !c.req.raw.headers.has('transfer-encoding')) {
      return Number.parseInt(declared, 10) > maxSize ? onError(c) : next();
    }
    const reader = body.getReader();
    let size = 0;
    const counted = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        size += value.byteLength;
        if (size > maxSize) {
          const error = new BodyTooLargeError(maxSize);
          controller.error(error);
          await reader.cancel(error).catch(() => undefined);
          return;
        }
        controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    });
    c.req.raw = new Request(c.req.raw, { body: counted, duplex: 'half' } as RequestInit);
    await next();
    if (isBodyTooLarge(c.error)) c.res = await onError(c);
  };
}
