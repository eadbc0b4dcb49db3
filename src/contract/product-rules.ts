import semver from 'semver';
import { readOwner } from './contract-to-spec.ts';
import { asArray, asObject, asString, type DataPath, type PlainObject } from './plain-data.ts';
import type { ProblemCollector } from './problem-collector.ts';

/** A product reference from an ODPS input port. */
export interface InputPortRef {
  readonly name: string;
  readonly contractId: string | undefined;
  readonly version: string | undefined;
}

/** How validation learns which products exist. */
export interface ProductLookup {
  /** Ids (or contract ids) of the products the catalog knows. */
  readonly knownProducts?: ReadonlySet<string>;
  /** Tells whether an input port's product exists; consulted when `knownProducts` does not have it. */
  readonly resolveProduct?: (ref: InputPortRef) => boolean;
}

/** Records `owner_missing` when a document names no owner. */
export function checkOwner(
  c: ProblemCollector,
  owner: string | undefined,
  at: DataPath,
  hint = 'add team: { name: <owning team> } (or a team member with role: owner)',
): void {
  if (owner !== undefined) return;
  c.add('owner_missing', at, 'the document names no owner', hint);
}

/** Records `domain_missing` when a document names no domain. */
export function checkDomain(c: ProblemCollector, domain: unknown, at: DataPath = ['domain']): void {
  if (asString(domain) !== undefined) return;
  c.add(
    'domain_missing',
    at.slice(0, -1),
    'the document names no domain',
    `add ${String(at[at.length - 1])}: <domain>, e.g. sales`,
  );
}

/** Records `version_not_semver` unless the version is an exact semantic version. */
export function checkVersion(c: ProblemCollector, version: unknown, at: DataPath): void {
  if (typeof version === 'string' && semver.valid(version) === version) return;
  const cleaned = typeof version === 'string' ? semver.clean(version) : null;
  c.add(
    'version_not_semver',
    version === undefined ? at.slice(0, -1) : at,
    version === undefined
      ? 'the document has no version'
      : `version ${JSON.stringify(version)} is not a semantic version`,
    cleaned !== null ? `write ${cleaned}` : 'write MAJOR.MINOR.PATCH, e.g. 1.0.0',
  );
}

/** Checks an ODPS product: owner, domain, version and (with a lookup) that every input port's product exists. */
export function checkProductRules(c: ProblemCollector, data: PlainObject, lookup: ProductLookup): void {
  checkOwner(c, readOwner(data.team), ['team']);
  checkDomain(c, data.domain);
  checkVersion(c, data.version, ['version']);
  if (lookup.knownProducts === undefined && lookup.resolveProduct === undefined) return;
  asArray(data.inputPorts).forEach((raw, i) => {
    const port = asObject(raw);
    const name = asString(port?.name);
    if (name === undefined) return;
    const ref: InputPortRef = {
      name,
      contractId: asString(port?.contractId),
      version: asString(port?.version),
    };
    const known =
      lookup.knownProducts?.has(name) === true ||
      (ref.contractId !== undefined && lookup.knownProducts?.has(ref.contractId) === true) ||
      lookup.resolveProduct?.(ref) === true;
    if (!known) {
      c.add(
        'input_product_unknown',
        ['inputPorts', i, 'name'],
        `input port ${name} refers to a product the catalog does not know`,
        'publish that product first, or fix the port name / contractId',
      );
    }
  });
}

/** Checks a Data Contract Specification document: owner and version (`info.owner`, `info.version`). */
export function checkDcsRules(c: ProblemCollector, data: PlainObject): void {
  const info = asObject(data.info);
  checkOwner(c, asString(info?.owner), ['info'], 'add info.owner: <owning team>');
  checkVersion(c, info?.version, ['info', 'version']);
}

/** Checks a DPDS descriptor: owner, domain and version under `info`. */
export function checkDpdsRules(c: ProblemCollector, data: PlainObject): void {
  const info = asObject(data.info);
  const owner = asObject(info?.owner);
  checkOwner(
    c,
    asString(owner?.id) ?? asString(owner?.name),
    ['info'],
    'add info.owner: { id: <owner e-mail> }',
  );
  checkDomain(c, info?.domain, ['info', 'domain']);
  checkVersion(c, info?.version, ['info', 'version']);
}
