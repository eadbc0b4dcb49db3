/** Query parameters of a connection URL that may hold a secret. */
const SECRET_PARAMS = /pass|secret|key|token/i;

/**
 * The URL with its password (and any secret-looking query parameter) replaced by `***`, for messages and
 * `Engine.location`: a store's URL is shown, its secrets never.
 * @example redactPostgresUrl('postgres://mesh:s3cret@db:5432/mesh') // 'postgres://mesh:***@db:5432/mesh'
 */
export function redactPostgresUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'postgres://(a URL that does not parse)';
  }
  if (parsed.password !== '') parsed.password = '***';
  for (const key of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAMS.test(key)) parsed.searchParams.set(key, '***');
  }
  return parsed.toString().replaceAll('%2A', '*');
}
