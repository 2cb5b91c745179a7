import ipaddr from 'ipaddr.js';

export type AddressVerdict = { allowed: true } | { allowed: false; range: string };

/** Parses "10.0.0.0/8" style CIDRs once; a malformed entry is a configuration bug and throws at setup. */
export function parseCidrs(cidrs: readonly string[]): Array<[ipaddr.IPv4 | ipaddr.IPv6, number]> {
  return cidrs.map((cidr) => (cidr.includes('/') ? ipaddr.parseCIDR(cidr) : ([ipaddr.parse(cidr), ipaddr.parse(cidr).kind() === 'ipv4' ? 32 : 128] as [ipaddr.IPv4 | ipaddr.IPv6, number])));
}

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::/96) IPv6 address. */
function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  if (address.isIPv4MappedAddress()) return address.toIPv4Address();
  if (address.range() === 'rfc6052') {
    const bytes = address.toByteArray().slice(12);
    return new ipaddr.IPv4(bytes);
  }
  return undefined;
}

/**
 * Whether an outbound request may connect to an address: only globally
 * routable unicast is allowed. Refused: private (RFC 1918), loopback,
 * link-local (incl. 169.254.169.254 cloud metadata), CGNAT 100.64/10,
 * multicast, broadcast, unspecified, reserved and documentation ranges,
 * IPv6 unique-local, 6to4/Teredo tunnels, and IPv4-mapped or NAT64
 * addresses whose embedded IPv4 is any of those. `allow` lists CIDRs an
 * operator has opened on purpose (an intranet site, a test server).
 *
 * @example
 * checkAddress('10.0.0.7');           // { allowed: false, range: 'private' }
 * checkAddress('::ffff:127.0.0.1');   // { allowed: false, range: 'loopback' }
 * checkAddress('93.184.216.34');      // { allowed: true }
 */
export function checkAddress(address: string, allow: ReadonlyArray<[ipaddr.IPv4 | ipaddr.IPv6, number]> = []): AddressVerdict {
  const text = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(text)) return { allowed: false, range: 'invalid' };
  let parsed = ipaddr.parse(text);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    // A zone id (fe80::1%eth0) only exists on link-local addresses, but never trust the rest of the check to see it.
    if (v6.zoneId) return { allowed: false, range: 'linkLocal' };
    const inner = embeddedIpv4(v6);
    if (inner) parsed = inner;
  }
  if (allow.some(([net, bits]) => net.kind() === parsed.kind() && parsed.match(net, bits))) return { allowed: true };
  const range = parsed.range();
  return range === 'unicast' ? { allowed: true } : { allowed: false, range };
}
