import type { AccessSpec, AutoApproveSpec } from './access-spec.ts';
import type { Path, SpecReader } from './spec-reader.ts';

/** Reads a product's optional `access` section, recording every problem on the reader. */
export function readAccessSpec(r: SpecReader, raw: unknown, path: Path): AccessSpec | undefined {
  const obj = r.object(raw, path, 'access');
  if (!obj) return undefined;
  for (const key of Object.keys(obj)) {
    if (key !== 'autoApprove' && key !== 'migrationWindowDays') {
      r.add(
        [...path, key],
        'unknown_key',
        `access.${key} is not known; use autoApprove or migrationWindowDays`,
      );
    }
  }
  let autoApprove: AutoApproveSpec | undefined;
  if (obj.autoApprove != null) {
    const auto = r.object(obj.autoApprove, [...path, 'autoApprove'], 'access.autoApprove');
    if (auto) {
      const purposes = r.stringList(auto.purposes, [...path, 'autoApprove', 'purposes'], 'purposes');
      autoApprove = {
        nonPii: r.boolean(auto, 'nonPii', [...path, 'autoApprove']) ?? false,
        purposes: purposes.map((p) => p.trim()).filter((p) => p !== ''),
      };
    }
  }
  const days = r.number(obj, 'migrationWindowDays', path);
  if (days !== undefined && (!Number.isInteger(days) || days < 0)) {
    r.add(
      [...path, 'migrationWindowDays'],
      'range',
      'access.migrationWindowDays must be a whole number of days',
    );
  }
  return {
    ...(autoApprove === undefined ? {} : { autoApprove }),
    ...(days === undefined || !Number.isInteger(days) || days < 0 ? {} : { migrationWindowDays: days }),
  };
}
