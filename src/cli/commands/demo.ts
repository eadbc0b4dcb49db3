import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { SEARCH_SNAPSHOT_SUFFIX } from '../../catalog/search/search-snapshot.ts';
import type { Command } from 'commander';
import type { CommandContext, StoreOptions } from '../command-context.ts';
import { withStoreOptions } from '../command-context.ts';
import { readSpecFile } from '../read-spec-file.ts';
import { formatAccessLog } from '../render/format-access-log.ts';
import { formatAnalytics } from '../render/format-analytics.ts';
import { formatIngestResult } from '../render/format-ingest.ts';
import { formatMetrics } from '../render/format-metrics.ts';
import { formatQualityReport } from '../render/format-quality.ts';
import { formatRefresh } from '../render/format-refresh.ts';
import { formatSegmentStatistic, formatSegmentStatistics } from '../render/format-segments.ts';
import { renderTable } from '../render/table.ts';

/** The folder holding the example products shipped with Meshwork. */
export const EXAMPLES_DIR = fileURLToPath(new URL('../../../examples/', import.meta.url));

/** `meshwork demo`: the original demo's walkthrough, on the persistent store. */
export function registerDemo(program: Command, ctx: CommandContext): void {
  withStoreOptions(
    program
      .command('demo')
      .summary('walk through the sales and customer products on the store (safe to run again)')
      .description(
        'Creates sales.transactions and customer.profiles from examples/, loads their sample data, lists sales, finds customers, updates an e-mail, removes a sale, and prints metrics and the access log. Running it again shows that the store kept everything (records already stored are reported as duplicates).',
      )
      .option('--reset', 'delete the store file first and start from scratch')
      .addHelpText('after', '\nExamples:\n  meshwork demo\n  meshwork demo --reset --store /tmp/demo.duckdb'),
  ).action(async (opts: StoreOptions & { reset?: boolean }) => {
    const out = (s: string) => ctx.io.stdout.write(s);
    const step = (title: string) => out(`\n== ${title}\n`);
    const location = ctx.storeLocation(opts);
    if (opts.reset && !location.includes('://') && !location.startsWith(':memory:')) {
      await rm(location, { force: true });
      await rm(`${location}.wal`, { force: true });
      await rm(`${location}${SEARCH_SNAPSHOT_SUFFIX}`, { force: true });
    }
    const { Mesh } = await import('../../product/mesh.ts');
    const mesh = await Mesh.open({
      store: location,
      actor: opts.actor === undefined || opts.actor === 'anonymous' ? 'demo' : opts.actor,
    });
    try {
      out(`Meshwork demo on store ${mesh.store}\n`);
      step('1. Create the sales and customer data products (from examples/*/product.yaml)');
      const sales = await mesh.createProduct(await readSpecFile(`${EXAMPLES_DIR}sales/product.yaml`), {
        ifExists: 'reuse',
      });
      const customers = await mesh.createProduct(
        await readSpecFile(`${EXAMPLES_DIR}customers/product.yaml`),
        {
          ifExists: 'reuse',
        },
      );
      for (const p of [sales, customers]) {
        const d = await p.descriptor();
        if (d.status === 'draft') {
          const r = await p.publish();
          out(`${d.id} ${d.version}: ${r.ok ? `published` : `not published: ${r.reasons.join('; ')}`}\n`);
        } else {
          out(`${d.id} ${d.version}: already ${d.status} (kept from an earlier run)\n`);
        }
      }

      step('2. Load the sample data (records already stored are refused as duplicates)');
      out(formatIngestResult(sales.id, await sales.ingestFile(`${EXAMPLES_DIR}sales/sample_sales.json`), 3));
      out(
        formatIngestResult(
          customers.id,
          await customers.ingestFile(`${EXAMPLES_DIR}customers/sample_customers.json`),
          3,
        ),
      );

      step('3. Bad records are rejected with reasons; valid ones in the same batch land');
      const bad = await sales.ingest([
        {
          transaction_id: 'TXN900',
          product_id: 'PROD9',
          customer_id: 'CUST9',
          amount: -5,
          date: '2025-10-09',
          product_category: 'Books',
          region: 'Europe',
        },
        {
          transaction_id: 'TXN901',
          product_id: 'PROD9',
          customer_id: 'CUST9',
          amount: 10,
          date: '2025-13-40',
          product_category: 'Books',
          region: 'Europe',
        },
        {
          transaction_id: 'TXN001',
          product_id: 'PROD9',
          customer_id: 'CUST9',
          amount: 10,
          date: '2025-10-09',
          product_category: 'Books',
          region: 'Europe',
        },
        {
          transaction_id: 'TXN902',
          product_id: 'PROD9',
          customer_id: 'CUST9',
          amount: 42,
          date: '2025-10-09',
          product_category: 'Books',
          region: 'Europe',
        },
      ]);
      out(formatIngestResult(sales.id, bad));
      const badCustomer = await customers.ingest({
        customer_id: 'CUST900',
        name: 'Test Person',
        email: 'not-an-email',
        registration_date: '2025-01-01',
        lifetime_value: 10,
        tier: 'platinum',
      });
      out(formatIngestResult(customers.id, badCustomer));

      step('4. List all sales');
      const fields = (await sales.descriptor()).schema.fields.map((f) => f.name);
      out(renderTable((await sales.query(undefined, { orderBy: 'transaction_id' })).rows, fields));

      step("5. Find customers by a field value: tier = 'gold'");
      out(
        renderTable(
          (
            await customers.query(
              { tier: 'gold' },
              { columns: ['customer_id', 'name', 'tier', 'lifetime_value'] },
            )
          ).rows,
        ),
      );

      step('6. Update a customer e-mail (CUST002)');
      const updated = await customers.update(
        { customer_id: 'CUST002' },
        { email: 'maria.santos@newmail.example' },
      );
      out(`${updated} record(s) updated\n`);
      out(
        renderTable(
          (await customers.query({ customer_id: 'CUST002' }, { columns: ['customer_id', 'email'] })).rows,
        ),
      );

      step('7. Remove a sale (TXN006) and show it is gone');
      const removed = await sales.remove({ transaction_id: 'TXN006' });
      out(`${removed} record(s) removed\n`);
      const after = await sales.query({ transaction_id: 'TXN006' });
      out(`query transaction_id = 'TXN006' now returns ${after.rows.length} record(s)\n`);

      step('8. Metrics');
      out(formatMetrics(await sales.metrics()));
      out('\n');
      out(formatMetrics(await customers.metrics()));

      step('9. Sales analytics, computed by the engine from the current data (declared in the descriptor)');
      out(
        formatAnalytics(
          await sales.analytics({
            breakdowns: ['revenue_by_category', 'revenue_by_region', 'top_customers'],
          }),
        ),
      );

      step('10. Customer segments: named filters kept in the contract, evaluated on every read');
      out(formatSegmentStatistics(await customers.segments().statistics()));
      await customers.update({ customer_id: 'CUST003' }, { tier: 'gold', lifetime_value: 3500 });
      out('after CUST003 becomes gold with a lifetime value of 3500, high_value follows at once:\n');
      out(formatSegmentStatistic(await customers.segments().statistic('high_value')));

      step('11. Quality report of customer.profiles, kept in its quality history');
      out(formatQualityReport(await customers.checkQuality()));

      step(
        '12. A derived product: sales.customer_revenue, computed from sales and customers by declared SQL',
      );
      const revenue = await mesh.createProduct(
        await readSpecFile(`${EXAMPLES_DIR}customer_revenue/product.yaml`),
        {
          ifExists: 'reuse',
        },
      );
      // Sample sales and sample profiles name different customers; give one buyer a profile so the join shows.
      await customers.ingest({
        customer_id: 'CUST456',
        name: 'Rui Alves',
        email: 'rui.alves@example.com',
        registration_date: '2025-02-02',
        lifetime_value: 450.5,
        tier: 'silver',
      });
      out(formatRefresh(await revenue.refresh()));
      out(renderTable((await revenue.query(undefined, { orderBy: 'revenue desc' })).rows));
      const lineage = await revenue.lineage();
      out(`lineage: ${lineage.upstream.map((n) => n.id).join(' + ')} → ${revenue.id}\n`);

      step('13. Access log (latest 12 entries)');
      out(formatAccessLog(await mesh.accessLog({ limit: 12 })));
      out(
        `\nThe store keeps everything: run \`meshwork demo\` again, or try\n  meshwork query sales.transactions --where "region = 'Europe'"\n  meshwork metrics sales.transactions --breakdown top_customers --top 3\n  meshwork segments show customer.profiles high_value\n  meshwork quality sales.transactions\n`,
      );
    } finally {
      await mesh.close();
    }
  });
}
