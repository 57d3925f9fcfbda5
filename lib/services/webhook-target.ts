import "server-only";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { getConfig } from "@/lib/config";
import { isLoopbackAddress, isPublicAddress } from "@/lib/domain/webhooks/target-address";

/** A webhook target the SSRF guard refused; its message names the address class, never the URL. */
export class RefusedTargetError extends Error {
  readonly code = "REFUSED_TARGET";
}

/** Whether the guard lets a resolved address through: public, loopback in demo mode, or in WEBHOOK_ALLOWED_NETWORKS. */
export function isAllowedTarget(address: string): boolean {
  const { demoMode, webhooks } = getConfig();
  if (isPublicAddress(address)) return true;
  if (demoMode && isLoopbackAddress(address)) return true;
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  return webhooks.allowedNetworks.some((cidr) => {
    const [network, bits] = ipaddr.parseCIDR(cidr);
    return network.kind() === parsed.kind() && parsed.match(network, bits);
  });
}

/**
 * The SSRF guard, as the socket's own DNS lookup: the address checked is the one connected to, so a
 * name that resolves to a public address when checked and a private one when used (DNS rebinding)
 * gains nothing. Every address a name resolves to must pass.
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, "", 0);
    const refused = addresses.find(({ address }) => !isAllowedTarget(address));
    if (refused || addresses.length === 0) return callback(new RefusedTargetError("the webhook's host resolves to an address that is not public"), "", 0);
    if (options.all) return (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, addresses);
    const [first] = addresses as [LookupAddress];
    callback(null, first.address, first.family);
  });
};
