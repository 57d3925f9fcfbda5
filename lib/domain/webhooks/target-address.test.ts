import { describe, expect, it } from "vitest";
import { isLoopbackAddress, isPublicAddress } from "./target-address";

describe("webhook target addresses (SSRF guard)", () => {
  it.each(["127.0.0.1", "::1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "fd00:ec2::254", "fe80::1", "100.100.100.200", "0.0.0.0", "::", "::ffff:10.0.0.1", "::ffff:127.0.0.1", "224.0.0.1", "not an address"])(
    "refuses %s",
    (address) => expect(isPublicAddress(address)).toBe(false),
  );

  it.each(["93.184.215.14", "2606:4700::6810:84e5", "::ffff:93.184.215.14"])("allows %s", (address) => expect(isPublicAddress(address)).toBe(true));

  it("knows loopback, which demo mode allows", () => {
    expect(isLoopbackAddress("127.0.0.1")).toBe(true);
    expect(isLoopbackAddress("::ffff:127.0.0.1")).toBe(true);
    expect(isLoopbackAddress("10.0.0.1")).toBe(false);
  });
});
