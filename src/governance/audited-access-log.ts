import {
  AccessLog,
  type AccessLogEntry,
  type AccessLogQuery,
  type NewAccessLogEntry,
  type UsageDay,
} from '../catalog/access-log.ts';
import type { EngineSession } from '../engine/engine.ts';
import { type AuditLog, isEngine, type NewAuditEntry } from './audit-log.ts';
import type { ReadTrail } from './read-trail.ts';

/**
 * The access log as a view of the audit log: every access-log entry (reads, writes, lifecycle changes, denied
 * attempts) is also appended to the hash-chained audit log as action `product.<operation>`: a write's entries in the
 * write's own transaction; a successful read's entries through the {@link ReadTrail} (a group commit), when one is
 * given. The access-log table stays as the fast, per-product projection the metrics and `meshwork log` read; reading
 * it through this log first commits the queued reads.
 */
export class AuditedAccessLog extends AccessLog {
  readonly #audit: AuditLog;
  readonly #principal: string;
  readonly #trail: ReadTrail | undefined;

  constructor(audit: AuditLog, principal: string, trail?: ReadTrail) {
    super();
    this.#audit = audit;
    this.#principal = principal;
    this.#trail = trail;
  }

  #auditEntry(entry: NewAccessLogEntry): NewAuditEntry {
    return {
      at: entry.at,
      actor: entry.actor,
      principal: this.#principal,
      action: `product.${entry.operation}`,
      target: entry.productId,
      outcome: entry.outcome,
      details: {
        version: entry.productVersion,
        parameters: entry.parameters,
        rowsAffected: entry.rowsAffected,
        ...(entry.message === null ? {} : { message: entry.message }),
      },
    };
  }

  override async record(s: EngineSession, entry: NewAccessLogEntry): Promise<void> {
    if (isEngine(s)) {
      await s.transaction((tx) => this.record(tx, entry));
      return;
    }
    await super.record(s, entry);
    await this.#audit.append(s, this.#auditEntry(entry));
  }

  /**
   * Queues a successful read's entries for the next group commit (on a writable store with a trail); otherwise
   * records them at once.
   */
  override recordRead(s: EngineSession, entry: NewAccessLogEntry): Promise<void> {
    if (this.#trail === undefined || !isEngine(s) || s.readOnly) return this.record(s, entry);
    return this.#trail.add({ access: entry, audit: this.#auditEntry(entry) });
  }

  async #flushed(s: EngineSession): Promise<void> {
    if (this.#trail !== undefined && isEngine(s) && !s.readOnly) await this.#trail.flush();
  }

  override async list(s: EngineSession, q: AccessLogQuery = {}): Promise<AccessLogEntry[]> {
    await this.#flushed(s);
    return super.list(s, q);
  }

  override async readers(
    s: EngineSession,
    productIds: readonly string[],
  ): Promise<Map<string, { actor: string; reads: number; lastReadAt: string }[]>> {
    await this.#flushed(s);
    return super.readers(s, productIds);
  }

  override async byDay(s: EngineSession, productId: string, since: string): Promise<UsageDay[]> {
    await this.#flushed(s);
    return super.byDay(s, productId, since);
  }

  override async counts(s: EngineSession, productId: string): Promise<Record<string, number>> {
    await this.#flushed(s);
    return super.counts(s, productId);
  }
}
