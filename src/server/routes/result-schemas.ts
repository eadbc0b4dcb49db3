import { z } from '@hono/zod-openapi';

const IssueSchema = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  code: z.string(),
  message: z.string(),
});

/** What an ingest did (`IngestResult`), with each rejected record's reasons and, for NDJSON, its line. */
export const IngestResultSchema = z
  .looseObject({
    total: z.number().int(),
    accepted: z.number().int(),
    skipped: z.number().int(),
    updated: z.number().int(),
    interrupted: z.boolean(),
    rejectedCount: z.number().int(),
    batches: z.number().int(),
    rejected: z.array(
      z.looseObject({
        index: z.number().int(),
        line: z.number().int().nullable().optional(),
        issues: z.array(IssueSchema),
      }),
    ),
  })
  .openapi('IngestResult');

/** A product descriptor as the catalog holds it (`ProductDescriptor`); more fields follow the product spec. */
export const ProductDescriptorSchema = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    domain: z.string(),
    owner: z.string(),
    description: z.string(),
    version: z.string(),
    status: z.enum(['draft', 'published', 'deprecated', 'archived']),
    tags: z.array(z.string()),
    schema: z.looseObject({ fields: z.array(z.looseObject({ name: z.string(), type: z.string() })) }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('ProductDescriptor');

/** The product list. */
export const ProductListSchema = z
  .object({ products: z.array(ProductDescriptorSchema) })
  .openapi('ProductList');

/** A domain with its product counts (`DomainSummary`). */
export const DomainSchema = z
  .looseObject({
    name: z.string(),
    description: z.string().nullable(),
    ownerTeam: z.string().nullable(),
    products: z.record(z.string(), z.number().int()),
  })
  .openapi('Domain');

/** Search hits with facets. */
export const SearchResultSchema = z
  .object({
    hits: z.array(
      z.looseObject({
        productId: z.string(),
        score: z.number(),
        name: z.string(),
        domain: z.string(),
        status: z.string(),
      }),
    ),
    facets: z.record(z.string(), z.record(z.string(), z.number().int())),
  })
  .openapi('SearchResult');

/** A product's usage metrics and SLA status (`MetricsResult`); more fields follow `ProductMetrics`. */
export const MetricsResultSchema = z
  .object({
    metrics: z.looseObject({
      productId: z.string(),
      version: z.string(),
      totalRecords: z.number().int(),
      accessesByOperation: z.record(z.string(), z.number().int()),
      totalAccesses: z.number().int(),
      byDay: z
        .array(z.object({ day: z.string(), reads: z.number().int(), writes: z.number().int() }))
        .openapi({
          description:
            "successful reads (query, export) and writes that changed rows (ingest, update, remove, refresh) per UTC day over the last 30 days, oldest first, zero on a day without any; from the product's access log, so no audit-log right is needed",
        }),
    }),
    sla: z.looseObject({ verdict: z.string() }),
  })
  .openapi('MetricsResult');
