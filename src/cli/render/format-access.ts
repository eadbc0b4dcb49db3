import type { AccessRequest, Grant } from '../../governance/access-store.ts';
import type { AuditEntry, AuditVerification } from '../../governance/audit-log.ts';
import type { MigrationReport } from '../../governance/migration-report.ts';
import type { Notification } from '../../governance/notification-store.ts';
import { formatRole } from '../../governance/principal.ts';
import type { StoredPrincipal } from '../../governance/principal-store.ts';
import type { TokenInfo } from '../../governance/token-store.ts';
import { renderTable } from './table.ts';

const time = (iso: string | null): string =>
  iso === null ? '' : iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');

/** Renders principals as a table. */
export function formatPrincipals(principals: readonly StoredPrincipal[]): string {
  return renderTable(
    principals.map((p) => ({
      id: p.id,
      kind: p.kind,
      roles: p.roles.map(formatRole).join(', '),
      name: p.displayName ?? '',
      created: time(p.createdAt),
    })),
    ['id', 'kind', 'roles', 'name', 'created'],
  );
}

/** Renders tokens (never their secrets) as a table. */
export function formatTokens(tokens: readonly TokenInfo[], now: string): string {
  return renderTable(
    tokens.map((t) => ({
      id: t.id,
      principal: t.principalId,
      name: t.name ?? '',
      state: t.revokedAt !== null ? 'revoked' : t.expiresAt <= now ? 'expired' : 'active',
      expires: time(t.expiresAt),
      'last used': time(t.lastUsedAt),
    })),
    ['id', 'principal', 'name', 'state', 'expires', 'last used'],
  );
}

/** Renders access requests as a table. */
export function formatRequests(requests: readonly AccessRequest[]): string {
  return renderTable(
    requests.map((r) => ({
      request: r.id,
      product: r.productId,
      port: r.port,
      principal: r.principalId,
      purpose: r.purpose,
      pii: r.pii ? 'yes' : 'no',
      status: r.status,
      decided: r.decidedBy === null ? '' : `${r.decidedBy} ${time(r.decidedAt)}`,
      comment: r.comment ?? '',
    })),
    ['request', 'product', 'port', 'principal', 'purpose', 'pii', 'status', 'decided', 'comment'],
  );
}

/** Renders grants as a table. */
export function formatGrants(grants: readonly Grant[], now: string): string {
  return renderTable(
    grants.map((g) => ({
      grant: g.id,
      product: g.productId,
      principal: g.principalId,
      purpose: g.purpose,
      pii: g.pii ? 'yes' : 'no',
      major: g.majorVersion,
      state:
        g.revokedAt !== null ? 'revoked' : g.expiresAt !== null && g.expiresAt <= now ? 'expired' : 'active',
      expires: time(g.expiresAt),
      'granted by': g.grantedBy,
    })),
    ['grant', 'product', 'principal', 'purpose', 'pii', 'major', 'state', 'expires', 'granted by'],
  );
}

/** Renders notifications, newest first. */
export function formatNotifications(list: readonly Notification[]): string {
  if (list.length === 0) return '(no notifications)\n';
  return `${list.map((n) => `${time(n.createdAt)}  ${n.recipient}  [${n.kind}] ${n.message}`).join('\n')}\n`;
}

/** Renders audit entries as a table. */
export function formatAuditLog(entries: readonly AuditEntry[]): string {
  return renderTable(
    entries.map((e) => ({
      seq: e.seq,
      time: time(e.at),
      principal: e.principal,
      actor: e.actor,
      action: e.action,
      target: e.target,
      outcome: e.outcome,
      hash: e.hash.slice(0, 12),
    })),
    ['seq', 'time', 'principal', 'actor', 'action', 'target', 'outcome', 'hash'],
  );
}

/** Renders the outcome of `audit verify`. */
export function formatVerification(v: AuditVerification): string {
  const notes = v.notes.map((n) => `note: ${n}\n`).join('');
  const how =
    v.protection === 'keyed'
      ? `keyed with key ${v.keyId}${v.keyedFrom !== null && v.keyedFrom > 1 ? ` from entry ${v.keyedFrom}` : ''}`
      : 'UNKEYED: plain hashes';
  const anchor = v.anchor ? `, anchor ${v.anchor.seq}:${v.anchor.hash.slice(0, 16)}…` : '';
  if (v.ok) {
    return `audit chain intact: ${v.entries} entries, head ${v.headSeq}:${v.headHash} (${how}${anchor})\n${notes}`;
  }
  return `audit chain BROKEN at entry ${v.seq} (${v.problem}): ${v.message}\n(${v.entries} entries verified before it; ${how}${anchor})\n${notes}`;
}

/** Renders a migration report. */
export function formatMigration(r: MigrationReport): string {
  const rows = [...r.onCurrent, ...r.onOlder].map((c) => ({
    grant: c.grantId,
    principal: c.principalId,
    'pinned major': c.pinnedMajor,
    purpose: c.purpose,
    state: c.pinnedMajor < r.currentMajor ? 'must migrate' : 'current',
  }));
  return `${r.productId} ${r.version}: major ${r.currentMajor} since ${time(r.majorSince)}; migration window ${r.windowOpen ? 'open until' : 'closed at'} ${time(r.windowEndsAt)}\n${renderTable(rows, ['grant', 'principal', 'pinned major', 'purpose', 'state'])}${r.onOlder.length} consumer grant(s) still on an older major\n`;
}
