import type { ProductCard } from '../../../src/client/index.ts';
import { useClient } from '../client-context.ts';
import { Badge, Empty, Show, StatusBadge, Tabs, When } from '../components.tsx';
import { href, type Route } from '../router.ts';
import { useLoad } from '../use-load.ts';
import { AccessRequestForm } from './access-request-form.tsx';
import { EventsTab, UsageTab } from './product-activity.tsx';
import { ContractTab } from './product-contract.tsx';
import { DataTab } from './product-data.tsx';
import { LineageTab } from './product-lineage.tsx';
import { QualityTab } from './product-quality.tsx';

/** The product page's tabs, in order. */
export const PRODUCT_TABS = [
  ['overview', 'Overview'],
  ['schema', 'Schema'],
  ['contract', 'Contract'],
  ['data', 'Data'],
  ['quality', 'Quality'],
  ['lineage', 'Lineage'],
  ['usage', 'Usage'],
  ['events', 'Events'],
] as const;

/** A product: its card above, one tab below (the tab and its settings are in the URL). */
export function ProductPage(props: { readonly id: string; readonly route: Route }) {
  const client = useClient();
  const [card] = useLoad(() => client.product(props.id), [props.id]);
  const tab = props.route.params.get('tab') ?? 'overview';
  return (
    <Show loaded={card} what={`product ${props.id}`}>
      {(c) => (
        <>
          <nav class="crumbs" aria-label="Breadcrumb">
            <a href="#/">Home</a> › <a href={href(['domains', c.descriptor.domain])}>{c.descriptor.domain}</a>{' '}
            › <span>{c.descriptor.id}</span>
          </nav>
          <h1>
            {c.descriptor.name} <StatusBadge status={c.descriptor.status} />{' '}
            {c.descriptor.qualityLevel === undefined ? null : (
              <Badge kind="level">{c.descriptor.qualityLevel}</Badge>
            )}
          </h1>
          <p class="muted">
            <code>{c.descriptor.id}</code> · version {c.descriptor.version} · owner {c.descriptor.owner}
          </p>
          <Tabs
            label="Product sections"
            current={tab}
            tabs={PRODUCT_TABS.map(([id, label]) => ({
              id,
              label,
              href: href(['products', props.id], { tab: id }),
            }))}
          />
          <section class="tab-panel" aria-label={PRODUCT_TABS.find(([id]) => id === tab)?.[1] ?? tab}>
            <ProductTab card={c} tab={tab} route={props.route} />
          </section>
        </>
      )}
    </Show>
  );
}

function ProductTab(props: { readonly card: ProductCard; readonly tab: string; readonly route: Route }) {
  const { card, route } = props;
  switch (props.tab) {
    case 'overview':
      return <Overview card={card} />;
    case 'schema':
      return <SchemaTab card={card} />;
    case 'contract':
      return <ContractTab card={card} route={route} />;
    case 'data':
      return <DataTab card={card} route={route} />;
    case 'quality':
      return <QualityTab card={card} />;
    case 'lineage':
      return <LineageTab card={card} route={route} />;
    case 'usage':
      return <UsageTab card={card} />;
    case 'events':
      return <EventsTab card={card} />;
    default:
      return <Empty>No tab “{props.tab}”.</Empty>;
  }
}

function Overview(props: { readonly card: ProductCard }) {
  const { descriptor: d, versions, slaStatus: sla, deprecation, outputPorts } = props.card;
  return (
    <div class="grid2">
      <div>
        <h2>About</h2>
        <p>{d.description}</p>
        <dl class="facts">
          <dt>Domain</dt>
          <dd>
            <a href={href(['domains', d.domain])}>{d.domain}</a>
          </dd>
          <dt>Owner</dt>
          <dd>{d.owner}</dd>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={d.status} />
          </dd>
          <dt>Tags</dt>
          <dd>{d.tags.length === 0 ? '–' : d.tags.map((t) => <Badge key={t}>{t}</Badge>)}</dd>
          <dt>Output ports</dt>
          <dd>{outputPorts.map((p) => `${p.name} (${p.exportFormats.join(', ')})`).join('; ') || '–'}</dd>
        </dl>
        {deprecation === null ? null : (
          <p class="warning" role="note">
            Deprecated{deprecation.sunset ? `, sunset ${deprecation.sunset}` : ''}: {deprecation.reason ?? ''}
          </p>
        )}
        <h2>Version history</h2>
        <table aria-label="Version history">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Status</th>
              <th scope="col">Recorded</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version}>
                <td>{v.version}</td>
                <td>
                  <StatusBadge status={v.status} />
                </td>
                <td>
                  <When at={v.recordedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <AccessRequestForm productId={d.id} />
      </div>
      <div>
        <h2>
          SLA{' '}
          <Badge kind={sla.verdict === 'met' ? 'good' : sla.verdict === 'missed' ? 'bad' : ''}>
            {sla.verdict}
          </Badge>
        </h2>
        <table class="sla" aria-label="SLA targets and measures">
          <thead>
            <tr>
              <th scope="col">Target</th>
              <th scope="col">Promised</th>
              <th scope="col">Measured</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Freshness</th>
              <td>{sla.freshness.targetMinutes === null ? '–' : `${sla.freshness.targetMinutes} min`}</td>
              <td title={sla.freshness.basis}>
                {sla.freshness.ageMinutes === null ? 'no write yet' : `${sla.freshness.ageMinutes} min old`}{' '}
                <Met met={sla.freshness.met} />
              </td>
            </tr>
            {(
              [
                ['Completeness', sla.completeness],
                ['Accuracy', sla.accuracy],
                ['Availability', sla.availability],
              ] as const
            ).map(([label, t]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>{t.target === null ? '–' : `${t.target} %`}</td>
                <td title={t.basis}>
                  {t.measured === null ? 'unmeasured' : `${t.measured} %`} <Met met={t.met} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="muted small">
          Measured <When at={sla.measuredAt} />; hover a value for where it comes from.
        </p>
      </div>
    </div>
  );
}

function Met(props: { readonly met: boolean | null }) {
  if (props.met === null) return null;
  return props.met ? <Badge kind="good">met</Badge> : <Badge kind="bad">missed</Badge>;
}

function SchemaTab(props: { readonly card: ProductCard }) {
  const { schema } = props.card.descriptor;
  const key = new Set(schema.primaryKey ?? []);
  return (
    <>
      <table class="schema">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Type</th>
            <th scope="col">Flags</th>
            <th scope="col">Description</th>
            <th scope="col">Constraints</th>
          </tr>
        </thead>
        <tbody>
          {schema.fields.map((f) => {
            const constraints = Object.entries(f)
              .filter(
                ([k]) =>
                  !['name', 'type', 'required', 'description', 'pii', 'classification', 'masking'].includes(
                    k,
                  ),
              )
              .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
            return (
              <tr key={f.name}>
                <th scope="row">
                  <code>{f.name}</code>
                </th>
                <td>{f.type}</td>
                <td>
                  {key.has(f.name) ? <Badge kind="key">key</Badge> : null}
                  {f.required ? <Badge>required</Badge> : null}
                  {f.pii ? (
                    <Badge kind="pii">
                      PII{f.classification ? ` · ${f.classification}` : ''}
                      {f.masking ? ` · ${f.masking}` : ''}
                    </Badge>
                  ) : null}
                </td>
                <td>{f.description ?? ''}</td>
                <td class="small">{constraints.join('; ')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h2>Rules</h2>
      {(schema.rules ?? []).length === 0 ? (
        <Empty>No record rules beyond the field constraints.</Empty>
      ) : (
        <ul class="list" aria-label="Record rules">
          {(schema.rules ?? []).map((r) => {
            const rule = r as { name?: string; check?: string; description?: string };
            return (
              <li key={JSON.stringify(r)}>
                <strong>{rule.name ?? 'rule'}</strong>: <code>{rule.check ?? JSON.stringify(r)}</code>
                {rule.description === undefined ? null : <p class="muted small">{rule.description}</p>}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
