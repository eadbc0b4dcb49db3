import type { MetricsResult, ProductCard } from '../../../src/client/index.ts';
import { errorMessage, errorStatus } from '../api.ts';
import { useClient } from '../client-context.ts';
import { Chart, Empty, ErrorBox, Loading, Show, When } from '../components.tsx';
import { useLoad } from '../use-load.ts';

/**
 * Totals, accesses by operation and reads and writes per day (from the metrics, which anyone who may read the product
 * sees), and the top consumers (from the audit log, where the viewer may read it).
 */
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
            <h2>Over time</h2>
            <UsageByDay days={m.byDay} />
            <h2>Accesses by operation</h2>
            <table class="narrow">
              <thead>
                <tr>
                  <th scope="col">Operation</th>
                  <th scope="col">Accesses</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(m.accessesByOperation).map(([operation, n]) => (
                  <tr key={operation}>
                    <td>{operation}</td>
                    <td>{n}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </Show>
      <h2>Top consumers</h2>
      {audit.state === 'loading' ? <Loading what="the top consumers" /> : null}
      {audit.state === 'error' && errorStatus(audit.error) === 403 ? (
        <p class="muted" role="note">
          The top consumers come from the audit log, which only platform admins may read (the API said:{' '}
          {errorMessage(audit.error)}).
        </p>
      ) : null}
      {audit.state === 'error' && errorStatus(audit.error) !== 403 ? (
        <ErrorBox what="the top consumers (the audit log)" error={audit.error} />
      ) : null}
      {audit.state === 'ok' ? <TopConsumers entries={audit.value} /> : null}
    </>
  );
}

type UsageDay = MetricsResult['metrics']['byDay'][number];

/** Reads and writes per UTC day as bars, and the days with any as a table. */
function UsageByDay(props: { readonly days: readonly UsageDay[] }) {
  const active = props.days.filter((d) => d.reads + d.writes > 0);
  return (
    <>
      <Chart
        title={`Reads and writes per day, last ${props.days.length} days (UTC)`}
        kind="bars"
        x={{ kind: 'days', values: props.days.map((d) => Date.parse(`${d.day}T00:00:00Z`) / 1000) }}
        series={[
          { label: 'Reads', color: '#2563eb', values: props.days.map((d) => d.reads) },
          { label: 'Writes', color: '#c2410c', values: props.days.map((d) => d.writes) },
        ]}
      />
      {active.length === 0 ? (
        <Empty>No reads or writes in the last {props.days.length} days.</Empty>
      ) : (
        <details>
          <summary>Days with reads or writes ({active.length})</summary>
          <table class="narrow" aria-label="Reads and writes per day">
            <thead>
              <tr>
                <th scope="col">Day (UTC)</th>
                <th scope="col">Reads</th>
                <th scope="col">Writes</th>
              </tr>
            </thead>
            <tbody>
              {active.map((d) => (
                <tr key={d.day}>
                  <td>{d.day}</td>
                  <td>{d.reads}</td>
                  <td>{d.writes}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </>
  );
}

function TopConsumers(props: {
  readonly entries: readonly { at: string; action: string; principal: string | null; outcome: string }[];
}) {
  const consumers = new Map<string, number>();
  for (const e of props.entries) {
    if (e.outcome !== 'ok' || !/\.(query|export|rows|sql|analytics)/.test(e.action)) continue;
    const who = e.principal ?? 'anonymous';
    consumers.set(who, (consumers.get(who) ?? 0) + 1);
  }
  const top = [...consumers.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);
  return top.length === 0 ? (
    <Empty>No reads recorded yet.</Empty>
  ) : (
    <table class="narrow">
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
