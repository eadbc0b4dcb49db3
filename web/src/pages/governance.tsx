import type { MeshClient } from '../../../src/client/index.ts';
import { useClient } from '../client-context.ts';
import { Badge, Empty, Show, Tabs, When } from '../components.tsx';
import { href, type Route } from '../router.ts';
import { useLoad } from '../use-load.ts';

type ComplianceReport = Awaited<ReturnType<MeshClient['governance']['compliance']>>;

/** Policies with their CEL, compliance per policy, domain and product, and the audit log with its verification. */
export function GovernancePage(props: { readonly route: Route }) {
  const tab = props.route.params.get('tab') ?? 'compliance';
  return (
    <>
      <h1>Governance</h1>
      <Tabs
        label="Governance sections"
        current={tab}
        tabs={[
          { id: 'compliance', label: 'Compliance', href: href(['governance'], { tab: 'compliance' }) },
          { id: 'policies', label: 'Policies', href: href(['governance'], { tab: 'policies' }) },
          { id: 'audit', label: 'Audit log', href: href(['governance'], { tab: 'audit' }) },
        ]}
      />
      {tab === 'policies' ? <Policies /> : tab === 'audit' ? <Audit route={props.route} /> : <Compliance />}
    </>
  );
}

function Policies() {
  const client = useClient();
  const [policies] = useLoad(() => client.governance.listPolicies(), []);
  return (
    <Show loaded={policies} what="policies">
      {(list) =>
        list.length === 0 ? (
          <Empty>No policies.</Empty>
        ) : (
          <ul class="cards-list">
            {list.map((p) => (
              <li key={p.id} class="card">
                <h2>
                  {p.id} <Badge kind={p.severity === 'blocking' ? 'bad' : 'warn'}>{p.severity}</Badge>{' '}
                  <Badge>
                    {p.scope.kind === 'global'
                      ? 'global'
                      : `domain ${String((p.scope as { domain?: string }).domain)}`}
                  </Badge>
                </h2>
                <p>{p.description}</p>
                <pre class="code">
                  <code>{p.expression}</code>
                </pre>
                <p class="muted small">
                  version {p.version} · on {p.events.join(', ')} · updated <When at={p.updatedAt} /> by{' '}
                  {p.updatedBy}
                </p>
              </li>
            ))}
          </ul>
        )
      }
    </Show>
  );
}

/** Compliance per policy (products failing it), per domain and per product with the violations. */
export function ComplianceView(props: { readonly report: ComplianceReport }) {
  const { products, summary } = props.report;
  const policies = new Map<string, { description: string; severity: string; failing: string[] }>();
  const domains = new Map<string, { total: number; compliant: number }>();
  for (const p of products) {
    const d = domains.get(p.domain) ?? { total: 0, compliant: 0 };
    domains.set(p.domain, { total: d.total + 1, compliant: d.compliant + (p.compliant ? 1 : 0) });
    for (const r of p.results) {
      const e = policies.get(r.policyId) ?? { description: r.description, severity: r.severity, failing: [] };
      if (!r.passed) e.failing.push(p.productId);
      policies.set(r.policyId, e);
    }
  }
  return (
    <>
      <p role="status" class={summary.blockingViolations === 0 ? 'ok' : 'error'}>
        {summary.compliant} of {summary.products} {summary.products === 1 ? 'product' : 'products'} compliant
        · score {summary.score} · {summary.blockingViolations} blocking{' '}
        {summary.blockingViolations === 1 ? 'violation' : 'violations'} · {summary.warnings}{' '}
        {summary.warnings === 1 ? 'warning' : 'warnings'}
      </p>
      <h2>By domain</h2>
      <table aria-label="Compliance by domain">
        <thead>
          <tr>
            <th scope="col">Domain</th>
            <th scope="col">Compliant products</th>
          </tr>
        </thead>
        <tbody>
          {[...domains.entries()].map(([name, d]) => (
            <tr key={name}>
              <td>
                <a href={href(['domains', name])}>{name}</a>
              </td>
              <td>
                {d.compliant} of {d.total}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>By policy</h2>
      <table aria-label="Compliance by policy">
        <thead>
          <tr>
            <th scope="col">Policy</th>
            <th scope="col">Severity</th>
            <th scope="col">Failing products</th>
          </tr>
        </thead>
        <tbody>
          {[...policies.entries()].map(([id, p]) => (
            <tr key={id}>
              <td>
                <strong>{id}</strong>
                <br />
                <span class="muted small">{p.description}</span>
              </td>
              <td>{p.severity}</td>
              <td>
                {p.failing.length === 0 ? (
                  <Badge kind="good">none</Badge>
                ) : (
                  p.failing.map((f) => (
                    <a key={f} href={href(['products', f])} class="badge bad">
                      {f}
                    </a>
                  ))
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>By product</h2>
      <ul class="list" aria-label="Compliance by product">
        {products.map((p) => (
          <li key={p.productId}>
            <a href={href(['products', p.productId])}>{p.productId}</a>{' '}
            {p.compliant ? <Badge kind="good">compliant</Badge> : <Badge kind="bad">not compliant</Badge>}{' '}
            <span class="muted">score {p.score}</span>
            {p.results
              .filter((r) => !r.passed)
              .map((r) => (
                <ul key={r.policyId}>
                  <li>
                    <strong>{r.policyId}</strong> ({r.severity}): {r.description}
                    <ul>
                      {r.violations.map((v) => (
                        <li key={violationText(v)} class="small">
                          {violationText(v)}
                        </li>
                      ))}
                    </ul>
                  </li>
                </ul>
              ))}
          </li>
        ))}
      </ul>
    </>
  );
}

function Compliance() {
  const client = useClient();
  const [report] = useLoad(() => client.governance.compliance(), []);
  return (
    <Show loaded={report} what="compliance">
      {(r) => <ComplianceView report={r} />}
    </Show>
  );
}

function Audit(props: { readonly route: Route }) {
  const client = useClient();
  const action = props.route.params.get('action') ?? '';
  const [verify] = useLoad(() => client.governance.verifyAudit(), []);
  const [entries] = useLoad(
    () => client.governance.auditLog({ limit: 100, order: 'desc', ...(action === '' ? {} : { action }) }),
    [action],
  );
  return (
    <>
      <Show loaded={verify} what="the audit verification">
        {(v) =>
          v.ok ? (
            <p role="status" class="ok">
              Audit log verified: {v.entries} entries, protection {v.protection}
              {v.notes.length === 0 ? '' : `. ${v.notes.join(' ')}`}
            </p>
          ) : (
            <div role="alert" class="error">
              <strong>Audit log verification FAILED</strong> at entry {v.seq} ({v.problem}): {v.message}.
              Checked {v.entries} entries, protection {v.protection}
              {v.notes.length === 0 ? '' : `. ${v.notes.join(' ')}`}
            </div>
          )
        }
      </Show>
      <Show loaded={entries} what="the audit log">
        {(list) =>
          list.length === 0 ? (
            <Empty>No audit entries.</Empty>
          ) : (
            <div class="scroll-x">
              <table>
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">When</th>
                    <th scope="col">Principal</th>
                    <th scope="col">Action</th>
                    <th scope="col">Target</th>
                    <th scope="col">Outcome</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((e) => (
                    <tr key={e.seq}>
                      <td>{e.seq}</td>
                      <td>
                        <When at={e.at} />
                      </td>
                      <td>{e.principal ?? e.actor}</td>
                      <td>
                        <a href={href(['governance'], { tab: 'audit', action: e.action })}>{e.action}</a>
                      </td>
                      <td>{e.target}</td>
                      <td>{e.outcome === 'ok' ? e.outcome : <Badge kind="bad">{e.outcome}</Badge>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Show>
    </>
  );
}

/** A violation as a line: where (its path) and what failed (its message). */
function violationText(v: unknown): string {
  if (typeof v === 'string') return v;
  const { path, message } = (v ?? {}) as { path?: unknown; message?: unknown };
  if (typeof message === 'string')
    return typeof path === 'string' && path !== '' ? `${path}: ${message}` : message;
  return JSON.stringify(v);
}
