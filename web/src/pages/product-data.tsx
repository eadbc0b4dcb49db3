import { useState } from 'preact/hooks';
import type { ProductCard } from '../../../src/client/index.ts';
import { errorStatus } from '../api.ts';
import { useClient } from '../client-context.ts';
import { Badge, Empty, ErrorBox, Loading } from '../components.tsx';
import { href, navigate, paramsOf, type Route } from '../router.ts';
import { useLoad } from '../use-load.ts';
import { AccessRequestForm } from './access-request-form.tsx';

/** Rows per page unless the URL's `limit` says otherwise. */
const PAGE_SIZE = 20;

/**
 * The first rows, as the server masks them for the viewer's grant, with a filter box and paging. The filter and the
 * page's cursor are in the URL; the cursors of the pages before are kept to go back.
 */
export function DataTab(props: { readonly card: ProductCard; readonly route: Route }) {
  const client = useClient();
  const id = props.card.descriptor.id;
  const params = paramsOf(props.route);
  const filter = params.filter ?? '';
  const cursor = params.cursor ?? '';
  const limit = Math.min(1000, Math.max(1, Number(params.limit ?? PAGE_SIZE) || PAGE_SIZE));
  const [previous, setPrevious] = useState<string[]>([]);
  const [page] = useLoad(
    () =>
      client.query(id, {
        limit,
        ...(filter === '' ? {} : { filter }),
        ...(cursor === '' ? {} : { cursor }),
      }),
    [id, filter, cursor, limit],
  );
  const pii = new Set(props.card.descriptor.schema.fields.filter((f) => f.pii).map((f) => f.name));
  const fields = props.card.descriptor.schema.fields.map((f) => f.name);
  const go = (next: Record<string, string | undefined>) =>
    navigate(href(['products', id], { ...params, tab: 'data', ...next }));
  return (
    <>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          setPrevious([]);
          go({ filter: String(new FormData(e.currentTarget).get('filter') ?? ''), cursor: undefined });
        }}
      >
        <label for="row-filter">Filter</label>
        <input
          id="row-filter"
          name="filter"
          key={filter}
          defaultValue={filter}
          placeholder={`e.g. ${fields[0] ?? 'field'} = 'value'`}
          aria-describedby="filter-help"
        />
        <button type="submit">Apply</button>
      </form>
      <p id="filter-help" class="muted small">
        A filter expression over the fields ({fields.join(', ')}), such as{' '}
        <code>amount &gt; 100 and region = 'Europe'</code>. PII columns are masked unless your grant allows
        them.
      </p>
      {page.state === 'loading' ? <Loading what="rows" /> : null}
      {page.state === 'error' ? (
        <>
          <ErrorBox what="rows" error={page.error} />
          {errorStatus(page.error) === 403 ? <AccessRequestForm productId={id} open /> : null}
        </>
      ) : null}
      {page.state === 'ok' ? (
        page.value.rows.length === 0 ? (
          <Empty>No rows{filter === '' ? '' : ' match this filter'}.</Empty>
        ) : (
          <>
            <div class="scroll-x">
              <table class="rows">
                <thead>
                  <tr>
                    {Object.keys(page.value.rows[0] ?? {}).map((k) => (
                      <th key={k} scope="col">
                        {k} {pii.has(k) ? <Badge kind="pii">PII</Badge> : null}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {page.value.rows.map((r, i) => (
                    <tr key={i}>
                      {Object.entries(r).map(([k, v]) => (
                        <td key={k} data-field={k}>
                          {v === null ? <span class="muted">null</span> : String(v)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <nav class="pager" aria-label="Pages">
              <button
                type="button"
                disabled={cursor === ''}
                onClick={() => {
                  const back = previous.slice(0, -1);
                  const target = previous[previous.length - 1];
                  setPrevious(back);
                  go({ cursor: target === '' ? undefined : target });
                }}
              >
                ← Previous
              </button>
              <span role="status">
                {page.value.count} rows on this page{cursor === '' ? '' : ` (page ${previous.length + 1})`}
              </span>
              <button
                type="button"
                disabled={page.value.nextCursor === null}
                onClick={() => {
                  setPrevious([...previous, cursor]);
                  go({ cursor: page.value.nextCursor ?? undefined });
                }}
              >
                Next →
              </button>
            </nav>
          </>
        )
      ) : null}
    </>
  );
}
