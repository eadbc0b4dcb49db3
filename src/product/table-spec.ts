import type { ProductSpec } from '../core/descriptor.ts';
import type { TableColumn, TableSpec } from '../engine/engine.ts';

/** Derives a product's table layout from its schema. */
export function toTableSpec(spec: ProductSpec, tableName: string): TableSpec {
  const columns: TableColumn[] = spec.schema.fields.map((f) => ({
    name: f.name,
    type: f.type,
    notNull: f.required,
  }));
  return { name: tableName, columns, primaryKey: spec.schema.primaryKey, indexes: spec.schema.indexes };
}
