import { statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import type { ProductDescriptor } from '../core/descriptor.ts';
import { MeshError } from '../core/errors.ts';
import type { FilterInput } from '../core/filter/to-filter.ts';
import type { MaskingStrategy } from '../core/schema.ts';
import {
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportMask,
  type OrderTerm,
  type TableColumn,
} from '../engine/engine.ts';
import { HASH_PREFIX_LENGTH, type MaskingKey, REDACTED } from '../governance/masking.ts';

/** Options for {@link DataProduct.exportFile}. */
export interface ExportOptions {
  /** The published major version to export, as in `QueryOptions.version`. */
  readonly version?: string;
  /** `csv`, `ndjson` or `parquet`; guessed from the file's extension when left out. */
  readonly format?: ExportFormat;
  /** Only the records matching this filter (all records without one). */
  readonly where?: FilterInput;
  /** Fields to write, in order (default: all). */
  readonly columns?: readonly string[];
  /** Order of the rows, e.g. `'amount desc'` or `['region', 'amount desc']` (default: as stored). */
  readonly orderBy?: string | readonly string[];
  /**
   * CSV only: prefix `'` to text cells starting with `=`, `+`, `-`, `@`, tab or carriage return, so that a spreadsheet
   * opening the file shows them as text instead of running them as formulas (default `true`). Numbers are never
   * changed. Turn it off (`false`) for machine consumers that need the text byte for byte.
   */
  readonly csvFormulaEscape?: boolean;
}

/** What an export wrote. */
export interface ExportResult {
  /** Whether text cells that would start a spreadsheet formula were prefixed with `'` (CSV only). */
  readonly formulasEscaped: boolean;
  readonly productId: string;
  readonly version: string;
  /** The absolute path of the file written. */
  readonly path: string;
  readonly format: ExportFormat;
  readonly rows: number;
  /** PII fields written masked for the reader, with how. */
  readonly maskedFields: Readonly<Record<string, MaskingStrategy>>;
}

/** An export checked against the product: the file, its format, the columns and the order. */
export interface ResolvedExport {
  readonly path: string;
  readonly format: ExportFormat;
  readonly columns: readonly TableColumn[];
  readonly orderBy: readonly OrderTerm[];
  /** Whether text cells that would start a spreadsheet formula are escaped (CSV unless turned off). */
  readonly escapeFormulas: boolean;
}

const EXTENSIONS: Readonly<Record<string, ExportFormat>> = {
  '.csv': 'csv',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.json': 'ndjson',
  '.parquet': 'parquet',
  '.pq': 'parquet',
};

/** Guesses an export format from a file name, or undefined when the extension says nothing. */
export function guessExportFormat(path: string): ExportFormat | undefined {
  return EXTENSIONS[extname(path).toLowerCase()];
}

function unknownField(d: ProductDescriptor, name: string, where: string): MeshError {
  return new MeshError(
    'invalid_input',
    `unknown field "${name}" in ${where} of the export of ${d.id}; known fields: ${d.schema.fields.map((f) => f.name).join(', ')}`,
    { details: { field: name } },
  );
}

/**
 * Checks an export request against the product (every engine writes every export format; see ExportFormat).
 * @throws MeshError `invalid_input` for an unknown format, field or order;
 * `not_found` when the file's folder does not exist.
 */
export function resolveExport(d: ProductDescriptor, file: string, options: ExportOptions): ResolvedExport {
  if (typeof file !== 'string' || file.trim() === '') {
    throw new MeshError('invalid_input', `export of ${d.id} needs a file name, e.g. ${d.id}.csv`);
  }
  const format = options.format ?? guessExportFormat(file);
  if (format === undefined) {
    throw new MeshError(
      'invalid_input',
      `cannot tell the export format of ${file} from its extension; name it .csv, .ndjson or .parquet, or give the format (${EXPORT_FORMATS.join(', ')})`,
    );
  }
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new MeshError(
      'invalid_input',
      `unknown export format ${String(format)}; use one of ${EXPORT_FORMATS.join(', ')}`,
    );
  }
  const path = resolve(file);
  let folder: boolean;
  try {
    folder = statSync(dirname(path)).isDirectory();
  } catch {
    folder = false;
  }
  if (!folder) {
    throw new MeshError(
      'not_found',
      `cannot write the export to ${path}: the folder ${dirname(path)} does not exist; create it first`,
    );
  }
  const fields = new Map(d.schema.fields.map((f) => [f.name, f]));
  const names = options.columns ?? d.schema.fields.map((f) => f.name);
  if (names.length === 0) throw new MeshError('invalid_input', 'an export needs at least one column');
  const columns = names.map((name): TableColumn => {
    const f = fields.get(name);
    if (!f) throw unknownField(d, name, 'columns');
    return { name: f.name, type: f.type, notNull: f.required };
  });
  const order =
    options.orderBy === undefined
      ? []
      : typeof options.orderBy === 'string'
        ? [options.orderBy]
        : options.orderBy;
  const orderBy = order.map((text): OrderTerm => {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?\s*$/i.exec(text);
    if (!m) {
      throw new MeshError(
        'invalid_input',
        `cannot read order "${text}"; write a field name, optionally followed by asc or desc`,
      );
    }
    const name = m[1] as string;
    if (!fields.has(name)) throw unknownField(d, name, 'order');
    return { column: name, direction: m[2]?.toLowerCase() === 'desc' ? 'desc' : 'asc' };
  });
  if (options.csvFormulaEscape !== undefined && typeof options.csvFormulaEscape !== 'boolean') {
    throw new MeshError(
      'invalid_input',
      `csvFormulaEscape of the export of ${d.id} must be true or false, got ${JSON.stringify(options.csvFormulaEscape)}`,
    );
  }
  const escapeFormulas = format === 'csv' && options.csvFormulaEscape !== false;
  return { path, format, columns, orderBy, escapeFormulas };
}

/**
 * How the engine masks each exported PII field, the same way `query` masks it (see governance/masking.ts): `hash`
 * fields with the HMAC-SHA256 keyed with the store's masking key.
 * @throws Error (a bug) when a field is hashed and no key is given.
 */
export function toExportMasks(
  masked: ReadonlyMap<string, MaskingStrategy>,
  columns: readonly TableColumn[],
  key?: MaskingKey,
): Map<string, ExportMask> {
  const out = new Map<string, ExportMask>();
  for (const c of columns) {
    const strategy = masked.get(c.name);
    if (strategy === 'redact') out.set(c.name, { kind: 'replace', text: REDACTED });
    else if (strategy === 'hash') {
      if (key === undefined) throw new Error(`exporting ${c.name} hashed needs the store’s masking key`);
      out.set(c.name, { kind: 'hmac', key: key.secretBytes(), length: HASH_PREFIX_LENGTH });
    }
  }
  return out;
}
