import { useEffect, useState } from 'preact/hooks';

/** A parsed location: the path segments after `#/` and the query parameters. */
export interface Route {
  readonly path: readonly string[];
  readonly params: URLSearchParams;
}

/**
 * The UI keeps its state in the URL's hash (`#/products/sales.transactions?tab=schema`), so every view can be shared
 * and no UI path collides with an API path on the same server.
 */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const pathPart = q === -1 ? raw : raw.slice(0, q);
  const query = q === -1 ? '' : raw.slice(q + 1);
  return {
    path: pathPart
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s)),
    params: new URLSearchParams(query),
  };
}

/** The hash link of a path and parameters (empty parameters are left out). */
export function href(
  path: readonly string[],
  params: Readonly<Record<string, string | undefined>> = {},
): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') search.set(k, v);
  const qs = search.toString();
  return `#/${path.map((s) => encodeURIComponent(s)).join('/')}${qs === '' ? '' : `?${qs}`}`;
}

/** Goes to a hash link. */
export function navigate(link: string): void {
  location.hash = link.slice(1);
}

/** The current route, updated on every hash change. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

/** The current parameters as a plain object, for building a link that changes some of them. */
export function paramsOf(route: Route): Record<string, string> {
  return Object.fromEntries(route.params.entries());
}
