import { env } from '../env';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { ServiceError } from '../errors';

/**
 * Where a webhook may point. The studio POSTs to URLs its admins type in, from inside the
 * hospital network: without a check a webhook could reach the studio's own host, the cloud
 * metadata endpoint or any private service (SSRF). Loopback, private, link-local, CGNAT,
 * multicast, documentation and reserved addresses (and IPv6 forms embedding one of them:
 * mapped, compatible, NAT64, 6to4, Teredo) are refused unless STUDIO_WEBHOOK_ALLOW_PRIVATE=1 (the
 * embedded demo, tests, or an on-premises receiver). Checked when a webhook is created and
 * again before every delivery, on every address the name resolves to (DNS may change), and
 * finally at connect time on the very addresses the socket uses (webhook-post.ts): a name
 * that resolves to a public address for the check and to a private one for the fetch (DNS
 * rebinding) is refused.
 */
const v4 = new BlockList();
// "This network" (0.0.0.0 included), private, CGNAT, loopback, link-local, IETF protocol
// assignments, documentation (TEST-NET-1/2/3), the 6to4 relay anycast, benchmarking,
// multicast, reserved 240/4 and the broadcast address (the last three: 224/3).
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.0.2.0', 24],
  ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 3],
] as const) v4.addSubnet(net, bits, 'ipv4');
// IPv6 outside the forms that embed an IPv4 address (judged by that address, below): only
// global unicast 2000::/3 may be reached, minus Teredo (2001::/32, judged below), benchmarking,
// ORCHID, documentation (2001:db8::/32, 3fff::/20). Loopback, ::, unique local, link-local,
// site-local, multicast, discard-only and local-use NAT64 all lie outside 2000::/3.
const v6Public = new BlockList();
v6Public.addSubnet('2000::', 3, 'ipv6');
const v6 = new BlockList();
for (const [net, bits] of [['2001:2::', 48], ['2001:10::', 28], ['2001:20::', 28], ['2001:db8::', 32], ['3fff::', 20]] as const) v6.addSubnet(net, bits, 'ipv6');
/** Every address a host name resolves to (injectable: tests answer differently on each call). */
export type Resolve = (host: string) => Promise<{ address: string; family: number }[]>;
export const systemResolve: Resolve = (host) => lookup(host, { all: true, verbatim: true });

export const privateTargetsAllowed = (): boolean => env.STUDIO_WEBHOOK_ALLOW_PRIVATE;

/** The eight 16-bit words of a valid IPv6 literal (zone dropped; a dotted IPv4 tail allowed). */
function words(address: string): number[] {
  let s = address.replace(/%.*$/, '').toLowerCase();
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number);
    s = `${s.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = rest ? rest.split(':') : [];
  const all = rest === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return all.map((w) => parseInt(w, 16));
}

const dotted = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
const zero = (w: number[], from: number, to: number) => w.slice(from, to).every((x) => x === 0);

/**
 * The IPv4 addresses an IPv6 address carries, by form: IPv4-mapped ::ffff:0:0/96, IPv4-compatible
 * ::/96 (`::` and `::1` become 0.0.0.0 and 0.0.0.1: refused), IPv4-translated ::ffff:0:0:0/96,
 * NAT64 64:ff9b::/96, 6to4 2002::/16, Teredo 2001::/32 (server, and client stored inverted).
 * Undefined for an address that embeds none.
 */
function embeddedV4(w: number[]): string[] | undefined {
  if (zero(w, 0, 5) && w[5] === 0xffff) return [dotted(w[6], w[7])];
  if (zero(w, 0, 6)) return [dotted(w[6], w[7])];
  if (zero(w, 0, 4) && w[4] === 0xffff && w[5] === 0) return [dotted(w[6], w[7])];
  if (w[0] === 0x64 && w[1] === 0xff9b && zero(w, 2, 6)) return [dotted(w[6], w[7])];
  if (w[0] === 0x2002) return [dotted(w[1], w[2])];
  if (w[0] === 0x2001 && w[1] === 0) return [dotted(w[2], w[3]), dotted(~w[6] & 0xffff, ~w[7] & 0xffff)];
  return undefined;
}

/** Whether `address` (an IP literal) is one a webhook must not reach. */
export function isPrivateAddress(address: string): boolean {
  if (isIP(address) !== 6) return v4.check(address, 'ipv4');
  const w = words(address);
  const inner = embeddedV4(w);
  if (inner) return inner.some((a) => v4.check(a, 'ipv4'));
  const canonical = w.map((x) => x.toString(16)).join(':');
  return !v6Public.check(canonical, 'ipv6') || v6.check(canonical, 'ipv6');
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
