import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { ServiceError } from '../errors';

/**
 * Where a webhook may point. The studio POSTs to URLs its admins type in, from inside the
 * hospital network: without a check a webhook could reach the studio's own host, the cloud
 * metadata endpoint or any private service (SSRF). Loopback, private, link-local, CGNAT,
 * multicast and reserved addresses are refused unless STUDIO_WEBHOOK_ALLOW_PRIVATE=1 (the
 * embedded demo, tests, or an on-premises receiver). Checked when a webhook is created and
 * again before every delivery, on every address the name resolves to (DNS may change), and
 * finally at connect time on the very addresses the socket uses (webhook-post.ts): a name
 * that resolves to a public address for the check and to a private one for the fetch (DNS
 * rebinding) is refused.
 */
const blocked = new BlockList();
for (const [net, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 3]] as const) blocked.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::', 127], ['64:ff9b::', 96], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) blocked.addSubnet(net, bits, 'ipv6');

/** Every address a host name resolves to (injectable: tests answer differently on each call). */
export type Resolve = (host: string) => Promise<{ address: string; family: number }[]>;
export const systemResolve: Resolve = (host) => lookup(host, { all: true, verbatim: true });

export const privateTargetsAllowed = () => process.env.STUDIO_WEBHOOK_ALLOW_PRIVATE === '1';

/** Whether `address` (an IP literal) is one a webhook must not reach. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address); // IPv4-mapped IPv6
  if (mapped) return blocked.check(mapped[1], 'ipv4');
  return blocked.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/** Throws WEBHOOK_TARGET_FORBIDDEN when `url`'s host is or resolves to a private address. */
export async function checkWebhookTarget(url: URL, allowPrivate = privateTargetsAllowed(), resolve: Resolve = systemResolve): Promise<void> {
  if (allowPrivate) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await resolve(host)).map((a) => a.address);
  } catch {
    throw new ServiceError('WEBHOOK_TARGET_FORBIDDEN', `the webhook host ${host} does not resolve`);
  }
  refusePrivate(host, addresses);
}

/** Throws WEBHOOK_TARGET_FORBIDDEN if any of `addresses` (of `host`) is private. */
export function refusePrivate(host: string, addresses: string[]): void {
  const bad = addresses.find(isPrivateAddress);
  if (bad !== undefined) {
    throw new ServiceError('WEBHOOK_TARGET_FORBIDDEN', `the webhook host ${host} is a private or loopback address (${bad}); set STUDIO_WEBHOOK_ALLOW_PRIVATE=1 to allow receivers inside your network`);
  }
}
