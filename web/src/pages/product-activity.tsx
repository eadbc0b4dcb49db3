import type { MetricsResult, ProductCard, ProductReader } from '../../../src/client/index.ts';
import { errorMessage, errorStatus } from '../api.ts';
import { useClient } from '../client-context.ts';
import { Chart, Empty, ErrorBox, Loading, Show, When } from '../components.tsx';
import { useLoad } from '../use-load.ts';

/**
 * Totals, accesses by operation and reads and writes per day (from the metrics, which anyone who may read the product
 * sees), and the top consumers (from the product's access log, which owners of its domain and admins may read).
 */
export function UsageTab(props: { readonly card: ProductCard }) {
  const client = useClient();
  const id = props.card.descriptor.id;
  const [metrics] = useLoad(() => client.metrics(id), [id]);
  const [consumers] = useLoad(() => client.topConsumers(id, 10), [id]);
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
      {consumers.state === 'loading' ? <Loading what="the top consumers" /> : null}
      {consumers.state === 'error' && errorStatus(consumers.error) === 403 ? (
        <p class="muted" role="note">
          Who reads this product is shown to the owners of its domain and to platform admins (the API said:{' '}
          {errorMessage(consumers.error)}).
        </p>
      ) : null}
      {consumers.state === 'error' && errorStatus(consumers.error) !== 403 ? (
        <ErrorBox what="the top consumers" error={consumers.error} />
      ) : null}
      {consumers.state === 'ok' ? <TopConsumers consumers={consumers.value} /> : null}
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

function TopConsumers(props: { readonly consumers: readonly ProductReader[] }) {
  const top = props.consumers;
  return top.length === 0 ? (
    <Empty>No reads recorded yet.</Empty>
  ) : (
    <table class="narrow">
      <thead>
        <tr>
          <th scope="col">Principal</th>
          <th scope="col">Reads</th>
          <th scope="col">Last read</th>
        </tr>
      </thead>
      <tbody>
        {top.map((c) => (
          <tr key={c.actor}>
            <td>{c.actor}</td>
            <td>{c.reads}</td>
            <td>
              <When at={c.lastReadAt} />
            </td>
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
