import type { Field, FieldConstraints, Scalar } from '../core/schema.ts';
import {
  fieldTypeToLogicalType,
  fieldTypeToPhysicalType,
  odcsToFieldType,
  physicalToFieldType,
} from './field-type-mapping.ts';
import { isPiiProperty, piiImpliedByLabels } from './pii-rule.ts';
import { asObject, deepEqual } from './plain-data.ts';
import {
  dropIfEmpty,
  type EditableObject,
  ensureArray,
  ensureObject,
  setCustomProperty,
  setOrDelete,
} from './plain-edit.ts';

type ConstraintKey = keyof Omit<FieldConstraints, 'enum'>;

const STRING_KEYS: readonly ConstraintKey[] = ['format', 'pattern', 'minLength', 'maxLength'];
const NUMBER_KEYS: readonly ConstraintKey[] = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'];

/** The field constraints ODCS can hold in `logicalTypeOptions` for a field type. */
function constraintKeys(field: Field): readonly ConstraintKey[] {
  if (field.type === 'string') return STRING_KEYS;
  if (field.type === 'integer' || field.type === 'number') return NUMBER_KEYS;
  return [];
}

function constraintOptions(field: Field): EditableObject | undefined {
  const out: EditableObject = {};
  for (const key of constraintKeys(field)) if (field[key] !== undefined) out[key] = field[key];
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The ODCS quality entry Meshwork writes for a field's allowed values. */
export function allowedValuesQuality(values: readonly Scalar[]): EditableObject {
  return {
    metric: 'invalidValues',
    arguments: { validValues: [...values] },
    mustBe: 0,
    dimension: 'conformity',
  };
}

/** Builds a new ODCS property for a field; `keyPosition` is its 1-based place in the primary key, or 0. */
export function newOdcsProperty(field: Field, keyPosition: number, keySize: number): EditableObject {
  const p: EditableObject = { name: field.name };
  if (field.description !== undefined) p.description = field.description;
  p.logicalType = fieldTypeToLogicalType(field.type);
  p.physicalType = fieldTypeToPhysicalType(field.type);
  p.required = field.required;
  if (keyPosition > 0) {
    p.primaryKey = true;
    if (keySize > 1) p.primaryKeyPosition = keyPosition;
  }
  if (field.classification !== undefined) p.classification = field.classification;
  const options = constraintOptions(field);
  if (options !== undefined) p.logicalTypeOptions = options;
  if (field.examples !== undefined) p.examples = [...field.examples];
  if (Boolean(field.pii) !== piiImpliedByLabels(field.classification, undefined)) {
    setCustomProperty(p, 'pii', Boolean(field.pii));
  }
  if (field.masking !== undefined) setCustomProperty(p, 'masking', field.masking);
  if (field.enum !== undefined) p.quality = [allowedValuesQuality(field.enum)];
  return p;
}

/** What {@link updateOdcsProperty} needs to know about the property as it was imported. */
export interface PropertyUpdate {
  readonly field: Field;
  /** The field as imported from the property before the change. */
  readonly before: Field;
  readonly keyPosition: number;
  readonly keySize: number;
  /**
   * Whether the spec's primary key differs from the one imported. When it does not, `primaryKey` and
   * `primaryKeyPosition` stay exactly as the author wrote them (positions on some key properties but not on others
   * read back as the same key).
   */
  readonly keyChanged: boolean;
  /** Index in the property's `quality` list of the entry holding its allowed values, if any. */
  readonly enumIndex: number | undefined;
  /** Collects `quality` indexes to delete once every in-place change is made. */
  readonly removeQuality: (index: number) => void;
}

/** Changes an existing ODCS property in place so that it maps to `field`, touching only what differs. */
export function updateOdcsProperty(p: EditableObject, update: PropertyUpdate): void {
  const { field: f, before: g } = update;
  if (g.type !== f.type) {
    p.logicalType = fieldTypeToLogicalType(f.type);
    // Keep a physical type that still fits (or that Meshwork does not know, such as a database domain type).
    const physical = typeof p.physicalType === 'string' ? physicalToFieldType(p.physicalType) : undefined;
    if (
      (physical !== undefined && physical !== f.type) ||
      odcsToFieldType(p.logicalType, p.physicalType).type !== f.type
    ) {
      p.physicalType = fieldTypeToPhysicalType(f.type);
    }
    setOrDelete(p, 'logicalTypeOptions', constraintOptions(f));
  } else {
    for (const key of constraintKeys(f)) {
      if (f[key] === g[key]) continue;
      setOrDelete(ensureObject(p, 'logicalTypeOptions'), key, f[key]);
      dropIfEmpty(p, 'logicalTypeOptions');
    }
  }
  if (update.keyChanged) updateKey(p, update.keyPosition, update.keySize);
  if ((p.required === true || p.primaryKey === true) !== f.required) p.required = f.required;
  if (g.description !== f.description) setOrDelete(p, 'description', f.description);
  if (g.classification !== f.classification) setOrDelete(p, 'classification', f.classification);
  if (!deepEqual(g.examples, f.examples))
    setOrDelete(p, 'examples', f.examples === undefined ? undefined : [...f.examples]);
  if (g.masking !== f.masking) setCustomProperty(p, 'masking', f.masking);
  if (isPiiProperty(p) !== Boolean(f.pii)) {
    setCustomProperty(p, 'pii', undefined);
    if (isPiiProperty(p) !== Boolean(f.pii)) setCustomProperty(p, 'pii', Boolean(f.pii));
  }
  if (!deepEqual(g.enum, f.enum)) {
    const quality = Array.isArray(p.quality) ? p.quality : undefined;
    const entry = update.enumIndex === undefined ? undefined : asObject(quality?.[update.enumIndex]);
    if (f.enum === undefined) {
      if (update.enumIndex !== undefined) update.removeQuality(update.enumIndex);
    } else if (quality !== undefined && entry !== undefined && update.enumIndex !== undefined) {
      quality[update.enumIndex] = {
        ...entry,
        arguments: { ...asObject(entry.arguments), validValues: [...f.enum] },
      };
    } else {
      ensureArray(p, 'quality').push(allowedValuesQuality(f.enum));
    }
  }
}

function updateKey(p: EditableObject, position: number, size: number): void {
  const hasPosition = typeof p.primaryKeyPosition === 'number' && p.primaryKeyPosition > 0;
  if (position > 0) {
    if (p.primaryKey !== true) p.primaryKey = true;
    if ((size > 1 || hasPosition) && p.primaryKeyPosition !== position) p.primaryKeyPosition = position;
  } else if (p.primaryKey === true) {
    p.primaryKey = false;
    if (hasPosition) p.primaryKeyPosition = -1;
  }
}
