import type { MeshClient } from '../../client/mesh-client.ts';
import { MeshError } from '../../core/errors.ts';
import type { FilterInput } from '../../core/filter/to-filter.ts';
import type { QueryOptions, QueryResult } from '../../product/query-options.ts';
import type { NewSegment } from '../../product/segments/product-segments.ts';
import type { SegmentDefinition } from '../../product/segments/segment-definition.ts';
import { expression, order } from './remote-query-values.ts';

/** The product's segments: statistics, members, and creating and removing them, through the segment routes. */
export function remoteSegments(client: MeshClient, id: string) {
  return {
    list: () => client.segmentDefinitions(id),
    statistics: async () => (await client.segments(id)).statistics,
    statistic: (name: string) => client.segment(id, name),
    /** Finds one segment in the list (a catalog read, not a counted one), with the store's message when missing. */
    get: async (name: string): Promise<SegmentDefinition> => {
      const all = await client.segmentDefinitions(id);
      const found = all.find((s) => s.name === name);
      if (found !== undefined) return found;
      const known = all.map((s) => s.name);
      throw new MeshError(
        'not_found',
        `product ${id} has no segment ${name}${known.length > 0 ? `; its segments: ${known.join(', ')}` : '; create one with `meshwork segments create`'}`,
        { details: { productId: id, segment: name } },
      );
    },
    create: (segment: NewSegment) => client.createSegment(id, segment),
    remove: async (name: string): Promise<void> => {
      await client.removeSegment(id, name);
    },
    /** A segment's members: one page with a limit (the server caps it), else every page. */
    members: async (
      name: string,
      options: QueryOptions & { readonly where?: FilterInput } = {},
    ): Promise<QueryResult> => {
      const where = expression(options.where, 'segments show');
      const base = {
        ...(where === undefined ? {} : { filter: where }),
        ...(options.columns === undefined ? {} : { columns: options.columns }),
        ...(options.orderBy === undefined ? {} : { order: order(options.orderBy) ?? [] }),
      };
      if (options.limit === 0) return { rows: [], nextCursor: null };
      if (options.limit !== undefined) {
        const page = await client.segmentMembers(id, name, {
          ...base,
          limit: options.limit,
          ...(options.cursor === undefined ? {} : { cursor: String(options.cursor) }),
        });
        return { rows: page.rows, nextCursor: page.nextCursor };
      }
      const rows: QueryResult['rows'] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = await client.segmentMembers(id, name, {
          ...base,
          ...(cursor === undefined ? {} : { cursor }),
        });
        rows.push(...page.rows);
        if (page.nextCursor === null) return { rows, nextCursor: null };
        cursor = page.nextCursor;
      }
    },
  };
}
