import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Mesh } from '../../src/product/mesh.ts';
import { createTempDir, exampleRecords, exampleSpec, type TempDir } from '../support/example-mesh.ts';
import { runCli } from '../support/run-cli.ts';

let dir: TempDir;
let store: string;

beforeAll(async () => {
  dir = createTempDir('meshwork-sla-');
  store = dir.file('mesh.duckdb');
  const mesh = await Mesh.open({ store });
  await mesh.createProduct(exampleSpec('sales'));
  await mesh.close();
}, 60_000);

afterAll(() => {
  dir.remove();
});

describe('the SLA verdict of metrics and show (issue 15, item 11)', () => {
  it('says unknown, not met, when the quality run checked 0 records and availability is unmeasured', async () => {
    // The quality run made while the product is still empty, then fresh data: freshness alone is measurable.
    expect((await runCli(['quality', 'sales.transactions', '--store', store])).code).not.toBe(2);
    const mesh = await Mesh.open({ store });
    await (await mesh.product('sales.transactions')).ingest(exampleRecords('sales'));
    await mesh.close();

    const metrics = await runCli(['metrics', 'sales.transactions', '--store', store]);
    expect(metrics.code).toBe(0);
    expect(metrics.stdout).not.toMatch(/SLA: met/);
    expect(metrics.stdout).toMatch(/SLA: unknown \(1 of 4 declared target\(s\) measured/);
    expect(metrics.stdout).toMatch(/checked 0 records, which measures nothing/);
    expect(metrics.stdout).toMatch(/availability target 99\.9%: not measured/);

    const json = JSON.parse(
      (await runCli(['metrics', 'sales.transactions', '--store', store, '--json'])).stdout,
    );
    expect(json.slaStatus).toMatchObject({
      verdict: 'unknown',
      met: null,
      measuredTargets: 1,
      declaredTargets: 4,
    });
    expect(json.slaStatus.completeness.measured).toBeNull();

    const show = await runCli(['show', 'sales.transactions', '--store', store]);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(
      /SLA status\s+unknown \(1 of 4 declared target\(s\) measured; not measured: completeness, accuracy, availability\)/,
    );
  }, 60_000);

  it('measures completeness and accuracy from a run on the stored records, and still never calls availability met', async () => {
    await runCli(['quality', 'sales.transactions', '--store', store]);
    const json = JSON.parse(
      (await runCli(['metrics', 'sales.transactions', '--store', store, '--json'])).stdout,
    );
    expect(json.slaStatus.completeness.measured).not.toBeNull();
    expect(json.slaStatus.measuredTargets).toBe(3);
    expect(json.slaStatus.availability.met).toBeNull();
    expect(json.slaStatus.verdict).not.toBe('met');
  }, 60_000);
});
