import type { ProductSpec } from '../core/descriptor.ts';
import type { Sla } from '../core/sla.ts';
import { compileQualityChecks } from './compile-quality-checks.ts';
import { type ContractChange, type ContractDiff, change, toContractDiff } from './contract-change.ts';
import { type ContractToSpecOptions, contractToSpec, documentData } from './contract-to-spec.ts';
import { diffSchemas } from './diff-fields.ts';
import { diffSchemaObjects } from './diff-schema-objects.ts';
import { asArray, asObject, asString, deepEqual } from './plain-data.ts';
import { isProductSpec, type QualityCheck } from './quality-check.ts';
import { compareThresholds, isZeroTolerance } from './quality-threshold.ts';
import { SLA_KEYS } from './sla-mapping.ts';
import type { SourceDocument } from './source-document.ts';

/** One side of a diff: a product spec, or an ODCS contract (document or plain data) for servers and quality too. */
export type DiffInput = ProductSpec | SourceDocument | Readonly<Record<string, unknown>>;

/**
 * Lists what changed between two versions of a contract and whether each change is breaking (see
 * docs/contracts.md for the rules). Specs compare schema, key, rules and SLA; ODCS contracts compare every schema
 * object (matched by name) with its nested properties at every depth, and also their declared quality checks and
 * servers.
 * @example const diff = diffContracts(readContractDocument(oldText), readContractDocument(newText))
 */
export function diffContracts(
  before: DiffInput,
  after: DiffInput,
  options: ContractToSpecOptions = {},
): ContractDiff {
  const a = toSpec(before, options);
  const b = toSpec(after, options);
  if (isProductSpec(before) || isProductSpec(after)) return toContractDiff(diffSpecs(a, b));
  return toContractDiff(diffWithContracts(a, b, before, after, options));
}

/** One version of a product as `meshwork diff` and `publish` see it: its spec and, when read from files, its ODCS contract. */
export interface ProductVersion {
  readonly spec: ProductSpec;
  /** The ODCS contract the spec was read from; undefined for a Meshwork YAML product or an SDK spec. */
  readonly contract?: SourceDocument | Readonly<Record<string, unknown>> | undefined;
}

/**
 * Lists what changed between two versions of a product: with an ODCS contract on both sides, the product's facts and
 * SLA come from the specs and the schema (every object, nested properties at every depth), quality checks and
 * servers from the contracts; otherwise the specs are compared. `meshwork diff` and `publish` both use it.
 * @example checkVersionBump(old.spec.version, next.spec.version, diffVersions(old, next).changes)
 */
export function diffVersions(before: ProductVersion, after: ProductVersion): ContractDiff {
  if (before.contract === undefined || after.contract === undefined)
    return toContractDiff(diffSpecs(before.spec, after.spec));
  return toContractDiff(diffWithContracts(before.spec, after.spec, before.contract, after.contract, {}));
}

/** Two specs: their facts, their one schema and their SLA. */
function diffSpecs(a: ProductSpec, b: ProductSpec): ContractChange[] {
  return [...diffFacts(a, b), ...diffSchemas(a.schema, b.schema), ...diffSla(a.sla, b.sla)];
}

/** Two specs with the contracts they were read from: the schema, quality checks and servers come from the contracts. */
function diffWithContracts(
  a: ProductSpec,
  b: ProductSpec,
  before: SourceDocument | Readonly<Record<string, unknown>>,
  after: SourceDocument | Readonly<Record<string, unknown>>,
  options: ContractToSpecOptions,
): ContractChange[] {
  return [
    ...diffFacts(a, b),
    ...diffSchemaObjects(documentData(before), documentData(after)),
    ...diffSla(a.sla, b.sla),
    ...diffDeclared(before, after, options),
  ];
}

/** The product's own facts: id, name, owner, description, tags, quality level and upstream products. */
function diffFacts(a: ProductSpec, b: ProductSpec): ContractChange[] {
  const changes: ContractChange[] = [];
  if (a.id !== b.id)
    changes.push(change('product_id_changed', 'id', `the product id changed from ${a.id} to ${b.id}`));
  if (a.name !== b.name)
    changes.push(change('name_changed', 'name', `the name changed from "${a.name}" to "${b.name}"`));
  if (a.owner !== b.owner)
    changes.push(
      change(
        'owner_changed',
        'owner',
        `the owner changed from ${a.owner || 'nobody'} to ${b.owner || 'nobody'}`,
      ),
    );
  if (a.description !== b.description)
    changes.push(change('description_changed', 'description', 'the product description changed'));
  if (!deepEqual(a.tags, b.tags))
    changes.push(change('tags_changed', 'tags', `the tags changed to ${b.tags.join(', ') || 'none'}`));
  if (a.qualityLevel !== b.qualityLevel) {
    changes.push(
      change(
        'quality_level_changed',
        'qualityLevel',
        `the quality level changed from ${a.qualityLevel} to ${b.qualityLevel}`,
      ),
    );
  }
  if (!deepEqual(a.upstream, b.upstream))
    changes.push(change('upstream_changed', 'upstream', 'the upstream products changed'));
  return changes;
}

/**
 * Lists what changed between two ODCS contracts beyond what their specs hold: declared quality checks (added,
 * removed, tightened, loosened) and servers. `diffContracts` on the two contracts includes these; this is for a
 * caller that already compared the specs.
 * @example diffDeclared(previousContract, contract).filter((c) => c.kind === 'breaking')
 */
export function diffDeclared(
  before: SourceDocument | Readonly<Record<string, unknown>>,
  after: SourceDocument | Readonly<Record<string, unknown>>,
  options: ContractToSpecOptions = {},
): ContractChange[] {
  return [...diffQuality(before, after, options), ...diffServers(documentData(before), documentData(after))];
}

function toSpec(input: DiffInput, options: ContractToSpecOptions): ProductSpec {
  return isProductSpec(input) ? input : contractToSpec(input, undefined, options);
}

const SLA_LABELS: Readonly<Record<keyof Sla, string>> = {
  availability: 'availability (%)',
  completeness: 'completeness (%)',
  accuracy: 'accuracy (%)',
  freshnessMinutes: 'freshness (minutes)',
};

/** SLA targets: lower percentages and more freshness minutes weaken the promise. */
function diffSla(a: Sla, b: Sla): ContractChange[] {
  const out: ContractChange[] = [];
  for (const key of SLA_KEYS) {
    const before = a[key];
    const after = b[key];
    if (before === after) continue;
    const path = `sla.${key}`;
    const label = SLA_LABELS[key];
    if (after === undefined) {
      out.push(change('sla_weakened', path, `the ${label} target ${before} was dropped`));
    } else if (before === undefined) {
      out.push(change('sla_strengthened', path, `a ${label} target of ${after} was added`));
    } else {
      const weaker = key === 'freshnessMinutes' ? after > before : after < before;
      out.push(
        change(
          weaker ? 'sla_weakened' : 'sla_strengthened',
          path,
          `the ${label} target changed from ${before} to ${after}`,
        ),
      );
    }
  }
  return out;
}

/**
 * Declared quality checks, matched by id. Checks the spec already covers (allowed values and not-null checks with
 * zero tolerance, and rules) are compared as schema changes instead.
 */
function diffQuality(before: DiffInput, after: DiffInput, options: ContractToSpecOptions): ContractChange[] {
  const own = (input: DiffInput): Map<string, QualityCheck> =>
    new Map(
      compileQualityChecks(input, options)
        .filter((c) => c.origin === 'declared' && !coveredBySpec(c))
        .map((c) => [c.id, c]),
    );
  const a = own(before);
  const b = own(after);
  const out: ContractChange[] = [];
  for (const [id, check] of b) {
    const old = a.get(id);
    const path = `quality.${id}`;
    if (old === undefined) {
      out.push(change('quality_check_added', path, `quality check ${id} (${check.kind}) was added`));
      continue;
    }
    // Where an entry stands in the document is not part of what it checks.
    const { threshold: t1, description: _d1, path: _p1, ...restOld } = old;
    const { threshold: t2, description: _d2, path: _p2, ...restNew } = check;
    if (!deepEqual(restOld, restNew)) {
      out.push(change('quality_changed', path, `quality check ${id} now measures something else`));
      continue;
    }
    const cmp = compareThresholds(t1, t2);
    if (cmp === 'tighter')
      out.push(change('quality_tightened', path, `quality check ${id} has a stricter threshold`));
    if (cmp === 'looser')
      out.push(
        change(
          'quality_loosened',
          path,
          `quality check ${id} has a looser threshold; consumers get weaker guarantees`,
        ),
      );
    if (cmp === 'changed')
      out.push(change('quality_changed', path, `quality check ${id} has a different threshold`));
  }
  for (const id of a.keys()) {
    if (!b.has(id))
      out.push(
        change(
          'quality_check_removed',
          `quality.${id}`,
          `quality check ${id} was removed; consumers lose that guarantee`,
        ),
      );
  }
  return out;
}

function coveredBySpec(check: QualityCheck): boolean {
  if (check.kind === 'rule') return true;
  const zero = check.unit === 'rows' && isZeroTolerance(check.threshold);
  return zero && (check.kind === 'allowed_values' || check.kind === 'not_null');
}

/** Servers, matched by their `server` name (or `id`). */
function diffServers(before: unknown, after: unknown): ContractChange[] {
  const servers = (data: unknown): Map<string, unknown> =>
    new Map(
      asArray(asObject(data)?.servers).map((s, i) => {
        const obj = asObject(s);
        return [asString(obj?.server) ?? asString(obj?.id) ?? String(i), s] as const;
      }),
    );
  const a = servers(before);
  const b = servers(after);
  const out: ContractChange[] = [];
  for (const [name, server] of b) {
    const old = a.get(name);
    if (old === undefined) out.push(change('server_added', `servers.${name}`, `server ${name} was added`));
    else if (!deepEqual(old, server))
      out.push(
        change(
          'server_changed',
          `servers.${name}`,
          `server ${name} changed; consumers connecting to it may break`,
        ),
      );
  }
  for (const name of a.keys()) {
    if (!b.has(name)) out.push(change('server_removed', `servers.${name}`, `server ${name} was removed`));
  }
  return out;
}
