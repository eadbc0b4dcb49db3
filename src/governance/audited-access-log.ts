import { AccessLog, type NewAccessLogEntry } from '../catalog/access-log.ts';
import type { EngineSession } from '../engine/engine.ts';
import { type AuditLog, isEngine } from './audit-log.ts';

/**
 * The access log as a view of the audit log: every access-log entry (reads, writes, lifecycle changes, denied
 * attempts) is also appended to the hash-chained audit log, in the same transaction, as action `product.<operation>`.
 * The access-log table stays as the fast, per-product projection the metrics and `meshwork log` read.
 */
export class AuditedAccessLog extends AccessLog {
  readonly #audit: AuditLog;
  readonly #principal: string;

  constructor(audit: AuditLog, principal: string) {
    super();
    this.#audit = audit;
    this.#principal = principal;
  }

  override async record(s: EngineSession, entry: NewAccessLogEntry): Promise<void> {
    if (isEngine(s)) {
      await s.transaction((tx) => this.record(tx, entry));
      return;
    }
    await super.record(s, entry);
    await this.#audit.append(s, {
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
    });
  }
}
