import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { MeshError } from '../../core/errors.ts';

/**
 * Where webhooks may deliver: `any` address, or only `public` ones — never loopback, private (RFC 1918, unique local),
 * link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, multicast or reserved addresses, so that a
 * webhook registered on a shared server cannot make it reach into the network it runs in.
 */
export type WebhookTargetPolicy = 'any' | 'public';

/** The webhook target policies. */
export const WEBHOOK_TARGET_POLICIES: readonly WebhookTargetPolicy[] = ['any', 'public'];

const NON_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  NON_PUBLIC.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
] as const)
  NON_PUBLIC.addSubnet(net, prefix, 'ipv6');

/** The IPv4 address an IPv6 address carries (IPv4-mapped `::ffff:a.b.c.d` or NAT64 `64:ff9b::a.b.c.d`), if any. */
function embeddedIpv4(address: string): string | undefined {
  const m = /^(?:::ffff:|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(address);
  if (!m) return undefined;
  if (m[1] !== undefined) return m[1];
  const hi = Number.parseInt(m[2] ?? '0', 16);
  const lo = Number.parseInt(m[3] ?? '0', 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** Whether an IP address (v4 or v6, as text) is not a public internet address. */
export function isNonPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 4) return NON_PUBLIC.check(bare, 'ipv4');
  if (family === 6) {
    const v4 = embeddedIpv4(bare);
    return v4 !== undefined ? NON_PUBLIC.check(v4, 'ipv4') : NON_PUBLIC.check(bare, 'ipv6');
  }
  return false;
}

const HINT =
  'webhooks to private, loopback and link-local addresses are off on this server; its operator can allow them (meshwork serve --webhook-allow-private)';

/**
 * Checks a webhook URL's host without resolving it: under the `public` policy a literal non-public address or a
 * `localhost` name is refused.
 * @throws MeshError `invalid_input` naming the host.
 */
export function assertWebhookHost(url: URL, policy: WebhookTargetPolicy): void {
  if (policy === 'any') return;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || isNonPublicAddress(host)) {
    throw new MeshError('invalid_input', `webhook url ${url.origin} points at a non-public address; ${HINT}`);
  }
}

/**
 * Resolves a webhook URL's host and, under the `public` policy, returns why it may not be delivered to (a reason
 * naming the address), or null when it may. Resolution failures are left to the delivery, which reports them.
 */
export async function webhookTargetRefusal(
  url: URL,
  policy: WebhookTargetPolicy,
  resolve: (host: string) => Promise<readonly string[]> = async (host) =>
    (await lookup(host, { all: true, verbatim: true })).map((a) => a.address),
): Promise<string | null> {
  if (policy === 'any') return null;
  try {
    assertWebhookHost(url, policy);
  } catch (error) {
    return (error as Error).message;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) return null;
  let addresses: readonly string[];
  try {
    addresses = await resolve(host);
  } catch {
    return null;
  }
  const blocked = addresses.find(isNonPublicAddress);
  return blocked === undefined
    ? null
    : `${url.hostname} resolves to the non-public address ${blocked}; ${HINT}`;
}
