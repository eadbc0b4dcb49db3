import type { ProductCard } from '../../../src/client/index.ts';
import { errorMessage, errorStatus } from '../api.ts';
import { useClient } from '../client-context.ts';
import { BarChart, Empty, ErrorBox, Loading, Show, When } from '../components.tsx';
import { useLoad } from '../use-load.ts';

/** Reads and writes per day and the top consumers (from the audit log, where the viewer may read it), plus totals. */
export function UsageTab(props: { readonly card: ProductCard }) {
  const client = useClient();
  const id = props.card.descriptor.id;
  const [metrics] = useLoad(() => client.metrics(id), [id]);
  const [audit] = useLoad(() => client.governance.auditLog({ target: id, limit: 1000 }), [id]);
  return (
    <>
      <Show loaded={metrics} what="usage metrics">
        {({ metrics: m }) => (
          <>
            <p>
              {m.totalRecords} records · {m.totalAccesses} accesses · last write{' '}
              <When at={m.freshness.lastWriteAt} />
            </p>
            <BarChart
              title="Accesses by operation"
              points={Object.entries(m.accessesByOperation).map(([label, value]) => ({ label, value }))}
            />
          </>
        )}
      </Show>
      <h2>Over time</h2>
      {audit.state === 'loading' ? <Loading what="the access history" /> : null}
      {audit.state === 'error' && errorStatus(audit.error) === 403 ? (
        <p class="muted" role="note">
          Reads and writes over time and the top consumers come from the audit log, which only platform admins
          may read (the API said: {errorMessage(audit.error)}).
        </p>
      ) : null}
      {audit.state === 'error' && errorStatus(audit.error) !== 403 ? (
        <ErrorBox what="the access history (the audit log)" error={audit.error} />
      ) : null}
      {audit.state === 'ok' ? <UsageOverTime entries={audit.value} /> : null}
    </>
  );
}

function UsageOverTime(props: {
  readonly entries: readonly { at: string; action: string; principal: string | null; outcome: string }[];
}) {
  const reads = new Map<string, number>();
  const writes = new Map<string, number>();
  const consumers = new Map<string, number>();
  for (const e of props.entries) {
    if (e.outcome !== 'ok') continue;
    const day = e.at.slice(0, 10);
    const isRead = /\.(query|export|rows|sql|analytics)/.test(e.action);
    const isWrite = /\.(ingest|update|remove)/.test(e.action);
    if (isRead) {
      reads.set(day, (reads.get(day) ?? 0) + 1);
      const who = e.principal ?? 'anonymous';
      consumers.set(who, (consumers.get(who) ?? 0) + 1);
    }
    if (isWrite) writes.set(day, (writes.get(day) ?? 0) + 1);
  }
  const series = (m: Map<string, number>) =>
    [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([label, value]) => ({ label, value }));
  const top = [...consumers.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);
  return (
    <>
      <div class="grid2">
        <BarChart title="Reads per day" points={series(reads)} />
        <BarChart title="Writes per day" points={series(writes)} />
      </div>
      <h2>Top consumers</h2>
      {top.length === 0 ? (
        <Empty>No reads recorded yet.</Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Principal</th>
              <th scope="col">Reads</th>
            </tr>
          </thead>
          <tbody>
            {top.map(([who, n]) => (
              <tr key={who}>
                <td>{who}</td>
                <td>{n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** The product's latest events, newest first. */
export function EventsTab(props: { readonly card: ProductCard }) {
  const client = useClient();
  const id = props.card.descriptor.id;
  const [events] = useLoad(async () => {
    // The outbox is read oldest first; walk to its end and keep the newest.
    let after: number | undefined;
    let kept: Awaited<ReturnType<typeof client.events.list>>['events'] = [];
    for (let i = 0; i < 20; i++) {
      const page = await client.events.list({
        product: id,
        limit: 500,
        ...(after === undefined ? {} : { after }),
      });
      kept = [...kept, ...page.events].slice(-50);
      if (page.events.length < 500 || page.next === null || page.next === undefined) break;
      after = Number(page.next);
    }
    return kept.reverse();
  }, [id]);
  return (
    <Show loaded={events} what="events">
      {(list) =>
        list.length === 0 ? (
          <Empty>No events for this product yet.</Empty>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Event</th>
                <th scope="col">By</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {list.map((e) => (
                <tr key={e.id}>
                  <td>
                    <When at={e.time} />
                  </td>
                  <td>
                    <code>{e.type}</code>
                  </td>
                  <td>{e.principal ?? e.actor ?? ''}</td>
                  <td class="small">{summary(e.payload)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    </Show>
  );
}

function summary(payload: unknown): string {
  const text = JSON.stringify(payload);
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}
