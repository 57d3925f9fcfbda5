import ipaddr from "ipaddr.js";

/**
 * Whether an address a webhook may be sent to is on the public internet. Everything else is refused
 * (the SSRF guard): loopback, private (RFC 1918, unique local), link-local (which holds the cloud
 * metadata services, 169.254.169.254 and fd00:ec2::254 among them), carrier-grade NAT, multicast,
 * unspecified, reserved and documentation ranges. IPv4 written inside IPv6 (::ffff:10.0.0.1) is
 * judged as the IPv4 address it is.
 */
export function isPublicAddress(address: string): boolean {
  return rangeOf(address) === "unicast";
}

/** Whether an address is a loopback one, which demo mode allows (a receiver on the same machine). */
export function isLoopbackAddress(address: string): boolean {
  return rangeOf(address) === "loopback";
}

function rangeOf(address: string): string | null {
  if (!ipaddr.isValid(address)) return null;
  const parsed = ipaddr.parse(address);
  return parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress() ? (parsed as ipaddr.IPv6).toIPv4Address().range() : parsed.range();
}
