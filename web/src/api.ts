import { MeshClient } from '../../src/client/index.ts';

/**
 * Where the signed-in token is kept: the tab's session storage, so it lasts while the tab is open (reloads
 * included) and is gone when the tab closes; another tab signs in on its own.
 */
const TOKEN_KEY = 'meshwork.token';

/** The signed-in token of this tab, if any. */
export function storedToken(): string | undefined {
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

/** Keeps the token for this tab (or forgets it with undefined). */
export function storeToken(token: string | undefined): void {
  if (token === undefined) sessionStorage.removeItem(TOKEN_KEY);
  else sessionStorage.setItem(TOKEN_KEY, token);
}

/**
 * A client of this page's own server, with the token or without one (a `--dev` server). When the server refuses the
 * token (401: revoked or expired while the tab was open), `onRefused` is called with the API's reason; the call itself
 * still fails as usual.
 */
export function createClient(token: string | undefined, onRefused?: (reason: string) => void): MeshClient {
  return new MeshClient({
    url: location.origin,
    ...(token === undefined ? {} : { token }),
    fetch: async (input, init) => {
      // Called as a plain function: the browser's fetch refuses to run with another `this`.
      const response = await fetch(input, init);
      if (response.status === 401 && token !== undefined && onRefused !== undefined)
        onRefused(await refusalReason(response.clone()));
      return response;
    },
  });
}

/** The problem's detail of a 401 answer, else a sentence with its status. */
async function refusalReason(response: Response): Promise<string> {
  const body = (await response.json().catch(() => undefined)) as { detail?: unknown } | undefined;
  return typeof body?.detail === 'string' && body.detail !== ''
    ? body.detail
    : `the server refused the token (HTTP ${response.status})`;
}

/** The API's own message for a failed call (a problem's detail), else the error's message. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const detail = (error as { detail?: unknown }).detail;
    return typeof detail === 'string' && detail !== '' ? detail : error.message;
  }
  return String(error);
}

/** The HTTP status of a failed API call, if it was one. */
export function errorStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * How this browser reaches the API: `dev` when the server answers without a token (`meshwork serve --dev`),
 * `token` when a stored token is accepted, else `sign-in` (with the API's reason when a stored token was refused).
 */
export async function detectSession(): Promise<
  { kind: 'dev' } | { kind: 'token'; token: string } | { kind: 'sign-in'; reason?: string }
> {
  const token = storedToken();
  if (token !== undefined) {
    try {
      await createClient(token).domains();
      return { kind: 'token', token };
    } catch (error) {
      if (errorStatus(error) === 401) {
        storeToken(undefined);
        return { kind: 'sign-in', reason: errorMessage(error) };
      }
      throw error;
    }
  }
  try {
    await createClient(undefined).domains();
    return { kind: 'dev' };
  } catch (error) {
    if (errorStatus(error) === 401) return { kind: 'sign-in' };
    throw error;
  }
}
