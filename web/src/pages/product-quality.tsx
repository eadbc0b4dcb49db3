import { useState } from 'preact/hooks';
import type { MeshClient, ProductCard } from '../../../src/client/index.ts';
import { errorMessage } from '../api.ts';
import { useClient } from '../client-context.ts';
import { Badge, Chart, Empty, Show, When } from '../components.tsx';
import { useLoad } from '../use-load.ts';

type QualityReport = Awaited<ReturnType<MeshClient['qualityRun']>>;

/** The last quality run with each check passed or failed, the history as a chart, and a button to run the checks. */
export function QualityTab(props: { readonly card: ProductCard }) {
  const client = useClient();
  const id = props.card.descriptor.id;
  const [runMessage, setRunMessage] = useState<string | undefined>();
  const [loaded, reload] = useLoad(async () => {
    const runs = await client.qualityHistory(id, 30);
    const newest = runs.reduce<(typeof runs)[number] | undefined>(
      (a, b) => (a === undefined || b.runId > a.runId ? b : a),
      undefined,
    );
    return { runs, report: newest === undefined ? undefined : await client.qualityRun(id, newest.runId) };
  }, [id]);
  return (
    <>
      <p>
        <button
          type="button"
          onClick={() => {
            setRunMessage('Running the quality checks…');
            client.checkQuality(id).then(
              (r) => {
                setRunMessage(`Run ${r.runId}: ${r.verdict}`);
                reload();
              },
              (err: unknown) => setRunMessage(`The checks could not run: ${errorMessage(err)}`),
            );
          }}
        >
          Run quality checks now
        </button>{' '}
        <span role="status">{runMessage ?? ''}</span>
      </p>
      <Show loaded={loaded} what="quality runs">
        {({ runs, report }) =>
          report === undefined ? (
            <Empty>No quality run yet.</Empty>
          ) : (
            <>
              <h2>
                Last run {report.runId}{' '}
                <Badge kind={report.verdict === 'pass' ? 'good' : report.verdict === 'fail' ? 'bad' : ''}>
                  {report.verdict}
                </Badge>
              </h2>
              <p class="muted">
                <When at={report.checkedAt} /> · {report.totalRecords} records · version {report.version} ·
                level {report.qualityLevel.declared} declared, {report.qualityLevel.derived} earned
              </p>
              <table aria-label="Checks of the last run">
                <thead>
                  <tr>
                    <th scope="col">Check</th>
                    <th scope="col">Result</th>
                    <th scope="col">Rate</th>
                    <th scope="col">Target</th>
                  </tr>
                </thead>
                <tbody>
                  {report.completeness.items
                    .filter((c) => c.target !== null)
                    .map((c) => (
                      <CheckRow
                        key={`c-${c.field}`}
                        name={`${c.field} is present`}
                        passed={c.passed}
                        rate={c.rate}
                        target={c.target}
                      />
                    ))}
                  {report.uniqueness === null ? null : (
                    <CheckRow
                      name={`key (${report.uniqueness.key.join(', ')}) is unique`}
                      passed={report.uniqueness.passed}
                      rate={report.uniqueness.rate}
                      target={report.uniqueness.target}
                    />
                  )}
                  {report.validity.items.map((v) => (
                    <CheckRow
                      key={`v-${v.name}`}
                      name={v.description}
                      passed={v.passed}
                      rate={v.rate}
                      target={v.target}
                    />
                  ))}
                </tbody>
              </table>
              <ContractChecks checks={report.contractChecks} />
              {report.failures.length === 0 ? null : (
                <>
                  <h2>Why it failed</h2>
                  <ul class="list" aria-label="Failures of the last run">
                    {report.failures.map((f) => (
                      <li key={f}>{f}</li>
                    ))}
                  </ul>
                </>
              )}
              <h2>History</h2>
              <QualityHistoryChart runs={runs} />
              <table aria-label="Quality runs">
                <thead>
                  <tr>
                    <th scope="col">Run</th>
                    <th scope="col">When</th>
                    <th scope="col">Verdict</th>
                    <th scope="col">Records</th>
                    <th scope="col">Completeness</th>
                    <th scope="col">Validity</th>
                    <th scope="col">Uniqueness</th>
                  </tr>
                </thead>
                <tbody>
                  {[...runs]
                    .sort((a, b) => b.runId - a.runId)
                    .map((r) => (
                      <tr key={r.runId}>
                        <td>{r.runId}</td>
                        <td>
                          <When at={r.checkedAt} />
                        </td>
                        <td>{r.verdict}</td>
                        <td>{r.totalRecords}</td>
                        <td>{pct(r.completeness)}</td>
                        <td>{pct(r.validity)}</td>
                        <td>{pct(r.uniqueness)}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </>
          )
        }
      </Show>
    </>
  );
}

/** Completeness, validity and uniqueness of each run, oldest first (the table below has the same numbers). */
function QualityHistoryChart(props: {
  readonly runs: readonly {
    readonly runId: number;
    readonly checkedAt: string;
    readonly completeness: number | null;
    readonly validity: number | null;
    readonly uniqueness: number | null;
  }[];
}) {
  const runs = [...props.runs].sort((a, b) => a.runId - b.runId);
  return (
    <Chart
      title="Completeness, validity and uniqueness per run (%)"
      kind="lines"
      yMax={100}
      unit=" %"
      x={{ kind: 'points', name: 'Run', labels: runs.map((r) => `run ${r.runId}`) }}
      series={[
        { label: 'Completeness', color: '#1d4ed8', values: runs.map((r) => r.completeness) },
        { label: 'Validity', color: '#b45309', values: runs.map((r) => r.validity) },
        { label: 'Uniqueness', color: '#047857', values: runs.map((r) => r.uniqueness) },
      ]}
    />
  );
}

function pct(v: number | null): string {
  return v === null ? '–' : `${v} %`;
}

function CheckRow(props: {
  readonly name: string;
  readonly passed: boolean | null;
  readonly rate: number | null;
  readonly target: number | null;
}) {
  return (
    <tr>
      <td>{props.name}</td>
      <td>
        {props.passed === null ? (
          <Badge>not measured</Badge>
        ) : props.passed ? (
          <Badge kind="good">pass</Badge>
        ) : (
          <Badge kind="bad">fail</Badge>
        )}
      </td>
      <td>{pct(props.rate)}</td>
      <td>{pct(props.target)}</td>
    </tr>
  );
}

/**
 * The checks the product's published ODCS contract declares beyond the spec (row counts, SQL, tolerances), each with
 * what it expects, what was measured and where the contract declares it; a warning's failure does not fail the run.
 */
function ContractChecks(props: { readonly checks: QualityReport['contractChecks'] }) {
  const { contract, items } = props.checks;
  if (items.length === 0) return null;
  return (
    <>
      <h2>Checks of the contract{contract === null ? '' : ` (${contract})`}</h2>
      <div class="scroll-x">
        <table aria-label="Checks of the contract">
          <thead>
            <tr>
              <th scope="col">Check</th>
              <th scope="col">Result</th>
              <th scope="col">Expected</th>
              <th scope="col">Measured</th>
              <th scope="col">Declared at</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id}>
                <td>
                  <strong>{c.id}</strong>
                  {c.severity === 'error' ? null : <span class="muted small"> ({c.severity})</span>}
                  <br />
                  <span class="muted small">{c.description ?? c.expression}</span>
                </td>
                <td>
                  {c.passed === null ? (
                    <Badge>not run</Badge>
                  ) : c.passed ? (
                    <Badge kind="good">pass</Badge>
                  ) : (
                    <Badge kind={c.severity === 'error' ? 'bad' : 'warn'}>fail</Badge>
                  )}
                </td>
                <td>{c.expected}</td>
                <td>
                  {c.measured === null ? (c.note ?? '–') : c.measured}
                  {c.failing === null || c.failing === 0 ? '' : ` (${c.failing} failing)`}
                </td>
                <td class="small">
                  <code>{c.location}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
