import type { AccessSpec } from './access-spec.ts';
import type { AnalyticsSpec } from './analytics-spec.ts';
import type { DerivedSpec } from './derived-spec.ts';
import type { ProductStatus } from './lifecycle.ts';
import type { QualityLevel } from './quality-level.ts';
import type { QualityLevelRules } from './quality-level-rules.ts';
import type { Schema } from './schema.ts';
import type { SegmentSpec } from './segment-spec.ts';
import type { Sla } from './sla.ts';

/** Everything a team writes to describe a product; the platform fills in status and times. */
export interface ProductSpec {
  /** `domain.name`, lowercase, e.g. `sales.transactions`. */
  readonly id: string;
  /** Human-friendly title; defaults to the name part of the id. */
  readonly name: string;
  readonly domain: string;
  /** The owning team or person. */
  readonly owner: string;
  readonly description: string;
  readonly tags: readonly string[];
  /** Semantic version of the product and its contract. */
  readonly version: string;
  readonly qualityLevel: QualityLevel;
  readonly schema: Schema;
  readonly sla: Sla;
  /** Ids of the products (or external sources) this product is built from. */
  readonly upstream: readonly string[];
  /** Named measures and breakdowns, computed by the engine on every read. */
  readonly analytics?: AnalyticsSpec;
  /** Named subsets of records, each a filter expression evaluated afresh on every read. */
  readonly segments?: readonly SegmentSpec[];
  /** What the measured quality must show for each level above bronze. */
  readonly qualityLevels?: QualityLevelRules;
  /** For a product computed from others: its SQL transformation over the input products. */
  readonly derived?: DerivedSpec;
  /** How consumers get access: auto-approval of requests and the migration window for old major versions. */
  readonly access?: AccessSpec;
}

/** A product as the catalog holds it: the spec plus lifecycle state and timestamps. */
export interface ProductDescriptor extends ProductSpec {
  readonly status: ProductStatus;
  /** ISO 8601 time the product was created. */
  readonly createdAt: string;
  /** ISO 8601 time the descriptor last changed. */
  readonly updatedAt: string;
}

/** Splits a product id into its domain and name parts. */
export function splitProductId(id: string): { domain: string; name: string } {
  const dot = id.indexOf('.');
  return { domain: id.slice(0, dot), name: id.slice(dot + 1) };
}

/** The pattern a product id follows: `domain.name`, lowercase letters, digits and underscores. */
export const PRODUCT_ID_PATTERN = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;

/** The pattern a field name follows: letters, digits and underscores, not starting with a digit. */
export const FIELD_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
