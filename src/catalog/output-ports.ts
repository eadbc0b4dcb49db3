import { DEFAULT_PORT } from '../core/access-spec.ts';
import type { ProductDescriptor } from '../core/descriptor.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../engine/engine.ts';

/** How consumers read a product: one named port serving one version's table, by filtered query or file export. */
export interface OutputPort {
  /** The port's name; access requests and grants name it. */
  readonly name: string;
  /** The product version (and so the contract) the port serves. */
  readonly version: string;
  /** The table holding the served version's records. */
  readonly table: string;
  /** Ways to read through the port: filtered queries (CLI, SDK) and exports to files. */
  readonly query: true;
  readonly exportFormats: readonly ExportFormat[];
  /**
   * Set on the port of an older published major that still has its table: the `version` to read it with
   * (`query --version 1`). Consumers may use it while the current major's migration window is open.
   */
  readonly readAs?: string;
}

/** An older published major that keeps its table: its newest version, that table, and how to ask for it. */
export interface OlderMajor {
  readonly version: string;
  readonly table: string;
  readonly readAs: string;
}

/**
 * The output ports of a product as the catalog lists them. Every product has one port, `default`, serving its current
 * version until descriptors can declare their own (access requests and grants already name the port), and the same
 * port serving each older major that keeps its table, newest first.
 */
export function outputPortsOf(
  descriptor: ProductDescriptor,
  table: string,
  older: readonly OlderMajor[] = [],
): OutputPort[] {
  return [
    {
      name: DEFAULT_PORT,
      version: descriptor.version,
      table,
      query: true,
      exportFormats: [...EXPORT_FORMATS],
    },
    ...older.map((o) => ({
      name: DEFAULT_PORT,
      version: o.version,
      table: o.table,
      query: true as const,
      exportFormats: [...EXPORT_FORMATS],
      readAs: o.readAs,
    })),
  ];
}
