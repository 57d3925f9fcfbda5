import { describe, expect, it } from "vitest";
import { displayUrl } from "./display-url";

describe("a webhook URL as people see it", () => {
  it("drops credentials, masks the path and removes query values", () => {
    const mask = (text: string) => text.replace(/T0[A-Z0-9]+/g, "[token]");
    expect(displayUrl(new URL("https://user:pw@hooks.example.com:8443/services/T0ABC123/x?token=s3cret&v=2"), mask)).toBe("https://hooks.example.com:8443/services/[token]/x?token=…&v=…");
    expect(displayUrl(new URL("http://127.0.0.1:9000/hook"), mask)).toBe("http://127.0.0.1:9000/hook");
  });
});
