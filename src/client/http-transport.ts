import { toMeshClientError, unreachableError } from './mesh-client-error.ts';

/** A query string's values: a missing one is left out, a list is sent comma-separated. */
export type QueryValues = Readonly<
  Record<string, string | number | boolean | readonly (string | number)[] | undefined>
>;

/** A request body fetch accepts. */
export type RequestBody = NonNullable<RequestInit['body']>;

/** One HTTP request to the server, relative to its base URL. */
export interface TransportRequest {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly query?: QueryValues;
  /** Sent as JSON. */
  readonly json?: unknown;
  /** Sent as is, with `contentType`. */
  readonly body?: RequestBody;
  readonly contentType?: string;
  readonly accept?: string;
  /** Sent as `Last-Event-ID` (server-sent events). */
  readonly lastEventId?: string;
  readonly signal?: AbortSignal;
}

/** How {@link HttpTransport} reaches the server. */
export interface HttpTransportOptions {
  readonly url: string;
  readonly token?: string;
  readonly fetch?: typeof globalThis.fetch;
}

/** Sends requests to a Meshwork server with its token and turns every error answer into a thrown, typed error. */
export class HttpTransport {
  readonly url: string;
  readonly #token: string | undefined;
  readonly #fetch: typeof globalThis.fetch;

  constructor(options: HttpTransportOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.#token = options.token;
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  /** The full URL of a path with its query string. */
  href(path: string, query: QueryValues = {}): string {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      if (value === undefined) continue;
      search.set(name, Array.isArray(value) ? value.join(',') : String(value));
    }
    const qs = search.toString();
    return `${this.url}${path}${qs === '' ? '' : `?${qs}`}`;
  }

  /**
   * Sends a request and returns the answer when it is a success.
   * @throws MeshClientError with the problem's code for an error answer; `storage_unavailable` when the server cannot be reached.
   */
  async send(request: TransportRequest): Promise<Response> {
    const method = request.method ?? 'GET';
    const href = this.href(request.path, request.query);
    const headers = new Headers();
    if (this.#token !== undefined) headers.set('authorization', `Bearer ${this.#token}`);
    if (request.accept !== undefined) headers.set('accept', request.accept);
    if (request.lastEventId !== undefined) headers.set('last-event-id', request.lastEventId);
    let body: RequestBody | undefined;
    if (request.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(request.json);
    } else if (request.body !== undefined) {
      headers.set('content-type', request.contentType ?? 'application/octet-stream');
      body = request.body;
    }
    const init: RequestInit & { duplex?: 'half' } = {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
      // A streamed body (NDJSON ingest) needs half duplex in Node's fetch.
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
      ...(request.signal === undefined ? {} : { signal: request.signal }),
    };
    let response: Response;
    try {
      response = await this.#fetch(href, init);
    } catch (error) {
      if (request.signal?.aborted) throw error;
      throw unreachableError(this.url, error);
    }
    if (response.ok) return response;
    const text = await response.text().catch(() => '');
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON (a proxy's page, say): the text is quoted in the error.
    }
    throw toMeshClientError(response.status, parsed, `${method} ${request.path}`);
  }

  /** Sends a request and reads the answer as JSON. */
  async json<T>(request: TransportRequest): Promise<T> {
    const response = await this.send({ accept: 'application/json', ...request });
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
}
