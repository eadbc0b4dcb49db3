import type { DuckDBAppender, DuckDBDataChunk } from '@duckdb/node-api';
import { duckdbApi } from './duckdb-api.ts';

const { BOOLEAN, DOUBLE, VARCHAR } = duckdbApi;
import bindings from '@duckdb/node-bindings';

/**
 * How one stored column travels to DuckDB: as text (strings, and dates and timestamps in their normalized text,
 * which DuckDB casts to the column's type), as a double (numbers, and integers, cast to BIGINT) or as a boolean;
 * `null` for a stored column the rows do not fill.
 */
export type ChunkColumnKind = 'varchar' | 'double' | 'boolean' | null;

/** Rows per chunk: DuckDB's standard vector size, the capacity of a chunk created through the C API. */
const CHUNK_ROWS = bindings.vector_size();
/** Bytes of one `duckdb_string_t` slot; strings of up to {@link INLINE_BYTES} bytes live inside the slot. */
const STRING_SLOT = 16;
const INLINE_BYTES = 12;

/**
 * Writes validated rows into an appender a whole chunk (2,048 rows) at a time instead of value by value.
 *
 * Each column of a chunk is filled in a JS buffer and copied into DuckDB's vector with one call: doubles and
 * booleans as their fixed-width bytes, strings as `duckdb_string_t` slots (the C API's public layout: a 4-byte
 * length, then up to 12 bytes inline, zero-padded). Longer or non-ASCII strings are handed to DuckDB one by one
 * (`duckdb_vector_assign_string_element`, or its `_len` form for a string holding NUL), which stores them in the
 * vector's string heap; nulls go into the validity mask. The appender then casts each column to the table's type,
 * as it does for single values.
 */
export class ChunkWriter {
  readonly #kinds: readonly ChunkColumnKind[];
  /** For each stored column, the position in a row that holds its value (ignored for `null` kinds). */
  readonly #positions: readonly number[];
  readonly #chunk: DuckDBDataChunk;
  readonly #strings = new Uint8Array(CHUNK_ROWS * STRING_SLOT);
  readonly #stringView = new DataView(this.#strings.buffer);
  readonly #doubles = new Float64Array(CHUNK_ROWS);
  readonly #booleans = new Uint8Array(CHUNK_ROWS);
  readonly #validity = new BigUint64Array(Math.ceil(CHUNK_ROWS / 64));
  readonly #encoder = new TextEncoder();

  constructor(kinds: readonly ChunkColumnKind[], positions: readonly number[]) {
    this.#kinds = kinds;
    this.#positions = positions;
    this.#chunk = duckdbApi.DuckDBDataChunk.create(
      kinds.map((k) => (k === 'double' ? DOUBLE : k === 'boolean' ? BOOLEAN : VARCHAR)),
    );
  }

  /** Appends every row through `appender`; the caller flushes and closes it. */
  append(appender: DuckDBAppender, rows: readonly (readonly unknown[])[]): void {
    for (let from = 0; from < rows.length; from += CHUNK_ROWS) {
      const count = Math.min(CHUNK_ROWS, rows.length - from);
      const raw = this.#chunk.chunk;
      bindings.data_chunk_reset(raw);
      bindings.data_chunk_set_size(raw, count);
      for (let c = 0; c < this.#kinds.length; c++) {
        this.#fillColumn(bindings.data_chunk_get_vector(raw, c), c, rows, from, count);
      }
      appender.appendDataChunk(this.#chunk);
    }
  }

  #fillColumn(
    vector: ReturnType<typeof bindings.data_chunk_get_vector>,
    column: number,
    rows: readonly (readonly unknown[])[],
    from: number,
    count: number,
  ): void {
    const kind = this.#kinds[column];
    const position = this.#positions[column] as number;
    const validity = this.#validity;
    validity.fill(0xffffffffffffffffn);
    let nulls = 0;
    if (kind === 'double' || kind === 'boolean') {
      const values = kind === 'double' ? this.#doubles : this.#booleans;
      for (let i = 0; i < count; i++) {
        const v = (rows[from + i] as readonly unknown[])[position];
        if (v === null || v === undefined) {
          values[i] = 0;
          validity[i >>> 6] = (validity[i >>> 6] as bigint) & ~(1n << BigInt(i & 63));
          nulls += 1;
        } else values[i] = kind === 'double' ? (v as number) : v ? 1 : 0;
      }
      bindings.copy_data_to_vector(vector, 0, values.buffer, 0, count * values.BYTES_PER_ELEMENT);
    } else {
      const slots = this.#strings;
      const view = this.#stringView;
      slots.fill(0, 0, count * STRING_SLOT);
      const others: number[] = [];
      for (let i = 0; i < count; i++) {
        const v = kind === null ? null : (rows[from + i] as readonly unknown[])[position];
        if (v === null || v === undefined) {
          validity[i >>> 6] = (validity[i >>> 6] as bigint) & ~(1n << BigInt(i & 63));
          nulls += 1;
          continue;
        }
        const s = v as string;
        const length = s.length;
        let inline = length <= INLINE_BYTES;
        if (inline) {
          const base = i * STRING_SLOT + 4;
          for (let j = 0; j < length; j++) {
            const code = s.charCodeAt(j);
            if (code > 0x7f) {
              inline = false;
              break;
            }
            slots[base + j] = code;
          }
        }
        if (inline) view.setUint32(i * STRING_SLOT, length, true);
        else {
          slots.fill(0, i * STRING_SLOT, (i + 1) * STRING_SLOT);
          others.push(i);
        }
      }
      bindings.copy_data_to_vector(vector, 0, slots.buffer, 0, count * STRING_SLOT);
      for (const i of others) {
        const s = (rows[from + i] as readonly unknown[])[position] as string;
        // DuckDB encodes a JS string itself, but reads it as a C string: one holding NUL goes in as bytes.
        if (s.includes('\0')) bindings.vector_assign_string_element_len(vector, i, this.#encoder.encode(s));
        else bindings.vector_assign_string_element(vector, i, s);
      }
    }
    if (nulls > 0) {
      bindings.vector_ensure_validity_writable(vector);
      bindings.copy_data_to_vector_validity(vector, 0, validity.buffer, 0, Math.ceil(count / 64) * 8);
    }
  }
}
