import type { EngineSession, Row } from '../engine/engine.ts';

/** A message the platform left for a principal, e.g. that a product they read is deprecated. */
export interface Notification {
  readonly id: number;
  readonly recipient: string;
  /** What happened: `deprecation`, `access_approved`, `access_rejected`, `grant_revoked`, `access_requested`. */
  readonly kind: string;
  readonly productId: string | null;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
}

function toNotification(r: Row): Notification {
  return {
    id: Number(r.id),
    recipient: String(r.recipient),
    kind: String(r.kind),
    productId: r.product_id === null || r.product_id === undefined ? null : String(r.product_id),
    message: String(r.message),
    details: JSON.parse(String(r.details)) as Record<string, unknown>,
    createdAt: String(r.created_at),
  };
}

/** Keeps notifications (`mw_notifications`). */
export class NotificationStore {
  /** Leaves a notification for a principal. */
  async add(s: EngineSession, n: Omit<Notification, 'id'>): Promise<void> {
    await s.execute(
      `INSERT INTO mw_notifications (id, recipient, kind, product_id, message, details, created_at)
       VALUES (nextval('mw_notifications_seq'), $1, $2, $3, $4, $5, $6)`,
      [n.recipient, n.kind, n.productId, n.message, JSON.stringify(n.details), n.createdAt],
    );
  }

  /** Lists notifications, newest first, optionally for one principal. */
  async list(s: EngineSession, recipient?: string, limit = 100): Promise<Notification[]> {
    const n = Math.max(0, Math.trunc(limit));
    const rows =
      recipient === undefined
        ? await s.query(`SELECT * FROM mw_notifications ORDER BY id DESC LIMIT ${n}`)
        : await s.query(`SELECT * FROM mw_notifications WHERE recipient = $1 ORDER BY id DESC LIMIT ${n}`, [
            recipient,
          ]);
    return rows.map(toNotification);
  }
}
