import type { Sla } from '../core/sla.ts';
import { asArray, asNumber, asObject, asString, type PlainObject } from './plain-data.ts';

/** The SLA targets of a Meshwork product. */
export type SlaKey = keyof Sla;

/** The SLA keys in the order Meshwork writes them. */
export const SLA_KEYS = [
  'availability',
  'freshnessMinutes',
  'completeness',
  'accuracy',
] as const satisfies readonly SlaKey[];

const UNIT_GROUPS: readonly (readonly [number, string])[] = [
  [1 / 60_000, 'ms millisecond milliseconds'],
  [1 / 60, 's sec secs second seconds'],
  [1, 'm min mins minute minutes'],
  [60, 'h hr hrs hour hours'],
  [1440, 'd day days'],
  [10_080, 'w wk wks week weeks'],
  [43_200, 'mo mon month months'],
  [525_600, 'y yr yrs year years'],
];

const UNIT_MINUTES: ReadonlyMap<string, number> = new Map(
  UNIT_GROUPS.flatMap(([minutes, names]) => names.split(' ').map((n) => [n, minutes] as const)),
);

/** Tells how many minutes one of a duration unit is (`d`, `days`, `h`, `min`, …), or undefined when unknown. */
export function unitMinutes(unit: string): number | undefined {
  return UNIT_MINUTES.get(unit.trim().toLowerCase());
}

const ISO_DURATION =
  /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/**
 * Converts a duration to minutes: a number with a unit (`4`, `d`), a string with its unit (`25h`, `10 min`)
 * or an ISO 8601 duration (`PT1H`); undefined when the unit is missing or unknown.
 */
export function durationToMinutes(value: unknown, unit?: unknown): number | undefined {
  const n = asNumber(value);
  if (n !== undefined) {
    const per = typeof unit === 'string' ? unitMinutes(unit) : undefined;
    return per === undefined ? undefined : n * per;
  }
  const s = asString(value)?.trim();
  if (s === undefined) return undefined;
  const iso = ISO_DURATION.exec(s);
  if (iso !== null && s.length > 1 && s.toUpperCase() !== 'PT') {
    const [, y, mo, w, d, h, mi, sec] = iso.map((part) => (part === undefined ? 0 : Number(part)));
    return (
      (y ?? 0) * 525_600 +
      (mo ?? 0) * 43_200 +
      (w ?? 0) * 10_080 +
      (d ?? 0) * 1440 +
      (h ?? 0) * 60 +
      (mi ?? 0) +
      (sec ?? 0) / 60
    );
  }
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(s);
  if (m?.[1] !== undefined && m[2] !== undefined) {
    const per = unitMinutes(m[2]);
    return per === undefined ? undefined : Number(m[1]) * per;
  }
  return typeof unit === 'string' && /^\d+(?:\.\d+)?$/.test(s)
    ? durationToMinutes(Number(s), unit)
    : undefined;
}

/**
 * Reads a percentage: `99.9%`, `99.9` with unit `percent`/`%`, or a bare fraction up to 1 (`0.999` → 99.9),
 * as DPDS writes them; undefined when it is not a number.
 */
export function percentValue(value: unknown, unit?: unknown): number | undefined {
  const s = typeof value === 'string' ? value.trim() : undefined;
  if (s?.endsWith('%')) {
    const n = Number(s.slice(0, -1));
    return Number.isFinite(n) ? n : undefined;
  }
  const n = s !== undefined && s !== '' ? Number(s) : asNumber(value);
  if (n === undefined || !Number.isFinite(n)) return undefined;
  const isPercentUnit = typeof unit === 'string' && /^(%|percent|percentage|pct)$/i.test(unit.trim());
  return !isPercentUnit && n > 0 && n <= 1 ? round(n * 100) : n;
}

function round(n: number): number {
  return Math.round(n * 1e9) / 1e9;
}

/** The SLA read from an ODCS `slaProperties` list, with the index each target came from. */
export interface ImportedSla {
  readonly sla: Sla;
  readonly origins: Readonly<Partial<Record<SlaKey, number>>>;
  /** The `element` (`object.column`) the freshness target is measured on, when given. */
  readonly freshnessElement?: string;
}

/**
 * Reads Meshwork's SLA from ODCS `slaProperties`: `availability`, `completeness` and `accuracy` as percentages,
 * freshness from a `freshness` entry or else a `latency` entry, with its unit converted to minutes.
 */
export function importSla(slaProperties: unknown): ImportedSla {
  const sla: { -readonly [K in SlaKey]?: number } = {};
  const origins: Partial<Record<SlaKey, number>> = {};
  const entries = asArray(slaProperties).map((raw) => {
    const entry = asObject(raw);
    return { entry, property: asString(entry?.property)?.toLowerCase() };
  });
  entries.forEach(({ entry, property }, index) => {
    if (entry === undefined) return;
    if (property === 'availability' || property === 'completeness' || property === 'accuracy') {
      const v = percentValue(entry.value, entry.unit);
      if (v !== undefined && origins[property] === undefined) {
        sla[property] = v;
        origins[property] = index;
      }
    }
  });
  let freshnessElement: string | undefined;
  for (const wanted of ['freshness', 'latency']) {
    const index = entries.findIndex(
      ({ entry, property }) =>
        property === wanted && durationToMinutes(entry?.value, entry?.unit) !== undefined,
    );
    const entry = entries[index]?.entry;
    const minutes = durationToMinutes(entry?.value, entry?.unit);
    if (entry === undefined || minutes === undefined) continue;
    sla.freshnessMinutes = minutes;
    origins.freshnessMinutes = index;
    freshnessElement = asString(entry.element);
    break;
  }
  return freshnessElement === undefined ? { sla, origins } : { sla, origins, freshnessElement };
}

/** Builds the ODCS `slaProperties` entry Meshwork writes for one SLA target. */
export function slaEntry(key: SlaKey, value: number): PlainObject {
  if (key === 'freshnessMinutes') return { property: 'freshness', value, unit: 'min' };
  return { property: key, value, unit: 'percent' };
}

/**
 * Returns a copy of an existing `slaProperties` entry holding a new target, written in the entry's own unit
 * when the value fits it (e.g. 2880 minutes in an entry counted in `d` becomes `2`).
 */
export function updateSlaEntry(entry: PlainObject, key: SlaKey, value: number): PlainObject {
  if (key === 'freshnessMinutes') {
    const unit = asString(entry.unit);
    const per = unit === undefined ? undefined : unitMinutes(unit);
    if (per !== undefined && Number.isInteger(round(value / per)))
      return { ...entry, value: round(value / per) };
    return { ...entry, value, unit: 'min' };
  }
  if (typeof entry.value === 'string' && entry.value.trim().endsWith('%'))
    return { ...entry, value: `${value}%` };
  const wasFraction =
    entry.unit === undefined && typeof entry.value === 'number' && entry.value > 0 && entry.value <= 1;
  return { ...entry, value: wasFraction ? round(value / 100) : value };
}
