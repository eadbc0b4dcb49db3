import type { SearchQuery } from '../../../src/client/index.ts';
import { useClient } from '../client-context.ts';
import { Badge, Empty, Show, StatusBadge } from '../components.tsx';
import { href, navigate, paramsOf, type Route } from '../router.ts';
import { useLoad } from '../use-load.ts';

/** The facets, in the order shown, with their labels. */
const FACETS = [
  ['domain', 'Domain'],
  ['status', 'Status'],
  ['tag', 'Tag'],
  ['qualityLevel', 'Quality level'],
  ['owner', 'Owner'],
  ['pii', 'Has PII'],
] as const;

/** Search results with facets; the query and the chosen facets live in the URL; arrow keys move between results. */
export function SearchPage(props: { readonly route: Route }) {
  const client = useClient();
  const params = paramsOf(props.route);
  const q = params.q ?? '';
  const filters: Record<string, string | boolean> = {};
  for (const [name] of FACETS) {
    const v = params[name];
    if (v !== undefined && v !== '') filters[name] = name === 'pii' ? v === 'yes' : v;
  }
  const key = props.route.params.toString();
  const [result] = useLoad(() => client.search(q, { ...(filters as SearchQuery), limit: 100 }), [key]);
  return (
    <>
      <h1>Products</h1>
      <search>
        <form
          class="row"
          onSubmit={(e) => {
            e.preventDefault();
            const value = new FormData(e.currentTarget).get('q');
            navigate(href(['search'], { ...params, q: typeof value === 'string' ? value : '' }));
          }}
        >
          <label class="visually-hidden" for="search-q">
            Search products
          </label>
          <input
            id="search-q"
            name="q"
            type="search"
            defaultValue={q}
            key={q}
            placeholder="Search products"
            onKeyDown={focusFirstResult}
          />
          <button type="submit">Search</button>
        </form>
      </search>
      <Show loaded={result} what="search results">
        {({ hits, facets }) => (
          <div class="search-layout">
            <aside aria-label="Filters" class="facets">
              {FACETS.map(([name, label]) => {
                const counts = facets[name] ?? {};
                const chosen = params[name];
                return (
                  <fieldset key={name}>
                    <legend>{label}</legend>
                    {chosen === undefined ? null : (
                      <a class="clear" href={href(['search'], { ...params, [name]: undefined })}>
                        ✕ any {label.toLowerCase()}
                      </a>
                    )}
                    <ul>
                      {Object.entries(counts).map(([value, n]) => (
                        <li key={value}>
                          <a
                            href={href(['search'], { ...params, [name]: value })}
                            aria-current={chosen === value ? 'true' : undefined}
                            class={chosen === value ? 'chosen' : ''}
                          >
                            {value} <span class="count">{n}</span>
                          </a>
                        </li>
                      ))}
                    </ul>
                  </fieldset>
                );
              })}
            </aside>
            <section aria-label="Results" class="results">
              <p class="muted" role="status">
                {hits.length} {hits.length === 1 ? 'product' : 'products'}
                {q === '' ? '' : ` for “${q}”`}
              </p>
              {hits.length === 0 ? (
                <Empty>No product matches. Try fewer words or remove a filter.</Empty>
              ) : (
                <ol class="hits" onKeyDown={moveBetweenResults}>
                  {hits.map((h) => (
                    <li key={h.productId}>
                      <a class="hit" href={href(['products', h.productId])}>
                        <strong>{h.name}</strong> <code>{h.productId}</code>
                      </a>
                      <div>
                        <StatusBadge status={h.status} /> <Badge>{h.domain}</Badge>{' '}
                        {h.qualityLevel === null || h.qualityLevel === undefined ? null : (
                          <Badge kind="level">{h.qualityLevel}</Badge>
                        )}{' '}
                        <span class="muted">owner {h.owner}</span>
                      </div>
                      <p>{h.description}</p>
                      {h.matched.length === 0 ? null : (
                        <p class="muted small">matched in {matchedPlaces(h.matched)}</p>
                      )}
                    </li>
                  ))}
                </ol>
              )}
            </section>
          </div>
        )}
      </Show>
    </>
  );
}

/** ArrowDown in the search box moves the focus to the first result. */
function focusFirstResult(e: KeyboardEvent): void {
  if (e.key !== 'ArrowDown') return;
  const first = document.querySelector<HTMLAnchorElement>('.hits a.hit');
  if (first === null) return;
  first.focus();
  e.preventDefault();
}

/** ArrowDown/ArrowUp move the focus to the next/previous result link, Home/End to the first/last. */
function moveBetweenResults(e: KeyboardEvent): void {
  if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key)) return;
  const list = e.currentTarget as HTMLElement;
  const links = [...list.querySelectorAll<HTMLAnchorElement>('a.hit')];
  const at = links.indexOf(document.activeElement as HTMLAnchorElement);
  const next =
    e.key === 'Home'
      ? 0
      : e.key === 'End'
        ? links.length - 1
        : e.key === 'ArrowDown'
          ? Math.min(links.length - 1, at + 1)
          : Math.max(0, at - 1);
  links[next]?.focus();
  e.preventDefault();
}

/** Where the words were found, strongest first, e.g. `name, field customer_id, tag customer` (at most five). */
function matchedPlaces(matched: readonly { readonly place: string; readonly value: string }[]): string {
  const places = [
    ...new Set(
      matched.map((m) =>
        m.place === 'name' || m.place === 'description'
          ? m.place
          : `${m.place.replace('_', ' ')} ${m.value.length > 30 ? `${m.value.slice(0, 29)}…` : m.value}`,
      ),
    ),
  ];
  return places.length > 5
    ? `${places.slice(0, 5).join(', ')} and ${places.length - 5} more`
    : places.join(', ');
}
