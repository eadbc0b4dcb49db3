import { describe, expect, it } from 'vitest';
import { ORDERS_CONTRACT } from '../../test/support/orders-contract.ts';
import { contractToSpec } from './contract-to-spec.ts';
import { readContractDocument } from './source-document.ts';
import { salesSpec } from './testdata/sample-specs.ts';
import { toMarkdown } from './to-markdown.ts';

describe('toMarkdown', () => {
  it('writes the facts, the schema with keys, PII and constraints, the rules, the checks and the SLA', () => {
    const page = toMarkdown(salesSpec(), { status: 'published' });
    expect(page.startsWith('# Sales transactions (`sales.transactions`)\n\nEvery completed sale')).toBe(true);
    expect(page).toContain('| Status | published |');
    expect(page).toContain('| Owner | sales-team |');
    expect(page).toContain(
      '| `transaction_id` | string | yes | yes |  | Unique id of the sale. | at least 1 characters |',
    );
    expect(page).toMatch(
      /\| `customer_email` \| string \| no \| {2}\| yes \(hash\) \| .* \| format email \|/,
    );
    expect(page).toContain('- `positive_amount`: `amount > 0` — A sale always earns money.');
    expect(page).toContain(
      '| `range:amount` | amount > 0 and <= 100000 | failing rows = 0 | error | schema |',
    );
    expect(page).toContain('| Freshness | written at least every 60 min |');
    expect(page.endsWith('|\n')).toBe(true);
  });

  it('lists the checks only the contract declares, escaping what would break a table', () => {
    const contract = readContractDocument(
      ORDERS_CONTRACT.replace("orders.region = 'Europe'", "orders.region = 'Eu|rope'"),
    );
    const page = toMarkdown(contractToSpec(contract), { contract });
    expect(page).toContain(
      '| `order_volume` | row count — Between one and five orders a day. | row count between 1 and 5 | error | contract |',
    );
    expect(page).toContain("orders.region = 'Eu\\|rope'");
    expect(page).not.toContain('| Status |');
    // The zero-tolerance entries the spec holds are listed once, from the schema.
    expect(page.match(/not_null:order_id/g)).toHaveLength(1);
  });
});
