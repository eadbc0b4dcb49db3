import { MeshError } from '../core/errors.ts';

/** The smallest memory limit an engine accepts here: below it DuckDB cannot run the platform's own statements. */
export const MIN_MEMORY_LIMIT_BYTES = 64 * 1024 * 1024;

const UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/**
 * Reads a memory limit written as a size, such as `512MB`, `2GiB` or `1.5 GB` (decimal and binary units, case
 * ignored), into bytes; a number alone is bytes.
 * @param source Names where the value came from in the error, e.g. `--memory-limit`.
 * @throws MeshError `invalid_input` for text that is not a size, or a size under 64 MiB.
 * @example parseMemoryLimit('2GiB', '--memory-limit') // 2147483648
 */
export function parseMemoryLimit(text: string, source: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]i?b|b)?\s*$/i.exec(text);
  const unit = UNITS[(match?.[2] ?? 'b').toLowerCase()];
  if (match === null || unit === undefined) {
    throw new MeshError(
      'invalid_input',
      `${source} must be a size such as 512MB, 2GB or 4GiB, got ${JSON.stringify(text)}`,
    );
  }
  const bytes = Math.floor(Number(match[1]) * unit);
  if (bytes < MIN_MEMORY_LIMIT_BYTES) {
    throw new MeshError('invalid_input', `${source} must be at least 64MiB, got ${JSON.stringify(text)}`);
  }
  return bytes;
}
