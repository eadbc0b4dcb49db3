import type { ProductSpec } from '../../core/descriptor.ts';

/** A sales product using every part of the model: key, indexes, allowed values, bounds, formats, PII, rules and SLA. */
export function salesSpec(): ProductSpec {
  return {
    id: 'sales.transactions',
    name: 'Sales transactions',
    domain: 'sales',
    owner: 'sales-team',
    description: 'Every completed sale with its product, customer, amount and region.',
    tags: ['sales', 'transactions'],
    version: '1.2.0',
    qualityLevel: 'silver',
    schema: {
      primaryKey: ['transaction_id'],
      indexes: [['customer_id'], ['date']],
      rules: [{ name: 'positive_amount', check: 'amount > 0', description: 'A sale always earns money.' }],
      fields: [
        {
          name: 'transaction_id',
          type: 'string',
          required: true,
          description: 'Unique id of the sale.',
          minLength: 1,
          examples: ['TXN001'],
        },
        { name: 'customer_id', type: 'string', required: true, description: 'The buyer.' },
        {
          name: 'customer_email',
          type: 'string',
          required: false,
          description: 'Where the receipt went.',
          format: 'email',
          pii: true,
          classification: 'restricted',
          masking: 'hash',
        },
        {
          name: 'amount',
          type: 'number',
          required: true,
          description: 'Amount in EUR.',
          exclusiveMinimum: 0,
          maximum: 100000,
        },
        { name: 'quantity', type: 'integer', required: true, description: 'Units sold.', minimum: 1 },
        { name: 'date', type: 'date', required: true, description: 'Day of the sale.' },
        {
          name: 'region',
          type: 'string',
          required: false,
          description: 'Sales region.',
          enum: ['Europe', 'Asia', 'Americas'],
        },
        { name: 'paid', type: 'boolean', required: false, description: 'Whether the invoice is paid.' },
        { name: 'updated_at', type: 'timestamp', required: true, description: 'Last change.' },
      ],
    },
    sla: { availability: 99.9, freshnessMinutes: 60, completeness: 99, accuracy: 98.5 },
    upstream: ['sales.orders', 'crm.customers'],
  };
}
