import { describe, expect, it } from 'vitest';
import { readContractDocument } from './source-document.ts';
import { officialExample } from './testdata/official-examples.ts';
import { salesSpec } from './testdata/sample-specs.ts';
import { toMermaidEr } from './to-mermaid-er.ts';

describe('drawing a contract as a Mermaid ER diagram', () => {
  it('draws one entity for a spec', () => {
    const er = toMermaidEr(salesSpec());
    expect(
      er.startsWith(
        'erDiagram\n  sales_transactions {\n    string transaction_id PK "Unique id of the sale."\n',
      ),
    ).toBe(true);
  });

  it('draws every object of a contract with its relationships', () => {
    const er = toMermaidEr(readContractDocument(officialExample('odcs/all/full-example.odcs.yaml')));
    expect(er).toContain(
      '  tbl {\n    date transaction_reference_date "Reference date for transaction"\n    string rcvr_id PK, FK',
    );
    expect(er).toContain('  receivers {\n    string id PK "Unique identifier for receiver"');
    expect(er).toContain('  tbl }o--|| receivers : "rcvr_id"');
    expect(er).toContain('  tbl }o--|| receivers : "rcvr_id, rcvr_cntry_code"');
    // receiver_types is not in the contract: no line to nowhere.
    expect(er).not.toContain('receiver_types');
  });
});
